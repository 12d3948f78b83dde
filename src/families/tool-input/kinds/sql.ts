/** The sql kind's sinks and sanitisers (rows.ts says how a row is read). */
import type { KindRows, SanitizerRow, SinkRow } from './rows.js';

// ---- Python -------------------------------------------------------------------------------------------------

const pythonSinks: SinkRow[] = [];

const pythonSanitizers: SanitizerRow[] = [];

// ---- JavaScript / TypeScript --------------------------------------------------------------------------------

const javascriptSinks: SinkRow[] = [
  {
    lang: 'javascript',
    form: 'method',
    names: ['query', 'execute', 'raw', '$queryRawUnsafe', '$executeRawUnsafe', 'unsafe', 'queryRaw', 'executeRaw'],
    args: [0],
    receiver: 'any receiver',
    when: 'the SQL text is built from input (a tagged template passes values as parameters)',
  },
  {
    lang: 'javascript',
    form: 'method',
    names: ['run', 'all', 'get', 'exec', 'prepare', 'each', 'many', 'one', 'none', 'any', 'oneOrNone', 'manyOrNone'],
    args: [0],
    receiver: 'database handle',
    when: 'the receiver is named like a database handle (db, conn, pool, knex, prisma, …) or holds a connection, and the SQL text is built from input',
  },
  {
    lang: 'javascript',
    form: 'method',
    names: ['executeSql', 'executeSQL', 'execSql', 'execSQL', 'runSql', 'runSQL', 'executeQuery', 'runQuery'],
    keywords: ['query', 'sql', 'text'],
    receiver: 'any receiver (the name says it runs SQL, often through an interface)',
    when: 'any argument built as SQL text, or the SQL option of an options object',
  },
];

const javascriptSanitizers: SanitizerRow[] = [];

// -------------------------------------------------------------------------------------------------------------

const rows: KindRows = {
  kind: 'sql',
  sinks: [...pythonSinks, ...javascriptSinks],
  sanitizers: [...pythonSanitizers, ...javascriptSanitizers],
};
export default rows;
