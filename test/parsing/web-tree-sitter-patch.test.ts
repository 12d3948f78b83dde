import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
// @ts-expect-error plain ESM script without types
import { patchWebTreeSitter, webTreeSitterPatch } from '../../scripts/web-tree-sitter-patch.mjs';
import { tempDir } from '../helpers/repo.js';

/**
 * The build-time patch of web-tree-sitter's node marshalling (scripts/web-tree-sitter-patch.mjs): it applies
 * to the installed web-tree-sitter exactly, refuses a glue it was not written for, and the patched glue gives
 * the same trees as the original — every node of real TypeScript, JavaScript and Python files, through the
 * Node API the analyses use — bundled both ways with esbuild and run in separate processes.
 */

// (paths under node_modules: jest's module mapper would strip the `.js` a require.resolve names)
const original = readFileSync(resolve('node_modules/web-tree-sitter/web-tree-sitter.js'), 'utf8');
const wasmDir = resolve('node_modules/@vscode/tree-sitter-wasm/wasm');
const runtimeWasm = resolve('node_modules/web-tree-sitter/web-tree-sitter.wasm');

// Every node, depth first, through the accessors the analyses call (fields, parents, siblings, typed descendants).
const DUMP = `
import { Parser, Language } from 'web-tree-sitter';
import { readFileSync } from 'node:fs';
const [runtimeWasm, wasmDir, ...files] = process.argv.slice(2);
await Parser.init({ locateFile: () => runtimeWasm });
const out = [];
for (const spec of files) {
  const [lang, path] = spec.split('=');
  const parser = new Parser();
  parser.setLanguage(await Language.load(wasmDir + '/tree-sitter-' + lang + '.wasm'));
  const tree = parser.parse(readFileSync(path, 'utf8'));
  const fields = ['name', 'body', 'parameters', 'function', 'arguments', 'object', 'property', 'left', 'right', 'value', 'condition', 'key'];
  const visit = (n) => {
    out.push([n.type, n.typeId, n.startIndex, n.endIndex, n.startPosition, n.endPosition, n.isNamed, n.hasError, n.childCount, n.namedChildCount,
      n.parent?.type ?? null, n.nextSibling?.startIndex ?? null, n.previousNamedSibling?.startIndex ?? null, n.text.length,
      fields.map((f) => n.childForFieldName(f)?.startIndex ?? null), n.firstNamedChild?.type ?? null, n.lastChild?.endIndex ?? null]);
    for (const c of n.children) if (c) visit(c);
  };
  visit(tree.rootNode);
  for (const t of ['identifier', 'call_expression', 'call', 'string']) out.push(tree.rootNode.descendantsOfType(t).map((d) => d && [d.startIndex, d.endIndex]));
  out.push(tree.rootNode.namedChildren.map((c) => c && c.type));
  tree.delete();
}
process.stdout.write(JSON.stringify(out));
`;

let work: { dir: string; cleanup: () => void };
const bundles: Record<'patched' | 'original', string> = { patched: '', original: '' };
beforeAll(async () => {
  work = tempDir('agent-guard-wts-patch-');
  writeFileSync(join(work.dir, 'dump.mjs'), DUMP);
  for (const kind of ['patched', 'original'] as const) {
    bundles[kind] = join(work.dir, `${kind}.mjs`);
    await build({
      absWorkingDir: resolve('.'),
      entryPoints: [join(work.dir, 'dump.mjs')],
      outfile: bundles[kind],
      bundle: true,
      platform: 'node',
      format: 'esm',
      logLevel: 'error',
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      nodePaths: [resolve('node_modules')],
      plugins: kind === 'patched' ? [webTreeSitterPatch] : [],
    });
  }
}, 120_000);
afterAll(() => work?.cleanup());

describe('the web-tree-sitter patch', () => {
  it('applies to the installed web-tree-sitter and leaves no element handle on Node', () => {
    const patched: string = patchWebTreeSitter(original);
    expect(patched).not.toBe(original);
    expect(patched).toContain('this._other = other;');
    expect(patched).not.toContain('this[0] = other;');
    expect(readFileSync(bundles.patched, 'utf8')).toContain('HOST_IS_LITTLE_ENDIAN');
    expect(readFileSync(bundles.original, 'utf8')).not.toContain('HOST_IS_LITTLE_ENDIAN');
  });

  it('refuses a glue it was not written for, naming the part', () => {
    const changed = original.replace('C.setValue(address, node.startIndex, "i32");', 'C.setValue(address, node.startIndex, "i32"); /* upstream change */');
    expect(() => patchWebTreeSitter(changed)).toThrow(/web-tree-sitter patch: marshalNode found 0 times where 1 was expected/);
  });

  it('gives the same nodes as the original glue on real TypeScript, JavaScript and Python', () => {
    const files = [
      `typescript=${resolve('src/families/tool-input/taint/javascript.ts')}`,
      `typescript=${resolve('examples/vulnerable-agent/src/server.ts')}`,
      `javascript=${resolve('scripts/build.mjs')}`,
      `python=${resolve('examples/vulnerable-agent/agent/tools.py')}`,
      `python=${resolve('bench/lib/discovery_counter.py')}`,
    ];
    const dump = (bundle: string) => execFileSync(process.execPath, [bundle, runtimeWasm, wasmDir, ...files], { encoding: 'utf8', maxBuffer: 1 << 30 });
    const patched = dump(bundles.patched);
    expect(JSON.parse(patched).length).toBeGreaterThan(20_000); // every node of the files, not an empty walk
    expect(patched).toBe(dump(bundles.original));
  }, 120_000);
});
