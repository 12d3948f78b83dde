import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fakeKey, seededRng } from '../../src/families/secret/fake-keys.js';
import { initRepo, tempDir, writeTree } from '../helpers/repo.js';

/**
 * `scan --jobs N` (issue 16, item 2) with the real bundle: worker threads only exist in the bundle, which
 * starts itself as each worker. The report must be byte for byte the same for any number of workers, every
 * key found by a worker must be masked by the main thread, and bad values are refused.
 */
const COPIES = 24;
let release: { dir: string; cleanup: () => void };
let repo: { dir: string; cleanup: () => void };
let cli: string;
const keys: string[] = [];

beforeAll(() => {
  release = tempDir('agent-guard-parallel-');
  execFileSync(process.execPath, ['scripts/build.mjs', '--out', join(release.dir, 'dist')], { stdio: 'pipe' });
  cli = join(release.dir, 'dist', 'cli.js');
  repo = tempDir('agent-guard-parallel-repo-');
  // The demo repository (a finding of every family) copied 24 times, each copy with its own generated key.
  for (let i = 0; i < COPIES; i++) {
    const copy = join(repo.dir, `service-${i}`);
    cpSync('examples/vulnerable-agent', copy, { recursive: true });
    const key = fakeKey('openai-project', seededRng(500 + i)).key;
    keys.push(key);
    writeFileSync(join(copy, '.env'), `OPENAI_API_KEY=${key}\n`);
    // test code (testFiles): left to the secret and tool-payload rules on every thread
    mkdirSync(join(copy, 'tests'));
    cpSync(join(copy, 'agent', 'tools.py'), join(copy, 'tests', 'test_tools.py'));
  }
  initRepo(repo.dir);
}, 120_000);

afterAll(() => {
  release?.cleanup();
  repo?.cleanup();
});

function scan(...args: string[]) {
  return scanWith({}, ...args);
}

