import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Analysis, assembleResult, loadRootAndConfig, type FileOutcome, type SessionLimits } from '../../src/engine/engine.js';
import { ALL_RULES } from '../../src/families/index.js';
import { workingTreeInput } from '../../src/sources/working-tree.js';
import { probeRule } from '../helpers/probe.js';
import { makeRepo, type FileTree } from '../helpers/repo.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

/** The tool-input and tool-discovery fixtures under their real names: handlers, helpers and barrels across files. */
function fixtureTree(): FileTree {
  const tree: FileTree = {};
  const add = (dir: string, under: string) => {
    for (const name of readdirSync(dir)) {
      const abs = join(dir, name);
      if (statSync(abs).isDirectory()) add(abs, under);
      else tree[join(under, relative(join(FIXTURES, under), abs)).replace(/\.txt$/, '')] = readFileSync(abs, 'utf8');
    }
  };
  add(join(FIXTURES, 'tool-input'), 'tool-input');
  add(join(FIXTURES, 'tools'), 'tools');
  // Handlers whose sinks sit in helpers of other modules, each helper imported by two tools.
  for (let i = 0; i < 12; i++) {
    const j = (i + 1) % 12;
    tree[`gen/py/helpers_${i}.py`] = `import subprocess\n\n\ndef run_${i}(cmd):\n    return subprocess.run(cmd, shell=True)\n`;
    tree[`gen/py/tools_${i}.py`] =
      `from mcp.server.fastmcp import FastMCP\n\nfrom .helpers_${i} import run_${i}\nfrom .helpers_${j} import run_${j}\n\nmcp = FastMCP("gen")\n\n\n@mcp.tool()\ndef tool_${i}(cmd: str) -> str:\n    run_${j}("ls")\n    return str(run_${i}(cmd))\n`;
    tree[`gen/js/helpers${i}.ts`] = `import { exec } from 'node:child_process';\n\nexport function run${i}(cmd: string) {\n  exec(cmd);\n}\n`;
    tree[`gen/js/tool${i}.ts`] =
      `import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\nimport { z } from 'zod';\nimport { run${i} } from './helpers${i}.js';\nimport { run${j} } from './helpers${j}.js';\n\nconst server = new McpServer({ name: 'gen', version: '1.0.0' });\n\nserver.tool('t${i}', 'Run', { cmd: z.string() }, async ({ cmd }) => {\n  run${j}('ls');\n  run${i}(cmd);\n  return { content: [] };\n});\n`;
  }
  return tree;
}

/** One in-thread analysis session over the whole repository with the given bounds: its result, outcomes and evictions. */
async function analyze(dir: string, limits: Partial<SessionLimits>) {
  const { root, config } = loadRootAndConfig([dir], ALL_RULES);
  const input = workingTreeInput(root, [dir], config);
  const analysis = new Analysis(input, config, ALL_RULES, true, limits);
  await analysis.run(input.entries);
  const part = await analysis.finish();
  const result = assembleResult(input, config, ALL_RULES, [part], [], 0);
  const outcomes = (part.outcomes ?? [])
    .map((o: FileOutcome) => ({ path: o.path, reads: o.reads, listed: o.listed }))
    .sort((a, b) => (a.path < b.path ? -1 : 1));
  return {
    findings: result.findings,
    ruleErrors: result.ruleErrors,
    outcomes,
    evicted: analysis.treesEvicted,
    parsed: analysis.treesParsed,
    collections: analysis.collections,
  };
}

