/** Sanitisers safe for every kind (a number, a boolean, a hash, an existence test): rows.ts says how a row is read. */
import type { SanitizerRow } from './rows.js';

// ---- Python -------------------------------------------------------------------------------------------------

const python: SanitizerRow[] = [];

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
