import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fakeKey, seededRng } from '../../src/families/secret/fake-keys.js';
import { runCli } from '../helpers/cli.js';
import { makeRepo } from '../helpers/repo.js';

/**
 * Masking must never change the structure of a document. A repository full of names that look like
 * secrets (parameters called `account_id` beside AWS account ids, 12-digit numbers in names and
 * docstrings, parameters named like an AWS access key id) once made `tools --format json` print
 * `"acco…,` — a mask that ate the closing quote. Every id is generated at run time.
 */
const rng = seededRng(20260514);
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rng() * 10)).join('');
const accountIds = Array.from({ length: 6 }, () => `${1 + Math.floor(rng() * 9)}${digits(11)}`);
const keyNamedParam = fakeKey('aws-access-key-id', rng).key; // AKIA… as a parameter name
const docKey = fakeKey('anthropic', rng).key;

const PY_TOOLS = [
  'from mcp.server.fastmcp import FastMCP',
  '',
  'mcp = FastMCP("aws")',
  '',
  ...accountIds.flatMap((id, i) => [
    '@mcp.tool()',
    `def describe_account_${i}(account_id: str, aws_account_id: str, acct_${id}: str, ${keyNamedParam}: str = "") -> str:`,
    `    """Describe an account, e.g. account_id = "${id}" or "aws_account_id": "${id}". Key ${docKey}."""`,
    '    return account_id',
    '',
  ]),
  `ACCOUNTS = {${accountIds.map((id) => `"account_id": "${id}"`).join(', ')}}`,
  `account_id = "${accountIds[0]}"`,
  '',
].join('\n');

const TS_TOOLS = [
  "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';",
  "import { z } from 'zod';",
  '',
  "const server = new McpServer({ name: 'aws', version: '1.0.0' });",
  `// account_id: "${accountIds[1]}"`,
  `server.tool('lookup', 'Find account_id ${accountIds[2]}', { account_id: z.string(), ${keyNamedParam}: z.string() }, async ({ account_id }) => ({ content: [{ type: 'text', text: account_id }] }));`,
  '',
].join('\n');

let repo: { dir: string; cleanup: () => void };

beforeAll(() => {
  repo = makeRepo({
    'agent/aws_tools.py': PY_TOOLS,
    'agent/server.ts': TS_TOOLS,
    'infra/accounts.json': `${JSON.stringify({ accounts: accountIds.map((id) => ({ account_id: id, AccountId: id })) }, null, 2)}\n`,
  });
});
afterAll(() => repo?.cleanup());

/** The keys are masked; AWS account ids are identifiers, not secrets (issue 17): they are printed as they are. */
function expectMasked(output: string): void {
  expect(output).not.toContain(keyNamedParam);
  expect(output).not.toContain(docKey);
}

describe('masking keeps every JSON document valid', () => {
  it('tools --format json parses, keeps the names that only look like keys, and masks the keys', async () => {
    const run = await runCli(['tools', '--format', 'json'], repo.dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expectMasked(run.stdout);
    const doc = JSON.parse(run.stdout) as { tools: { name: string; parameters: { name: string }[]; description?: { text: string } }[] };
    expect(doc.tools).toHaveLength(accountIds.length + 1);
    const py = doc.tools.filter((t) => t.name.startsWith('describe_account_'));
    expect(py).toHaveLength(accountIds.length);
    for (const t of py) {
      const names = t.parameters.map((p) => p.name);
      expect(names).toHaveLength(4);
      // Parameter names are not secrets: only the key used as one is masked (an account id is no secret).
      expect(names.slice(0, 2)).toEqual(['account_id', 'aws_account_id']);
      expect(names[2]).toMatch(/^acct_\d{12}$/);
      expect(names[3]).toMatch(/^AKIA…$/);
      expect(t.description!.text).toContain('account_id = "');
    }
    const ts = doc.tools.find((t) => t.name === 'lookup')!;
    expect(ts.parameters.map((p) => p.name)).toEqual(['account_id']);
  });

  it('tools text output masks the same keys', async () => {
    const run = await runCli(['tools'], repo.dir);
    expect(run.code).toBe(0);
    expectMasked(run.stdout + run.stderr);
    expect(run.stdout).toContain('parameters: account_id, aws_account_id, acct_');
  });

  it.each(['json', 'sarif'])('scan --format %s parses and masks every key', async (format) => {
    const run = await runCli(['scan', '--format', format, '--fail-on', 'never'], repo.dir);
    expect(run.code).toBe(0);
    expectMasked(run.stdout + run.stderr);
    const doc = JSON.parse(run.stdout);
    expect(JSON.stringify(doc)).toContain('secret/aws-credentials');
  });
});
