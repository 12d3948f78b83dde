/** Sanitisers safe for every kind (a number, a boolean, a hash, an existence test): rows.ts says how a row is read. */
import type { SanitizerRow } from './rows.js';

// ---- Python -------------------------------------------------------------------------------------------------

const python: SanitizerRow[] = [];

// ---- JavaScript / TypeScript --------------------------------------------------------------------------------

const javascript: SanitizerRow[] = [];

// -------------------------------------------------------------------------------------------------------------

export const COMMON_SANITIZERS: readonly SanitizerRow[] = [...python, ...javascript];
