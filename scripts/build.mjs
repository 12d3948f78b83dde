// Builds the committed dist/: the CLI and Action bundles (esbuild, ESM, every dependency inlined), the
// tree-sitter wasm files and the demo repository. `node scripts/build.mjs --out DIR` builds elsewhere
// (the staleness test builds to a temp dir and compares).
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outIndex = process.argv.indexOf('--out');
const out = outIndex > 0 ? resolve(process.argv[outIndex + 1]) : join(root, 'dist');
const require = createRequire(import.meta.url);

const entries = { cli: 'src/cli/index.ts' };
if (existsSync(join(root, 'src/action/index.ts'))) entries.action = 'src/action/index.ts';

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'wasm'), { recursive: true });
await build({
  absWorkingDir: root,
  entryPoints: entries,
  outdir: out,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Each entry is one self-contained file: assets are found next to it (dist/wasm, dist/examples).
  splitting: false,
  // jsonc-parser's "main" is a UMD build that requires its own files at run time; its ESM build bundles.
  mainFields: ['module', 'main'],
  legalComments: 'none',
  logLevel: 'warning',
  // Bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __agCreateRequire } from 'node:module'; const require = __agCreateRequire(import.meta.url);" },
});

const wasm = ['web-tree-sitter.wasm'].map((f) => [require.resolve(`web-tree-sitter/${f}`), f]);
for (const lang of ['python', 'javascript', 'typescript', 'tsx']) {
  const f = `tree-sitter-${lang}.wasm`;
  wasm.push([require.resolve(`@vscode/tree-sitter-wasm/wasm/${f}`), f]);
}
for (const [from, name] of wasm) cpSync(from, join(out, 'wasm', name));
cpSync(join(root, 'examples/vulnerable-agent'), join(out, 'examples/vulnerable-agent'), { recursive: true });
