import { describe, expect, it } from '@jest/globals';
import { Analysis, assembleResult, loadRootAndConfig } from '../../src/engine/engine.js';
import { ALL_RULES } from '../../src/families/index.js';
import { workingTreeInput } from '../../src/sources/working-tree.js';
import { makeRepo, type FileTree } from '../helpers/repo.js';

/**
 * Tools built with a framework's `tool(...)` imported through a barrel module of the repository
 * (`export { tool } from 'ai'`): discovery asks the barrel which framework it re-exports `tool` from. The answer
 * holds no node, so it is kept once per barrel for the whole scan, whichever file asks: when the kept trees are
 * freed between files (a tiny bound), the barrel is not parsed again for each tool file.
 */
const TOOL_FILES = 16;

function repoFiles(): FileTree {
  const files: FileTree = {
    'lib/index.ts': "export { tool } from 'ai';\n",
  };
  for (let i = 0; i < TOOL_FILES; i++) {
    files[`tools/t${String(i).padStart(2, '0')}.ts`] =
      `import { execSync } from 'node:child_process';\nimport { z } from 'zod';\nimport { tool } from '../lib/index.js';\n\nexport const t${i} = tool({\n  description: 'run',\n  parameters: z.object({ cmd: z.string() }),\n  execute: async ({ cmd }) => execSync(cmd).toString(),\n});\n`;
  }
  return files;
}

async function analyze(dir: string) {
  const { root, config } = loadRootAndConfig([dir], ALL_RULES);
  const input = workingTreeInput(root, [dir], config);
  const analysis = new Analysis(input, config, ALL_RULES, false, { keptTreeSourceBytes: 1, fileCacheBytes: 1, inFlightSourceBytes: 1, gcStepBytes: 0 });
  await analysis.run(input.entries);
  const part = await analysis.finish();
  const result = assembleResult(input, config, ALL_RULES, [part], [], 0);
  return { findings: result.findings, ruleErrors: result.ruleErrors, evicted: analysis.treesEvicted, parsed: analysis.treesParsed };
}

describe('the framework a barrel module re-exports', () => {
  it('is found once per barrel: each tool file parsed once, the barrel once, and every tool still reported', async () => {
    const repo = makeRepo(repoFiles());
    try {
      const run = await analyze(repo.dir);

      expect(run.ruleErrors).toEqual([]);
      expect(run.evicted).toBeGreaterThan(0);
      const injections = run.findings.filter((f) => f.ruleId === 'tool-input/command-injection').map((f) => f.path);
      expect(injections.sort()).toEqual(Array.from({ length: TOOL_FILES }, (_, i) => `tools/t${String(i).padStart(2, '0')}.ts`));
      expect(run.parsed).toBe(TOOL_FILES + 1);
    } finally {
      repo.cleanup();
    }
  }, 60_000);
});
