/** Every kind's rows, in the order the rules are documented. */
import argument from './argument.js';
import code from './code.js';
import command from './command.js';
import { COMMON_SANITIZERS } from './common.js';
import deserialization from './deserialization.js';
import path from './path.js';
import type { KindRows, SanitizerRow, SinkRow } from './rows.js';
import sql from './sql.js';
import ssrf from './ssrf.js';

export { COMMON_SANITIZERS };
export type { KindRows, SanitizerRow, SinkRow };
export { rowsOf, type RowLanguage, type SinkForm } from './rows.js';

export const KIND_ROWS: readonly KindRows[] = [path, command, argument, code, sql, ssrf, deserialization];

/** Every sink row, each with its kind. */
export const ALL_SINK_ROWS: readonly (SinkRow & { kind: KindRows['kind'] })[] = KIND_ROWS.flatMap((k) => k.sinks.map((r) => ({ ...r, kind: k.kind })));

/** Every sanitiser row: the common ones first, then each kind's. */
export const ALL_SANITIZER_ROWS: readonly SanitizerRow[] = [...COMMON_SANITIZERS, ...KIND_ROWS.flatMap((k) => k.sanitizers)];
