// Synthetic agent repositories for the benchmarks: Python and TS tool modules, configs, JSONL payloads and
// plain code, in realistic proportions. Deterministic for a given seed; no credential-shaped strings.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A seeded PRNG (mulberry32): the same sequence for the same seed (src/families/secret/fake-keys.ts uses it too). */
export function seededRng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pyTool = (i) => `"""Tools for module ${i}."""
import os
import subprocess

from langchain_core.tools import tool

BASE = os.path.abspath("data")


@tool
def read_record_${i}(name: str) -> str:
    """Read record ${i} from the data folder."""
    full = os.path.realpath(os.path.join(BASE, name))
    if os.path.commonpath([BASE, full]) != BASE:
        raise ValueError("outside data")
    with open(full) as handle:
        return handle.read()


@tool
def list_records_${i}(prefix: str) -> list[str]:
    """List records starting with a prefix."""
    return [n for n in os.listdir(BASE) if n.startswith(prefix)]


def helper_${i}(values):
    total = 0
    for v in values:
        total += len(str(v))
    return total
`;

const tsTool = (i) => `import { tool } from 'ai';
import { z } from 'zod';
import { readFile } from 'node:fs/promises';

const ALLOWED = new Set(['alpha', 'beta', 'gamma']);

export const lookup${i} = tool({
  description: 'Look up entry ${i} by key',
  inputSchema: z.object({ key: z.string() }),
  execute: async ({ key }) => {
    if (!ALLOWED.has(key)) throw new Error('unknown key');
    return readFile(\`./entries/\${key}.json\`, 'utf8');
  },
});

export function format${i}(items: string[]): string {
  return items.map((x, n) => \`\${n}: \${x}\`).join('\\n');
}
`;

// One tool in fifty reads a path the model chooses with no check: the rules have real findings to report.
const vulnerablePyTool = (i) => `from langchain_core.tools import tool


@tool
def export_report_${i}(path: str) -> str:
    """Export report ${i} to a file."""
    with open(path, "w") as handle:
        handle.write("report ${i}")
    return path
`;

const plainPy = (i) =>
  `import json\n\n\ndef transform_${i}(rows):\n    out = []\n    for row in rows:\n        out.append({k: str(v).strip() for k, v in row.items()})\n    return json.dumps(out)\n\n\nclass Model${i}:\n    def __init__(self, name):\n        self.name = name\n\n    def describe(self):\n        return f"model {self.name}"\n`;

const plainTs = (i) =>
  `export interface Row${i} { id: number; name: string }\n\nexport function sortRows${i}(rows: Row${i}[]): Row${i}[] {\n  return [...rows].sort((a, b) => a.id - b.id);\n}\n`;

const yamlConfig = (i) => `service: agent-${i}\nreplicas: 2\nmodel: gpt-4o-mini\nlimits:\n  rpm: 60\n  tpm: 100000\n`;

function jsonl(i, r) {
  const tool = { type: 'function', function: { name: 'get_item', parameters: { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] } } };
  const lines = [];
  for (let n = 0; n < 20; n++) {
    const args = JSON.stringify({ id: Math.floor(r() * 1000) });
    lines.push(
      JSON.stringify({
        messages: [
          { role: 'user', content: `item ${n}` },
          { role: 'assistant', tool_calls: [{ id: `c${n}`, type: 'function', function: { name: 'get_item', arguments: args } }] },
        ],
        tools: [tool],
      }),
    );
  }
  return lines.join('\n') + '\n';
}

const KINDS = [
  [0.25, (i) => [`agents/tools_${i}.py`, pyTool(i)]],
  [0.2, (i) => [`web/src/tool${i}.ts`, tsTool(i)]],
  [0.23, (i) => [`lib/util_${i}.py`, plainPy(i)]],
  [0.02, (i) => [`agents/export_${i}.py`, vulnerablePyTool(i)]],
  [0.15, (i) => [`web/src/lib/row${i}.ts`, plainTs(i)]],
  [0.1, (i) => [`config/agent-${i}.yaml`, yamlConfig(i)]],
  [0.05, (i, r) => [`data/train_${i}.jsonl`, jsonl(i, r)]],
];

/** Write `count` files under `root`; returns the number of bytes written. */
export function generateRepository(root, count, seed = 1) {
  const r = seededRng(seed);
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    let pick = r();
    let make = KINDS[KINDS.length - 1][1];
    for (const [share, fn] of KINDS) {
      if (pick < share) {
        make = fn;
        break;
      }
      pick -= share;
    }
    const [rel, text] = make(i, r);
    const abs = join(root, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
    bytes += Buffer.byteLength(text);
  }
  return bytes;
}
