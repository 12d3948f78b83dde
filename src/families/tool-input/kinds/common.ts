/** Sanitisers safe for every kind (a number, a boolean, a hash, an existence test): rows.ts says how a row is read. */
import type { SanitizerRow } from './rows.js';

// ---- Python -------------------------------------------------------------------------------------------------

const python: SanitizerRow[] = [
  {
    lang: 'python',
    form: 'call',
    names: ['int', 'float', 'bool', 'len', 'hash', 'isinstance', 'id', 'abs', 'round'],
    safeFor: 'all',
    why: 'a number or a boolean',
  },
  { lang: 'python', form: 'call', names: ['uuid.UUID', 'datetime.datetime.fromisoformat'], safeFor: 'all', why: 'a parsed value of a fixed shape' },
  { lang: 'python', form: 'call', names: ['ast.literal_eval'], safeFor: 'all', why: 'a Python literal, never code' },
  { lang: 'python', form: 'call', names: ['hashlib.sha256', 'hashlib.md5', 'hashlib.sha1'], safeFor: 'all', why: 'a digest' },
  { lang: 'python', form: 'call', names: ['os.path.exists', 'os.path.isfile', 'os.path.isdir', 'os.path.getsize'], safeFor: 'all', why: 'a boolean or a size' },
  // a value of the module's fixed table (or None): `mimetypes.guess_extension(model_mime)` is ".pdf", never a path
  {
    lang: 'python',
    form: 'call',
    names: ['mimetypes.guess_extension', 'mimetypes.guess_type'],
    safeFor: 'all',
    why: 'a value of the fixed table of the module',
  },
  {
    lang: 'python',
    form: 'method',
    names: ['isdigit', 'isalnum', 'exists', 'is_file', 'is_dir', 'hexdigest', 'count', 'find', 'index'],
    safeFor: 'all',
    why: 'a boolean, a number or a digest',
  },
];

// ---- JavaScript / TypeScript --------------------------------------------------------------------------------

const javascript: SanitizerRow[] = [
  {
    lang: 'javascript',
    form: 'call',
    names: ['Number', 'parseInt', 'parseFloat', 'Number.parseInt', 'Number.parseFloat', 'Boolean', 'Math.floor', 'isNaN'],
    safeFor: 'all',
    why: 'a number or a boolean',
  },
  { lang: 'javascript', form: 'call', names: ['fs.existsSync'], safeFor: 'all', why: 'a boolean' },
  { lang: 'javascript', form: 'call', names: ['crypto.createHash'], safeFor: 'all', why: 'a hash' },
  { lang: 'javascript', form: 'method', names: ['length'], safeFor: 'all', why: 'a number' },
  { lang: 'javascript', form: 'method', names: ['digest'], safeFor: 'all', why: 'a hash digest' },
];

// -------------------------------------------------------------------------------------------------------------

export const COMMON_SANITIZERS: readonly SanitizerRow[] = [...python, ...javascript];
