import { defineSinkRule } from './sink-rule.js';

export default defineSinkRule({
  id: 'tool-input/unsafe-deserialization',
  sinkKind: 'deserialization',
  severity: 'error',
  description:
    'Model-controlled data reaches an unsafe deserializer (pickle/cPickle/marshal/dill/joblib, yaml.load without SafeLoader, yaml.unsafe_load/full_load, jsonpickle.decode, shelve.open, node-serialize unserialize).',
  fix: 'Use a data-only format: json.loads, yaml.safe_load, or a schema-validated parser; never unpickle data a model can supply.',
  languageFixes: {
    python: 'Use a data-only format (json.loads, yaml.safe_load, or a schema-validated parser); never unpickle data a model can supply.',
    javascript: 'Use a data-only format (JSON.parse, or a schema-validated parser) instead of a deserializer that revives functions (node-serialize).',
  },
  messages: {
    flow: 'Tool "{{tool}}" passes model-controlled parameter "{{param}}" to {{sink}}: a hostile payload runs arbitrary code while it is deserialized.',
  },
  cwe: [502],
  securitySeverity: 9.8,
  precision: 'high',
});
