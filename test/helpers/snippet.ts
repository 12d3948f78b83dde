import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { tempDir } from './repo.js';

/** A source module's path as a string literal, for `import … from ${source('src/…')}` in a snippet. */
export const source = (path: string): string => JSON.stringify(resolve(path));

/**
 * Run a TypeScript snippet (importing the sources through `source(…)`) in a child Node process, bundled
 * first: for measures of a process's own heap, and for V8 flags that are process-wide. Returns its stdout.
 */
export function runSnippet(contents: string, { args = [], nodeArgs = [] }: { args?: string[]; nodeArgs?: string[] } = {}): string {
  const { dir, cleanup } = tempDir('agent-guard-snippet-');
  try {
    const script = join(dir, 'snippet.mjs');
    buildSync({
      stdin: { contents, resolveDir: resolve('.'), loader: 'ts' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: script,
      logLevel: 'error',
    });
    return execFileSync(process.execPath, [...nodeArgs, script, ...args], { encoding: 'utf8' });
  } finally {
    cleanup();
  }
}
