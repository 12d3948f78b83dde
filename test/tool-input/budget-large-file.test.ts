/**
 * Issue 16, "results must not depend on machine load": the per-file work budget (core/budget.ts) is a count
 * of steps, calibrated so that the largest real files use well under 1% of it. A large file of ordinary tools
 * (near the 1 MB size cap: hundreds of tools calling shared helpers, with branches, loops, try/except and
 * string building) is analyzed completely, every flow in it found, and its count stays under 1% of the
 * budget, so no machine, however loaded, can stop it.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { budgetProbe, FILE_ANALYSIS_STEPS } from '../../src/core/budget.js';
import { toolInputRules } from '../../src/families/tool-input/index.js';
import { runOnFiles } from '../helpers/rules.js';

const TOOLS = 300;

/** A FastMCP server of `TOOLS` ordinary tools; every seventh reads a file under a joined path (a flow), the rest do not. */
function pythonServer(): string {
  const lines = [
    'import json',
    'import os',
    'import subprocess',
    'from typing import Optional',
    'from mcp.server.fastmcp import FastMCP',
    '',
    'mcp = FastMCP("large")',
    'BASE = "/srv/data"',
    '',
    'def normalize(name: str, prefix: str = "") -> str:',
    '    cleaned = name.strip().lower()',
    '    if not cleaned:',
    '        raise ValueError("empty name")',
    '    for ch in ["..", "/", "\\\\"]:',
    '        cleaned = cleaned.replace(ch, "_")',
    '    return f"{prefix}{cleaned}"',
    '',
    'def describe(record: dict, fields: list) -> dict:',
    '    out = {}',
    '    for f in fields:',
    '        if f in record and record[f] is not None:',
    '            out[f] = str(record[f])[:200]',
    '    return out',
    '',
  ];
  for (let i = 0; i < TOOLS; i++) {
    lines.push(
      '@mcp.tool()',
      `async def tool_${i}(name: str, limit: int = 10, tags: Optional[list] = None, verbose: bool = False) -> str:`,
      `    """Tool number ${i}: looks records up by name and summarizes them."""`,
      `    key = normalize(name, "t${i}-")`,
      '    records = []',
      '    try:',
      '        for n in range(min(limit, 100)):',
      '            item = {"id": n, "key": key, "tags": tags or [], "size": len(key) * n}',
      '            if verbose and n % 2 == 0:',
      '                item["note"] = f"{key} #{n} of {limit}"',
      '            elif tags:',
      '                item["tags"] = [t for t in tags if isinstance(t, str)][:5]',
      '            else:',
      '                item["note"] = None',
      '            records.append(describe(item, ["id", "key", "tags", "note"]))',
      '    except (KeyError, ValueError) as err:',
      '        return json.dumps({"error": str(err)})',
      '    total = sum(r.get("size", 0) for r in records if isinstance(r, dict))',
      '    summary = {"tool": "tool_' + i + '", "count": len(records), "total": total, "first": records[0] if records else None}',
    );
    if (i % 7 === 0) lines.push('    with open(os.path.join(BASE, name)) as fh:', '        summary["content"] = fh.read()[:1000]');
    else if (i % 7 === 3) lines.push('    out = subprocess.run(["echo", key], capture_output=True, text=True)', '    summary["echo"] = out.stdout');
    lines.push('    return json.dumps(summary, indent=2 if verbose else None)', '');
  }
  return lines.join('\n');
}

/** An MCP SDK server of `TOOLS` ordinary tools in TypeScript; every seventh reads a joined path. */
function typescriptServer(): string {
  const lines = [
    "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';",
    "import { readFileSync } from 'node:fs';",
    "import { join } from 'node:path';",
    "import { z } from 'zod';",
    '',
    "const server = new McpServer({ name: 'large', version: '1.0.0' });",
    "const BASE = '/srv/data';",
    '',
    "function normalize(name: string, prefix = ''): string {",
    '  let cleaned = name.trim().toLowerCase();',
    "  if (!cleaned) throw new Error('empty name');",
    "  for (const ch of ['..', '/', '\\\\']) cleaned = cleaned.split(ch).join('_');",
    '  return `${prefix}${cleaned}`;',
    '}',
    '',
    'function describe(record: Record<string, unknown>, fields: string[]): Record<string, string> {',
    '  const out: Record<string, string> = {};',
    '  for (const f of fields) if (record[f] !== undefined && record[f] !== null) out[f] = String(record[f]).slice(0, 200);',
    '  return out;',
    '}',
    '',
  ];
  for (let i = 0; i < TOOLS; i++) {
    lines.push(
      'server.tool(',
      `  'tool_${i}',`,
      `  'Tool number ${i}: looks records up by name and summarizes them.',`,
      '  { name: z.string(), limit: z.number().default(10), tags: z.array(z.string()).optional(), verbose: z.boolean().default(false) },',
      '  async ({ name, limit, tags, verbose }) => {',
      `    const key = normalize(name, 't${i}-');`,
      '    const records: Record<string, string>[] = [];',
      '    try {',
      '      for (let n = 0; n < Math.min(limit, 100); n++) {',
      '        const item: Record<string, unknown> = { id: n, key, tags: tags ?? [], size: key.length * n };',
      '        if (verbose && n % 2 === 0) item.note = `${key} #${n} of ${limit}`;',
      "        else if (tags) item.tags = tags.filter((t) => typeof t === 'string').slice(0, 5);",
      '        else item.note = null;',
      "        records.push(describe(item, ['id', 'key', 'tags', 'note']));",
      '      }',
      '    } catch (err) {',
      "      return { content: [{ type: 'text', text: JSON.stringify({ error: String(err) }) }] };",
      '    }',
      `    const summary: Record<string, unknown> = { tool: 'tool_${i}', count: records.length, first: records[0] ?? null };`,
    );
    if (i % 7 === 0) lines.push("    summary.content = readFileSync(join(BASE, name), 'utf8').slice(0, 1000);");
    lines.push("    return { content: [{ type: 'text', text: JSON.stringify(summary, null, verbose ? 2 : 0) }] };", '  },', ');', '');
  }
  return lines.join('\n');
}

afterEach(() => {
  budgetProbe.settled = undefined;
});

describe('a large file of ordinary tools', () => {
  it.each([
    ['server.py', pythonServer()],
    ['server.ts', typescriptServer()],
  ])(
    '%s is analyzed completely, every flow found, within 1%% of the work budget',
    async (path, text) => {
      expect(text.length).toBeGreaterThan(300_000);
      const steps: number[] = [];
      budgetProbe.settled = (p, budget) => {
        if (p === path) steps.push(budget.used);
      };
      const r = await runOnFiles(toolInputRules, { [path]: text });
      expect(r.ruleErrors).toEqual([]);
      const traversal = r.findings.filter((f) => f.ruleId === 'tool-input/path-traversal');
      expect(traversal).toHaveLength(Math.ceil(TOOLS / 7));
      expect(steps).toHaveLength(1);
      expect(steps[0]).toBeGreaterThan(TOOLS * 20); // every tool is walked
      expect(steps[0]).toBeLessThan(FILE_ANALYSIS_STEPS / 100);
    },
    180_000,
  );
});
