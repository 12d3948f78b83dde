import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { appendFileSync, cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { childCli } from '../helpers/child-cli.js';
import { initRepo, tempDir } from '../helpers/repo.js';

/**
 * `scan --cache` with worker threads (they exist only in the bundle): a cache written by workers serves a scan
 * on one thread and the other way round, and every report is the uncached one byte for byte.
 */
const cli = childCli('agent-guard-cache-bundle-');
let repo: { dir: string; cleanup: () => void };
let home: { dir: string; cleanup: () => void };

beforeAll(() => {
  cli.build();
  repo = tempDir('agent-guard-cache-jobs-');
  home = tempDir('agent-guard-cache-jobs-home-');
  // Enough files for two workers (40 per worker at least).
  for (let i = 0; i < 12; i++) cpSync('examples/vulnerable-agent', join(repo.dir, `service-${i}`), { recursive: true });
  initRepo(repo.dir);
}, 120_000);

afterAll(() => {
  cli.cleanup();
  repo?.cleanup();
  home?.cleanup();
});

const cacheFile = () => join(home.dir, 'cache.json');
const scan = (...args: string[]) => cli.run(['scan', repo.dir, '--format', 'json', '--fail-on', 'never', ...args], repo.dir, { timeoutMs: 240_000 });
const counts = (stderr: string) => /(\d+) of (\d+) files reused, (\d+) analyzed/.exec(stderr)?.slice(1).map(Number);

describe('scan --cache with --jobs', () => {
  it('reports the same cold and warm on one thread and on two workers', () => {
    const plain = scan('--jobs', '1');
    const coldTwo = scan('--jobs', '2', '--cache-location', cacheFile(), '--verbose');
    expect(coldTwo.stderr).toContain('analyzing on this thread and 1 worker thread (--jobs 2)');
    const files = counts(coldTwo.stderr)![1];
    expect(counts(coldTwo.stderr)).toEqual([0, files, files]);
    expect(coldTwo.stdout).toBe(plain.stdout);

    const warmOne = scan('--jobs', '1', '--cache-location', cacheFile(), '--verbose');
    expect(counts(warmOne.stderr)).toEqual([files, files, 0]);
    expect(warmOne.stdout).toBe(plain.stdout);

    // A cache written on one thread serves two workers (and a changed file is analyzed again).
    const written = readFileSync(cacheFile(), 'utf8');
    scan('--jobs', '1', '--cache-location', join(home.dir, 'one.json'));
    expect(JSON.parse(readFileSync(join(home.dir, 'one.json'), 'utf8')).files).toEqual(JSON.parse(written).files);
    appendFileSync(join(repo.dir, 'service-3', 'agent', 'tools.py'), '\n# edited\n');
    const after = scan('--jobs', '2', '--cache-location', join(home.dir, 'one.json'), '--verbose');
    expect(counts(after.stderr)![2]).toBeGreaterThanOrEqual(1);
    expect(counts(after.stderr)![2]).toBeLessThan(5);
    expect(after.stdout).toBe(scan('--jobs', '2').stdout);
  }, 600_000);
});
