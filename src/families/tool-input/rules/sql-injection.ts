import { defineSinkRule } from './sink-rule.js';

export default defineSinkRule({
  id: 'tool-input/sql-injection',
  sinkKind: 'sql',
  severity: 'error',
  description:
    'SQL text is built from a model-controlled tool argument (f-string, concatenation, %/format, template literal) and executed (cursor.execute, SQLAlchemy text, db.query/run/all, knex.raw, sequelize.query, prisma.$queryRawUnsafe).',
  fix: 'Pass the value as a bound parameter (execute("... WHERE id = ?", (x,)), query("... $1", [x]), sql`...` tagged templates) instead of building the SQL string.',
  languageFixes: {
    python:
      'Pass the value as a bound parameter (cursor.execute("... WHERE id = ?", (x,)), %s with psycopg, text("... :id") with parameters in SQLAlchemy) instead of building the SQL string.',
    javascript:
      'Pass the value as a bound parameter (db.query("... WHERE id = $1", [x]), knex bindings, sql`...` tagged templates, prisma.$queryRaw) instead of building the SQL string.',
  },
  messages: {
    flow: 'Tool "{{tool}}" passes model-controlled parameter "{{param}}" into the SQL text of {{sink}}: a value such as "x\' OR 1=1; --" reads or destroys any data the connection can reach.',
  },
  cwe: [89],
  securitySeverity: 8.8,
  precision: 'high',
});
