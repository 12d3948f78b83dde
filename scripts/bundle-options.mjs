// esbuild settings every agent-guard bundle shares: the committed dist/ (scripts/build.mjs) and the
// bundles tests build from source (the Action's probes, the hostile-input CLI).
export const BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // jsonc-parser's "main" is a UMD build that requires its own files at run time; its ESM build bundles.
  mainFields: ['module', 'main'],
  // Bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __agCreateRequire } from 'node:module'; const require = __agCreateRequire(import.meta.url);" },
};
