import { createRequire } from 'node:module';

/*
 * Heavy dependencies loaded on first use, not at start-up: every command — `--version` and the
 * pre-commit hook included — pays for each module evaluated, and most runs need few of these.
 * Synchronous on purpose (config loading and schema compiling are synchronous), hence require() rather
 * than import(): in the bundle, esbuild evaluates a bundled module on its first require() call; running
 * from source (ESM, no `require`), createRequire loads it from node_modules. Each require() names its
 * module literally so that esbuild can bundle it.
 */
const requireFromSource = createRequire(import.meta.url);
const bundled = typeof require === 'function';

function once<T>(load: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= load());
}

// Synchronous require() on purpose: these are loaded on first use, from the bundle or from source.
/* eslint-disable @typescript-eslint/no-require-imports */
export const loadAjv = once((): typeof import('ajv') => (bundled ? require('ajv') : requireFromSource('ajv')));
export const loadAjv2020 = once((): typeof import('ajv/dist/2020.js') => (bundled ? require('ajv/dist/2020.js') : requireFromSource('ajv/dist/2020.js')));
export const loadAjvFormats = once((): typeof import('ajv-formats') => (bundled ? require('ajv-formats') : requireFromSource('ajv-formats')));
export const loadYaml = once((): typeof import('yaml') => (bundled ? require('yaml') : requireFromSource('yaml')));
export const loadRe2js = once((): typeof import('re2js') => (bundled ? require('re2js') : requireFromSource('re2js')));
/* eslint-enable @typescript-eslint/no-require-imports */
