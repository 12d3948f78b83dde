/** The code kind's sinks and sanitisers (rows.ts says how a row is read). */
import type { KindRows, SanitizerRow, SinkRow } from './rows.js';

// ---- Python -------------------------------------------------------------------------------------------------

const pythonSinks: SinkRow[] = [];

const pythonSanitizers: SanitizerRow[] = [];

// ---- JavaScript / TypeScript --------------------------------------------------------------------------------

const javascriptSinks: SinkRow[] = [];

const javascriptSanitizers: SanitizerRow[] = [];

// -------------------------------------------------------------------------------------------------------------

const rows: KindRows = {
  kind: 'code',
  sinks: [...pythonSinks, ...javascriptSinks],
  sanitizers: [...pythonSanitizers, ...javascriptSanitizers],
};
export default rows;
