// Builds the committed dist/: the CLI and Action bundles (esbuild, ESM, every dependency inlined), the
// tree-sitter wasm files and the demo repository. `node scripts/build.mjs --out DIR` builds elsewhere
// (the staleness test builds to a temp dir and compares).
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { asciiOnly } from './ascii.mjs';
import { BUNDLE_OPTIONS } from './bundle-options.mjs';
import { webTreeSitterPatch } from './web-tree-sitter-patch.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outIndex = process.argv.indexOf('--out');
const out = outIndex > 0 ? resolve(process.argv[outIndex + 1]) : join(root, 'dist');
const require = createRequire(import.meta.url);

const entries = { cli: 'src/cli/index.ts' };
if (existsSync(join(root, 'src/action/index.ts'))) entries.action = 'src/action/index.ts';

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'wasm'), { recursive: true });
const result = await build({
  absWorkingDir: root,
  // The metafile lists every bundled module: its packages' licences are shipped beside the bundles.
  metafile: true,
  entryPoints: entries,
  outdir: out,
  ...BUNDLE_OPTIONS,
  // web-tree-sitter's node marshalling, made cheaper (web-tree-sitter-patch.mjs)
  plugins: [webTreeSitterPatch],
  // Each entry is one self-contained file: assets are found next to it (dist/wasm, dist/examples).
  splitting: false,
  legalComments: 'none',
  logLevel: 'warning',
});
// ASCII only, so that every thread keeps the bundle's source in one byte per character (ascii.mjs).
for (const file of Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js'))) {
  const path = resolve(root, file);
  writeFileSync(path, asciiOnly(readFileSync(path, 'utf8')));
}

const wasm = ['web-tree-sitter.wasm'].map((f) => [require.resolve(`web-tree-sitter/${f}`), f]);
for (const lang of ['python', 'javascript', 'typescript', 'tsx']) {
  const f = `tree-sitter-${lang}.wasm`;
  wasm.push([require.resolve(`@vscode/tree-sitter-wasm/wasm/${f}`), f]);
}
for (const [from, name] of wasm) cpSync(from, join(out, 'wasm', name));
cpSync(join(root, 'examples/vulnerable-agent'), join(out, 'examples/vulnerable-agent'), { recursive: true });

writeFileSync(join(out, 'THIRD-PARTY-LICENSES.txt'), thirdPartyLicenses([...bundledPackageDirs(result.metafile), ...wasm.map(([from]) => packageDirOf(from))]));

/** The node_modules package folder that holds a file (scoped names included), or null for our own files. */
function packageDirOf(file) {
  const abs = resolve(root, file);
  const m = /^(.*[\\/]node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)/.exec(abs);
  return m ? m[1] : null;
}

function bundledPackageDirs(metafile) {
  return Object.keys(metafile.inputs).map(packageDirOf);
}

/** One section per bundled package, sorted by name: name, version, licence id and the licence text it ships. */
function thirdPartyLicenses(dirs) {
  const byName = new Map();
  for (const dir of dirs) {
    if (!dir) continue;
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    byName.set(`${pkg.name}@${pkg.version}`, { pkg, dir });
  }
  const sections = [...byName.keys()].sort().map((key) => {
    const { pkg, dir } = byName.get(key);
    const licenseFile = readdirSync(dir)
      .filter((f) => /^(licen[cs]e|copying|notice)(\.|$)/i.test(f))
      .sort();
    const texts = licenseFile.map((f) => readFileSync(join(dir, f), 'utf8').trim());
    const licence = typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? 'UNKNOWN');
    if (texts.length === 0) texts.push(`(${pkg.name} ships no licence file; its package.json declares ${licence}.)`);
    return `${'-'.repeat(78)}\n${key} — ${licence}\n${pkg.homepage ?? ''}\n\n${texts.join('\n\n')}\n`;
  });
  return `agent-guard's bundles (dist/cli.js, dist/action.js, dist/wasm/) include the following packages.\nTheir licences and notices follow.\n\n${sections.join('\n')}`;
}
