import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { WASM_FILES, wasmPath } from '../../src/parsing/parsers.js';
import { tempDir } from './repo.js';
// @ts-expect-error plain ESM script without types
import { BUNDLE_OPTIONS } from '../../scripts/bundle-options.mjs';

export interface ChildRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time of the child, in milliseconds. */
  ms: number;
}

/**
 * The CLI bundled from the current sources into a temp dir (with its grammars beside it, as in dist/) and run
 * as a child process with a bounded heap and a kill timeout: hostile-input tests use it so a regression
 * (a hang, a crash, memory running out) fails the test instead of the suite. Call `build()` in beforeAll and
 * `cleanup()` in afterAll.
 */
export function childCli(prefix: string) {
  let bundle: { dir: string; cleanup: () => void } | undefined;
  let cli = '';
  return {
    build(): void {
      bundle = tempDir(prefix);
      cli = join(bundle.dir, 'cli.mjs');
      buildSync({ absWorkingDir: resolve('.'), entryPoints: ['src/cli/index.ts'], outfile: cli, ...BUNDLE_OPTIONS, logLevel: 'error' });
      mkdirSync(join(bundle.dir, 'wasm'));
      for (const f of WASM_FILES) copyFileSync(wasmPath(f), join(bundle.dir, 'wasm', f));
    },
    cleanup(): void {
      bundle?.cleanup();
    },
    /** `agent-guard ...args` in `cwd`, with a `heapMb` heap, killed after `timeoutMs` (a hang gives code null). */
    run(args: string[], cwd: string, { heapMb = 512, timeoutMs }: { heapMb?: number; timeoutMs: number }): ChildRun {
      const started = Date.now();
      const r = spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, cli, ...args], {
        cwd,
        encoding: 'utf8',
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, NO_COLOR: '1', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
      });
      return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ms: Date.now() - started };
    },
  };
}
