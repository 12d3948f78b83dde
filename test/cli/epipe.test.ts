import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/repo.js';

/**
 * The real CLI piped into a reader that stops reading early, as in `agent-guard rules | head -1`. It runs
 * a bundle built from the current sources (bin/agent-guard.js runs the committed dist/cli.js, which may
 * be stale), laid out like a release: bin/ beside dist/.
 */
let release: { dir: string; cleanup: () => void };
let bin: string;

beforeAll(() => {
  release = tempDir('agent-guard-epipe-');
  execFileSync(process.execPath, ['scripts/build.mjs', '--out', join(release.dir, 'dist')], { stdio: 'pipe' });
  cpSync('bin', join(release.dir, 'bin'), { recursive: true });
  bin = join(release.dir, 'bin', 'agent-guard.js');
}, 60_000);

afterAll(() => release?.cleanup());

/** Run the CLI with stdout piped; `closeStdout` decides when the reader goes away. */
function runClosingEarly(
  args: string[],
  closeStdout: 'after-first-chunk' | 'before-any-output',
): Promise<{ code: number | null; signal: string | null; stderr: string; read: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: release.dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    let read = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    if (closeStdout === 'before-any-output') child.stdout.destroy();
    else
      child.stdout.once('data', (d: Buffer) => {
        read = d.toString();
        child.stdout.destroy();
      });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr, read }));
  });
}

describe('stdout closed by its reader (agent-guard rules | head -1)', () => {
  it('after the first chunk: no error, no stack trace, the exit code of the command', async () => {
    const r = await runClosingEarly(['rules'], 'after-first-chunk');
    expect(r.read).toMatch(/^secret\//);
    expect(r.stderr).not.toMatch(/Error|EPIPE|\n\s+at /);
    expect(r.stderr).toBe('');
    expect({ code: r.code, signal: r.signal }).toEqual({ code: 0, signal: null });
  });

  // The reader is gone before the first write, so every write meets EPIPE (after the first chunk, the
  // whole listing may already sit in the pipe's buffer, which would not exercise the closed stream).
  it.each([{ args: ['rules'] }, { args: ['rules', '--format', 'json'] }, { args: ['--version'] }, { args: ['scan', '--help'] }])(
    'before any output ($args): no error, no stack trace',
    async ({ args }) => {
      const r = await runClosingEarly(args, 'before-any-output');
      expect(r.stderr).not.toMatch(/Error|EPIPE|\n\s+at /);
      expect(r.stderr).toBe('');
      expect({ code: r.code, signal: r.signal }).toEqual({ code: 0, signal: null });
    },
  );

  it('still reports a usage error on stderr, with exit code 2, when stdout is closed', async () => {
    const r = await runClosingEarly(['rules', '--format', 'xml'], 'before-any-output');
    expect(r.stderr).toBe('agent-guard: unknown --format "xml" for rules (expected one of: text, json)\n');
    expect(r.code).toBe(2);
  });
});
