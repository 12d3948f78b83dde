import type { Rule, RuleMeta } from '../../../core/types.js';
import { mayRegisterTools } from '../discovery/discover.js';
import { reportFlows } from '../taint/index.js';

export const meta: RuleMeta = {
  id: 'tool-input/unsafe-deserialization',
  family: 'tool-input',
  severity: 'error',
  description: 'Model-controlled data reaches an unsafe deserializer (pickle/cPickle/marshal/dill/joblib, yaml.load without SafeLoader, yaml.unsafe_load/full_load, jsonpickle.decode, shelve.open, node-serialize unserialize).',
  fix: 'Use a data-only format: json.loads, yaml.safe_load, or a schema-validated parser; never unpickle data a model can supply.',
  messages: {
    flow:
      'Tool "{{tool}}" passes its model-controlled parameter "{{param}}" to {{sink}}: a hostile payload runs arbitrary code while it is being deserialized. Use a data-only format: json.loads, yaml.safe_load, or a schema-validated parser; never unpickle data a model can supply.',
  },
};

export const unsafeDeserialization: Rule = {
  meta,
  appliesTo: mayRegisterTools,
  check: (ctx) => reportFlows(ctx, 'deserialization', meta),
};

export const rule = unsafeDeserialization;
