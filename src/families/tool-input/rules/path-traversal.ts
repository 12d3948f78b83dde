import type { Rule, RuleMeta } from '../../../core/types.js';
import { mayRegisterTools } from '../discovery/discover.js';
import { reportFlows } from '../taint/index.js';

export const meta: RuleMeta = {
  id: 'tool-input/path-traversal',
  family: 'tool-input',
  severity: 'error',
  description: 'A model-controlled tool argument reaches a file-system call (open, pathlib, os/shutil, fs.*, git.Repo) without a realpath/resolve + containment check.',
  fix: 'Resolve the path (os.path.realpath / Path.resolve / path.resolve) and check it stays under the allowed root with a separator-aware test (os.path.commonpath, Path.is_relative_to, startsWith(root + path.sep)) before using it.',
  messages: {
    flow:
      'Tool "{{tool}}" passes its model-controlled parameter "{{param}}" to {{sink}}: a hostile argument such as "../../.ssh/id_rsa" or an absolute path can read, overwrite or delete any file the agent process can reach. Resolve the path (os.path.realpath / Path.resolve / path.resolve) and check it stays under the allowed root with a separator-aware test (os.path.commonpath, Path.is_relative_to, startsWith(root + path.sep)) before using it.',
  },
};

export const pathTraversal: Rule = {
  meta,
  appliesTo: mayRegisterTools,
  check: (ctx) => reportFlows(ctx, 'path', meta),
};

export const rule = pathTraversal;
