import type { Rule, RuleMeta } from '../../../core/types.js';
import { mayRegisterTools } from '../discovery/discover.js';
import { reportFlows } from '../taint/index.js';

export const meta: RuleMeta = {
  id: 'tool-input/code-injection',
  family: 'tool-input',
  severity: 'error',
  description: 'A model-controlled tool argument is evaluated as code or chooses the code to load (eval, exec, compile, __import__/importlib, new Function, vm.run*, dynamic import()/require()).',
  fix: 'Never evaluate tool input: parse data with json / ast.literal_eval, and map names to a fixed table of functions or modules.',
  messages: {
    flow:
      'Tool "{{tool}}" passes its model-controlled parameter "{{param}}" to {{sink}}: a hostile argument runs arbitrary Python/JavaScript in the agent process (restricted builtins do not prevent escapes). Never evaluate tool input: parse data with json / ast.literal_eval, and map names to a fixed table of functions or modules.',
  },
};

export const codeInjection: Rule = {
  meta,
  appliesTo: mayRegisterTools,
  check: (ctx) => reportFlows(ctx, 'code', meta),
};

export const rule = codeInjection;
