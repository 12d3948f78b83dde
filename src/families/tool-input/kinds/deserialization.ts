/** The deserialization kind's sinks and sanitisers (rows.ts says how a row is read). */
import type { KindRows, SanitizerRow, SinkRow } from './rows.js';

// ---- Python -------------------------------------------------------------------------------------------------

const pythonSinks: SinkRow[] = [
  {
    lang: 'python',
    form: 'call',
    names: [
      'pickle.loads',
      'pickle.load',
      'pickle.Unpickler',
      'cPickle.loads',
      'cPickle.load',
      '_pickle.loads',
      '_pickle.load',
      'marshal.loads',
      'marshal.load',
      'dill.loads',
      'dill.load',
      'cloudpickle.loads',
      'cloudpickle.load',
      'joblib.load',
      'jsonpickle.decode',
      'jsonpickle.loads',
      'yaml.unsafe_load',
      'yaml.unsafe_load_all',
      'yaml.full_load',
      'yaml.full_load_all',
      'shelve.open',
      'pandas.read_pickle',
    ],
    args: [0],
    keywords: ['data', 'stream', 'file', 's', 'filename', 'value', 'string'],
  },
  {
    lang: 'python',
    form: 'shape',
    shape: 'yaml-load',
    names: ['yaml.load', 'yaml.load_all'],
    args: [0],
    keywords: ['stream'],
    when: 'without a Loader (position 1 or `Loader=`), or with one that is not SafeLoader, CSafeLoader, BaseLoader or CBaseLoader',
  },
  // pickle inside the checkpoint
  { lang: 'python', form: 'shape', shape: 'torch-load', names: ['torch.load'], args: [0], keywords: ['f'], when: 'without `weights_only=True`' },
  // object arrays in .npy/.npz are pickled
  {
    lang: 'python',
    form: 'shape',
    shape: 'numpy-load',
    names: ['numpy.load'],
    args: [0],
    keywords: ['file'],
    when: 'with `allow_pickle` set (not False, None or 0)',
  },
  // Lambda layers carry marshalled Python bytecode, refused only in safe mode (the default)
  {
    lang: 'python',
    form: 'shape',
    shape: 'keras-load-model',
    names: [
      'keras.models.load_model',
      'keras.saving.load_model',
      'tensorflow.keras.models.load_model',
      'tensorflow.keras.saving.load_model',
      'tf_keras.models.load_model',
    ],
    args: [0],
    keywords: ['filepath'],
    when: 'with `safe_mode=False` (or None, 0)',
  },
];

const pythonSanitizers: SanitizerRow[] = [];

// ---- JavaScript / TypeScript --------------------------------------------------------------------------------

const javascriptSinks: SinkRow[] = [
  {
    lang: 'javascript',
    form: 'call',
    names: ['node-serialize.unserialize', 'serialize.unserialize', 'v8.deserialize', 'funcster.deepDeserialize', 'cryo.parse'],
    args: [0],
    when: 'the serialized text can carry functions or objects that run code',
  },
];

const javascriptSanitizers: SanitizerRow[] = [];

// -------------------------------------------------------------------------------------------------------------

const rows: KindRows = {
  kind: 'deserialization',
  sinks: [...pythonSinks, ...javascriptSinks],
  sanitizers: [...pythonSanitizers, ...javascriptSanitizers],
};
export default rows;
