import { defineSinkRule } from './sink-rule.js';

export default defineSinkRule({
  id: 'tool-input/argument-injection',
  sinkKind: 'argument',
  severity: 'error',
  description:
    'A model-controlled tool argument is placed in an argv array (subprocess, spawn/execFile, execa, GitPython repo.git.*) where a leading "-" turns it into an option, with no "--" before it and no check rejecting a leading "-".',
  fix: 'Put "--" before model-supplied arguments, or reject values starting with "-" (or validate them against an allowlist or a strict pattern).',
  messages: {
    flow: 'Tool "{{tool}}" passes model-controlled parameter "{{param}}" to {{sink}}: a value such as "--upload-pack=sh -c ..." becomes an option of the program and can write files or run commands.',
  },
  cwe: [88],
  securitySeverity: 8.1,
  precision: 'high',
});
