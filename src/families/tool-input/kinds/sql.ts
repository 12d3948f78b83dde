/** The sql kind's sinks and sanitisers (rows.ts says how a row is read). */
import type { KindRows, SanitizerRow, SinkRow } from './rows.js';

// ---- Python -------------------------------------------------------------------------------------------------

const pythonSinks: SinkRow[] = [
  {
    lang: 'python',
    form: 'method',
    names: ['execute', 'executemany', 'executescript', 'exec_driver_sql', 'mogrify', 'fetchrow', 'fetchval', 'raw'],
    args: [0],
    keywords: ['query', 'sql', 'statement', 'operation'],
    receiver: 'any object (a cursor, a connection, a session, a model manager)',
    when: 'the query is text built from input (an f-string, `%`, `+`, `.format()`, a join)',
  },
  // a name other APIs use too (IMAP's `imap.fetch(ids, "(BODY[])")`): asyncpg's only on a database handle
  {
    lang: 'python',
    form: 'shape',
    shape: 'database-method',
    names: ['fetch'],
    args: [0],
    keywords: ['query', 'sql', 'statement', 'operation'],
    receiver:
      'a database handle: a name like `conn`, `connection`, `pool`, `db`, `cursor`, `session`, `tx` (also `self._pool`, `db_conn`), or any local name the function binds from `….acquire()`, `….connect()`, `….create_pool()` or `….begin()`',
    when: 'on a receiver named like a database handle or bound from one (`async with pool.acquire() as c`, `c = await asyncpg.connect(…)`), and the query is text built from input',
  },
  {
    lang: 'python',
    form: 'call',
    names: ['sqlalchemy.text', 'sqlalchemy.sql.text', 'sqlalchemy.sql.expression.text', 'pandas.read_sql', 'pandas.read_sql_query', 'sqlmodel.text'],
    args: [0],
    keywords: ['sql', 'text'],
    when: 'the query is text built from input (an f-string, `%`, `+`, `.format()`, a join)',
  },
];

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
