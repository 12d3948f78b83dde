import { defineSinkRule } from './sink-rule.js';

export default defineSinkRule({
  id: 'tool-input/code-injection',
  sinkKind: 'code',
  severity: 'error',
  description:
    'A model-controlled tool argument is evaluated as code or chooses the code to load (eval, exec, compile, __import__/importlib, new Function, vm.run*, dynamic import()/require()).',
  fix: 'Never evaluate tool input: parse data with json / ast.literal_eval, and map names to a fixed table of functions or modules.',
  languageFixes: {
    python:
      'Never evaluate tool input (restricted builtins do not prevent escapes): parse data with json.loads or ast.literal_eval, and map names to a fixed table of functions or modules.',
    javascript: 'Never evaluate tool input (vm is not a sandbox): parse data with JSON.parse, and map names to a fixed table of functions or modules.',
  },
  messages: {
    flow: 'Tool "{{tool}}" passes model-controlled parameter "{{param}}" to {{sink}}: a hostile value runs arbitrary code in the agent process.',
  },
  cwe: [94],
  securitySeverity: 9.3,
  precision: 'high',
});