describe('bounded memory of an analysis session', () => {
  it('finds the same, and records the same reads, when a tiny bound makes it free and re-parse the kept trees', async () => {
    const repo = makeRepo(fixtureTree());
    try {
      const unbounded = await analyze(repo.dir, { keptTreeSourceBytes: Infinity, fileCacheBytes: Infinity, inFlightSourceBytes: Infinity, gcStepBytes: 0 });
      const tiny = await analyze(repo.dir, { keptTreeSourceBytes: 1, fileCacheBytes: 1, inFlightSourceBytes: 1, gcStepBytes: 1 });
      expect(unbounded.evicted).toBe(0);
      expect(tiny.evicted).toBeGreaterThan(20);
      // Full garbage collections between files (a step of 1 byte: as often as the pacing allows), none without pacing.
      expect(unbounded.collections).toBe(0);
      expect(tiny.collections).toBeGreaterThan(0);
      // Cross-file findings: the sink sits in a helper of another module than the handler.
      const crossFile = unbounded.findings.filter((f) => f.path.startsWith('gen/') && f.flow.some((s) => s.path !== f.path));
      expect(crossFile.length).toBeGreaterThanOrEqual(12);
      expect(unbounded.findings.length).toBeGreaterThan(100);
      expect(tiny.findings).toEqual(unbounded.findings);
      expect(tiny.ruleErrors).toEqual(unbounded.ruleErrors);
      expect(tiny.outcomes).toEqual(unbounded.outcomes);
    } finally {
      repo.cleanup();
    }
  }, 240_000);

  it('keeps what it learned of a module by name (its promisified exports) across evictions: the module is not parsed again', async () => {
    // Twelve tool files, each importing a sink alias from one module.
    const tree: FileTree = {
      'lib/exec.ts': `import { exec } from 'node:child_process';\nimport { promisify } from 'node:util';\nexport const execAsync = promisify(exec);\n`,
    };
    for (let i = 0; i < 12; i++)
      tree[`tools/t${i}.ts`] =
        `import { tool } from 'ai';\nimport { z } from 'zod';\nimport { execAsync } from '../lib/exec';\n\nexport const t${i} = tool({\n  description: 'Run ${i}',\n  parameters: z.object({ cmd: z.string() }),\n  execute: async ({ cmd }) => execAsync(cmd),\n});\n`;
    const repo = makeRepo(tree);
    try {
      const unbounded = await analyze(repo.dir, { keptTreeSourceBytes: Infinity, fileCacheBytes: Infinity, inFlightSourceBytes: Infinity, gcStepBytes: 0 });
      const tiny = await analyze(repo.dir, { keptTreeSourceBytes: 1, fileCacheBytes: 1, inFlightSourceBytes: 1, gcStepBytes: 1 });
      expect(tiny.evicted).toBeGreaterThan(5);
      const injections = (r: typeof tiny) => r.findings.filter((f) => f.ruleId === 'tool-input/command-injection').map((f) => f.path);
      expect(injections(tiny)).toEqual(Array.from({ length: 12 }, (_, i) => `tools/t${i}.ts`).sort());
      expect(injections(unbounded)).toEqual(injections(tiny));
      // each tool file once and lib/exec.ts once, evictions or not
      expect(unbounded.parsed).toBe(13);
      expect(tiny.parsed).toBe(13);
    } finally {
      repo.cleanup();
    }
  });

  it('analyzes several small files at a time, but not more source than the in-flight bound (one file alone always goes)', async () => {
    let running = 0;
    let most = 0;
    const probe = probeRule({
      id: 'tool-input/probe',
      message: '{{match}}',
      appliesTo: (file) => file.path.endsWith('.py'),
      async find() {
        most = Math.max(most, ++running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        return [];
      },
    });
    const tree: FileTree = {};
    for (let i = 0; i < 12; i++) tree[`m${i}.py`] = `x = ${'1'.repeat(1000)}\n`;
    tree['big.py'] = `y = ${'2'.repeat(5000)}\n`;
    const repo = makeRepo(tree);
    const analyzed = async (inFlightSourceBytes: number) => {
      most = 0;
      const { root, config } = loadRootAndConfig([repo.dir], [probe]);
      const input = workingTreeInput(root, [repo.dir], config);
      const analysis = new Analysis(input, config, [probe], false, { inFlightSourceBytes });
      await analysis.run(input.entries);
      return { most, files: (await analysis.finish()).files };
    };
    try {
      expect(await analyzed(Infinity)).toEqual({ most: 8, files: 13 });
      expect(await analyzed(3500)).toEqual({ most: 3, files: 13 });
      expect(await analyzed(100)).toEqual({ most: 1, files: 13 });
    } finally {
      repo.cleanup();
    }
  });
});
