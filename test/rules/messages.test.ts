import { describe, expect, it } from '@jest/globals';
import { ALL_RULES } from '../../src/families/index.js';
import ssrf from '../../src/families/tool-input/rules/ssrf.js';
import { runOnFiles } from '../helpers/rules.js';

/** A message says what was found and why it matters, on one line; the fix is said once, beside it. */
describe('rule messages and fixes', () => {
  it('keep the fix out of every message template', () => {
    for (const { meta } of ALL_RULES) {
      const fixes = [meta.fix, ...Object.values(meta.languageFixes ?? {}), ...Object.values(meta.fixes ?? {})];
      for (const [id, template] of Object.entries(meta.messages)) {
        expect({ rule: meta.id, id, multiline: template.includes('\n') }).toEqual({ rule: meta.id, id, multiline: false });
        for (const fix of fixes) {
          // The fix's first clause (up to a comma, colon or parenthesis) would give it away.
          const clause = fix.split(/[,:(]/)[0].trim().toLowerCase();
          expect({ rule: meta.id, id, repeatsFix: template.toLowerCase().includes(clause) }).toEqual({ rule: meta.id, id, repeatsFix: false });
        }
      }
      for (const id of Object.keys(meta.fixes ?? {}))
        expect({ rule: meta.id, fixFor: id, known: id in meta.messages }).toEqual({ rule: meta.id, fixFor: id, known: true });
    }
  });

  it('give SSRF advice in the language of the finding', async () => {
    const r = await runOnFiles([ssrf], {
      'agent/tools.py':
        'import requests\nfrom langchain_core.tools import tool\n\n@tool\ndef fetch_page(url: str) -> str:\n    """Fetch a page."""\n    return requests.get(url).text\n',
      'src/server.ts': [
        "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';",
        "import { z } from 'zod';",
        "const server = new McpServer({ name: 'web', version: '1.0.0' });",
        "server.tool('fetch_page', 'Fetch a page', { url: z.string() }, async ({ url }) => {",
        '  const response = await fetch(url);',
        "  return { content: [{ type: 'text', text: await response.text() }] };",
        '});',
        '',
      ].join('\n'),
    });
    const byPath = new Map(r.findings.map((f) => [f.path, f]));
    expect([...byPath.keys()].sort()).toEqual(['agent/tools.py', 'src/server.ts']);
    const py = byPath.get('agent/tools.py')!;
    const ts = byPath.get('src/server.ts')!;
    expect(py.fix).toContain('urlparse(url).hostname');
    expect(py.fix).not.toContain('new URL');
    expect(ts.fix).toContain('new URL(url).hostname');
    expect(ts.fix).not.toContain('urlparse');
    for (const f of [py, ts]) {
      expect(f.message).toMatch(
        /^Tool "fetch_page" passes model-controlled parameter "url" to .+: a URL such as "http:\/\/169\.254\.169\.254\/latest\/meta-data\/" makes the agent fetch internal services and cloud credentials\.$/,
      );
      expect(f.message).not.toMatch(/allowlist|urlparse|new URL/);
    }
  });
});