function scanWith(env: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, [cli, 'scan', repo.dir, '--fail-on', 'never', ...args], {
    encoding: 'utf8',
    timeout: 240_000,
    maxBuffer: 1 << 28,
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('scan --jobs', () => {
  it('gives the same report on one thread and on worker threads, in every format', () => {
    const one = scan('--jobs', '1', '--format', 'json', '--verbose');
    const two = scan('--jobs', '2', '--format', 'json', '--verbose');
    const three = scan('--jobs', '3', '--format', 'json');
    expect(one.stderr).toContain('analyzing on this thread (--jobs 1)');
    // The repository tracks enough files: the worker was started while the files were listed.
    expect(two.stderr).toContain('analyzing on this thread and 1 worker thread (--jobs 2; 1 started while the files were listed)');
    expect(two.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(three.stdout).toBe(one.stdout);
    const report = JSON.parse(one.stdout);
    const families = new Set(report.findings.map((f: { ruleId: string }) => f.ruleId.split('/')[0]));
    expect([...families].sort()).toEqual(['rate-limit', 'secret', 'tool-input', 'tool-payload']);
    expect(report.findings.filter((f: { ruleId: string }) => f.ruleId === 'secret/openai-api-key')).toHaveLength(COPIES);
    expect(report.summary.files).toBeGreaterThanOrEqual(COPIES * 10);
    expect(report.summary.testFiles).toBe(COPIES);
    expect(report.findings.filter((f: { path: string }) => f.path.includes('/tests/'))).toEqual([]);

    for (const format of ['sarif', 'text', 'github']) expect(scan('--jobs', '2', '--format', format).stdout).toBe(scan('--jobs', '1', '--format', format).stdout);
  }, 600_000);

  it('gives the same report with garbage-collection pacing on (a collection after every file, in every thread)', () => {
    const paced = { AGENT_GUARD_GC_STEP_BYTES: '1' };
    const one = scan('--jobs', '1', '--format', 'json');
    expect(scanWith(paced, '--jobs', '1', '--format', 'json').stdout).toBe(one.stdout);
    expect(scanWith(paced, '--jobs', '2', '--format', 'json').stdout).toBe(one.stdout);
  }, 600_000);

  it('masks every key a worker found, wherever the main thread prints it', () => {
    const text = scan('--jobs', '2', '--format', 'text').stdout + scan('--jobs', '2', '--format', 'sarif').stdout;
    for (const key of keys) expect(text.includes(key)).toBe(false);
    expect(text).toContain(`${keys[0].slice(0, 8)}…`);
    expect(readFileSync(join(repo.dir, 'service-0', '.env'), 'utf8')).toContain(keys[0]); // nothing changed in the repository
  }, 300_000);

  it('starts no worker early for a small repository or a cached scan', () => {
    const small = tempDir('agent-guard-parallel-small-');
    try {
      cpSync('examples/vulnerable-agent', small.dir, { recursive: true });
      initRepo(small.dir);
      const r = spawnSync(process.execPath, [cli, 'scan', small.dir, '--fail-on', 'never', '--jobs', '4', '--verbose'], { encoding: 'utf8', timeout: 120_000 });
      expect(r.stderr).toContain('analyzing on this thread (--jobs 4)');
    } finally {
      small.cleanup();
    }
    const cacheDir = tempDir('agent-guard-parallel-cache-');
    try {
      // A cached scan reuses most files: its workers start only once the files to analyze are known.
      const cached = scan('--jobs', '2', '--verbose', '--cache-location', join(cacheDir.dir, 'cache.json'));
      expect(cached.stderr).toContain('analyzing on this thread and 1 worker thread (--jobs 2)');
      expect(cached.stderr).not.toContain('started while the files were listed');
    } finally {
      cacheDir.cleanup();
    }
  }, 300_000);

  it('gives workers the whole repository for cross-file lookups when the config leaves files out of the scan', () => {
    const dir = tempDir('agent-guard-parallel-config-');
    try {
      // 90 MCP servers whose tool passes its path to a helper module the config leaves out of the scan: the
      // helper is still read to follow the flow, on whichever thread analyzes the server.
      const files: Record<string, string> = {};
      for (let i = 0; i < 90; i++)
        files[`svc${i}/server.py`] = [
          'from mcp.server.fastmcp import FastMCP',
          'from vendor.fsutil import read_it',
          `mcp = FastMCP("s${i}")`,
          '',
          '@mcp.tool()',
          `def read${i}(path: str) -> str:`,
          '    return read_it(path)',
          '',
        ].join('\n');
      files['vendor/__init__.py'] = '';
      files['vendor/fsutil.py'] = 'def read_it(p):\n    with open(p) as f:\n        return f.read()\n';
      writeTree(dir.dir, files);
      initRepo(dir.dir);
      const config = join(dir.dir, '..', `${basename(dir.dir)}.yml`);
      writeFileSync(config, 'exclude:\n  - "vendor/**"\n');
      const run = (...args: string[]) =>
        spawnSync(process.execPath, [cli, 'scan', dir.dir, '--fail-on', 'never', '--format', 'json', '--config', config, ...args], { encoding: 'utf8', timeout: 240_000, maxBuffer: 1 << 28 });
      const one = run('--jobs', '1');
      const two = run('--jobs', '2', '--verbose');
      expect(two.stderr).toContain('1 worker thread');
      const flows = JSON.parse(one.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'tool-input/path-traversal');
      expect(flows).toHaveLength(90);
      expect(two.stdout).toBe(one.stdout);
    } finally {
      dir.cleanup();
      rmSync(join(dir.dir, '..', `${basename(dir.dir)}.yml`), { force: true });
    }
  }, 300_000);

  it('refuses a --jobs that is not a whole number from 1 to 64', () => {
    for (const bad of ['0', '-1', '1.5', 'all', '65']) {
      const r = scan(`--jobs=${bad}`);
      expect({ bad, code: r.code }).toEqual({ bad, code: 2 });
      expect(r.stderr).toContain('--jobs must be a whole number from 1 to 64');
    }
  }, 120_000);
});

/**
 * A worker that dies mid-scan (here: past the heap cap AGENT_GUARD_WORKER_HEAP_MB, stopped by V8) sends no
 * results: every file it took, in the batch it held and in the batches it had finished, is reported as not
 * analyzed, in every format, and the scan fails. Nothing it took may come out clean.
 */
describe('a worker that dies mid-scan', () => {
  let dying: { dir: string; cleanup: () => void };
  const files: string[] = [];
  beforeAll(() => {
    dying = tempDir('agent-guard-parallel-dying-');
    const rng = seededRng(900);
    const keysFile = (n: number) => Array.from({ length: n }, (_, k) => `KEY_${k} = "${fakeKey('openai-project', rng).key}"`).join('\n') + '\n';
    const helpers = Array.from({ length: 150 }, (_, i) => `def helper_${i}(x):\n    return [y * ${i} for y in range(x) if y % 3]\n`).join('\n');
    const write = (name: string, text: string) => {
      writeFileSync(join(dying.dir, name), text);
      files.push(name);
    };
    // Paths are analyzed in sorted order, this thread taking the first batch: a0-a7 keep it busy for
    // seconds while the worker takes the b files (one key each, light) and then a batch of z files, whose
    // thousands of findings take the worker past its heap cap; this thread takes the other z batch.
    for (let i = 0; i < 8; i++) write(`a${i}.py`, keysFile(1500));
    for (let i = 0; i < 160; i++) write(`b${String(i).padStart(3, '0')}.py`, `KEY = "${fakeKey('openai-project', rng).key}"\n${helpers}`);
    for (let i = 0; i < 16; i++) write(`z${String(i).padStart(3, '0')}.py`, keysFile(1500));
    initRepo(dying.dir);
  }, 120_000);
  afterAll(() => dying?.cleanup());

  const capped = (...args: string[]) =>
    spawnSync(process.execPath, [cli, 'scan', dying.dir, '--jobs', '2', ...args], {
      encoding: 'utf8',
      timeout: 300_000,
      maxBuffer: 1 << 28,
      env: { ...process.env, AGENT_GUARD_WORKER_HEAP_MB: '16' },
    });

  it('reports every file it took, finished batches too, as not analyzed, and fails the scan', () => {
    const r = capped('--format', 'json');
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    const errors: { path: string; reason: string }[] = report.ruleErrors;
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e.reason).toMatch(/^analysis worker stopped: .*memory limit/);
    // every file is accounted for exactly once: its findings, or a rule error
    const withFindings = new Set<string>(report.findings.map((f: { path: string }) => f.path));
    const failed = errors.map((e) => e.path);
    expect(failed.filter((p) => withFindings.has(p))).toEqual([]);
    expect([...withFindings, ...failed].sort()).toEqual([...files].sort());
    // the worker finished light batches before it died: their files are errors too, not silently missing
    expect(failed.filter((p) => p.startsWith('b')).length).toBeGreaterThan(0);
    expect(failed.filter((p) => p.startsWith('z'))).toHaveLength(8);
    expect(failed.filter((p) => p.startsWith('a'))).toEqual([]);

    const text = capped('--format', 'text', '--verbose');
    expect(text.status).toBe(1);
    expect(text.stdout).toContain(`${errors.length} rule errors`);
    expect(text.stdout).toContain('analysis worker stopped');
    expect(text.stderr).toMatch(new RegExp(`a worker thread stopped \\(.*memory limit.*\\): the ${errors.length} files it took are reported as not analyzed`));
  }, 600_000);

  it('says so under --verbose when it stops before taking a file, and the others analyze its share', () => {
    // a heap cap the bundle cannot even load under: the worker dies while it starts
    const r = spawnSync(process.execPath, [cli, 'scan', repo.dir, '--jobs', '2', '--format', 'json', '--fail-on', 'never', '--verbose'], {
      encoding: 'utf8',
      timeout: 300_000,
      maxBuffer: 1 << 28,
      env: { ...process.env, AGENT_GUARD_WORKER_HEAP_MB: '1' },
    });
    expect(r.stderr).toMatch(/a worker thread stopped \(.*memory limit.*\): before it took any file; the other threads analyzed its share/);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(scan('--jobs', '1', '--format', 'json').stdout);
  }, 600_000);
});
