import { defineSinkRule } from './sink-rule.js';

export default defineSinkRule({
  id: 'tool-input/path-traversal',
  sinkKind: 'path',
  severity: 'error',
  description:
    'A model-controlled tool argument reaches a file-system call (open, pathlib, os/shutil, fs.*, git.Repo) without a realpath/resolve + containment check.',
  fix: 'Resolve the path (os.path.realpath / Path.resolve / path.resolve) and check it stays under the allowed root with a separator-aware test (os.path.commonpath, Path.is_relative_to, startsWith(root + path.sep)) before using it.',
  languageFixes: {
    python:
      'Resolve the path (os.path.realpath or Path.resolve) and check it stays under the allowed root (os.path.commonpath([root, p]) == root, or Path.is_relative_to) before using it.',
    javascript: 'Resolve the path (path.resolve, fs.realpathSync) and check it stays under the allowed root (p.startsWith(root + path.sep)) before using it.',
  },
  messages: {
    flow: 'Tool "{{tool}}" passes model-controlled parameter "{{param}}" to {{sink}}: a value such as "../../.ssh/id_rsa" reads, overwrites or deletes any file the agent can reach.',
  },
  cwe: [22],
  securitySeverity: 7.5,
  precision: 'high',
});
