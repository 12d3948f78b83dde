import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { maskSecret } from '../../src/core/redact.js';
import { fakeKey, seededRng } from '../../src/families/secret/fake-keys.js';
import { runCli } from '../helpers/cli.js';
import { makeRepo } from '../helpers/repo.js';

/**
 * `agent-guard tools` prints text taken from the scanned files (tool names, docstrings, file names):
 * a key in a docstring must come out masked, and a file name must not write control characters.
 * The keys are generated (src/families/secret/fake-keys.ts) and not used by any other test of this file's
 * process, so nothing but the `tools` run itself can have registered them with the redactor.
 */
const rng = seededRng(4711);
const docKey = fakeKey('anthropic', rng).key;
const fileKey = fakeKey('groq', rng).key;
const EVIL_NAME = 'py/evil\n\u001b[2J\u001b[31mred.py';

const TOOL_FILE = (key: string, name: string) =>
  [
    'from langchain_core.tools import tool',
    '',
    '',
    '@tool',
    `def ${name}(query: str) -> str:`,
    `    """Look up a customer record. The backend key is ${key} (do not share)."""`,
    '    return query',
    '',
  ].join('\n');

let repo: { dir: string; cleanup: () => void };

beforeAll(() => {
  repo = makeRepo({ 'py/lookup.py': TOOL_FILE(docKey, 'lookup_customer'), [EVIL_NAME]: TOOL_FILE(fileKey, 'paint') });
});
afterAll(() => repo?.cleanup());

describe('agent-guard tools redacts and escapes what it prints', () => {
  it('masks a key written in a tool docstring in the JSON output', async () => {
    const run = await runCli(['tools', '--format', 'json'], repo.dir);
    expect(run.code).toBe(0);
    expect(run.stdout + run.stderr).not.toContain(docKey);
    expect(run.stdout + run.stderr).not.toContain(fileKey);
    const out = JSON.parse(run.stdout) as { tools: { name: string; path: string; description?: { text: string } }[] };
    const lookup = out.tools.find((t) => t.name === 'lookup_customer')!;
    expect(lookup.description!.text).toBe(`Look up a customer record. The backend key is ${maskSecret(docKey)} (do not share).`);
    // The file name is JSON-escaped, so it is shown as it is.
    expect(out.tools.map((t) => t.path).sort()).toEqual(['py/evil\n\u001b[2J\u001b[31mred.py', 'py/lookup.py']);
  });

  it('masks the key in the text output, and prints control characters of file names escaped', async () => {
    const run = await runCli(['tools'], repo.dir);
    expect(run.code).toBe(0);
    expect(run.stdout + run.stderr).not.toContain(docKey);
    expect(run.stdout + run.stderr).not.toContain(fileKey);
    expect(run.stdout).not.toContain('\u001b');
    const lines = run.stdout.split('\n');
    expect(lines).toContain('py/evil\\n\\x1b[2J\\x1b[31mred.py:5  langchain  paint');
    expect(lines).toContain('py/lookup.py:5  langchain  lookup_customer');
    expect(lines.some((l) => l.startsWith('red.py') || l.startsWith('\u001b'))).toBe(false);
  });
});
