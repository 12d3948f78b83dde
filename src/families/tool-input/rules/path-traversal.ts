import { defineSinkRule } from './sink-rule.js';

export default defineSinkRule({
  id: 'tool-input/path-traversal',
  sinkKind: 'path',
  severity: 'error',
  description: 'A model-controlled tool argument reaches a file-system call (open, pathlib, os/shutil, fs.*, git.Repo) without a realpath/resolve + containment check.',
  fix: 'Resolve the path (os.path.realpath / Path.resolve / path.resolve) and check it stays under the allowed root with a separator-aware test (os.path.commonpath, Path.is_relative_to, startsWith(root + path.sep)) before using it.',
  messages: {
    flow:
      'Tool "{{tool}}" passes its model-controlled parameter "{{param}}" to {{sink}}: a hostile argument such as "../../.ssh/id_rsa" or an absolute path can read, overwrite or delete any file the agent process can reach. Resolve the path (os.path.realpath / Path.resolve / path.resolve) and check it stays under the allowed root with a separator-aware test (os.path.commonpath, Path.is_relative_to, startsWith(root + path.sep)) before using it.',
  },
  cwe: [22],
  securitySeverity: 7.5,
  precision: 'high',
});
