import { defineSinkRule } from './sink-rule.js';

export default defineSinkRule({
  id: 'tool-input/sql-injection',
  sinkKind: 'sql',
  severity: 'error',
  description: 'SQL text is built from a model-controlled tool argument (f-string, concatenation, %/format, template literal) and executed (cursor.execute, SQLAlchemy text, db.query/run/all, knex.raw, sequelize.query, prisma.$queryRawUnsafe).',
  fix: 'Pass the value as a bound parameter (execute("... WHERE id = ?", (x,)), query("... $1", [x]), sql`...` tagged templates) instead of building the SQL string.',
  messages: {
    flow:
      'Tool "{{tool}}" passes its model-controlled parameter "{{param}}" to {{sink}}: a hostile argument such as "x\' OR 1=1; DROP TABLE users; --" reads or destroys any data the connection can reach. Pass the value as a bound parameter (execute("... WHERE id = ?", (x,)), query("... $1", [x]), sql`...` tagged templates) instead of building the SQL string.',
  },
  cwe: [89],
  securitySeverity: 8.8,
  precision: 'high',
});
