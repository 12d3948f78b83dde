import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultConfig } from '../../src/core/config.js';
import { cacheKey } from '../../src/engine/cache.js';
import { ALL_RULES } from '../../src/families/index.js';
import { fakeKey, seededRng } from '../../src/families/secret/fake-keys.js';
import { runCli } from '../helpers/cli.js';
import { git, initRepo, tempDir, writeTree } from '../helpers/repo.js';

/**
 * `scan --cache` (issue 16, item 4) through the CLI on real git repositories: a warm scan reuses what did not
 * change (the --verbose line counts what was analyzed) and reports exactly what a scan without the cache does.
 */

// A tool handler in two modules calling a helper that calls a sink in a third module.
const server = (name: string) =>
  [
    'from mcp.server.fastmcp import FastMCP',
    'from .helpers import run_command',
    'mcp = FastMCP("x")',
    '',
    '@mcp.tool()',
    `def ${name}(target: str) -> str:`,
    '    cmd = "deploy " + target',
    '    return run_command(cmd)',
    '',
  ].join('\n');
const HELPERS = ['from .deep import execute', '', 'def run_command(command):', '    return execute(command)', ''].join('\n');
const DEEP_UNSAFE = ['import subprocess', '', 'def execute(command):', '    return subprocess.check_output(command, shell=True)', ''].join('\n');
const DEEP_SAFE = ['import shlex', '', 'def execute(command):', '    return shlex.quote(command)', ''].join('\n');

let repo: { dir: string; cleanup: () => void };
let home: { dir: string; cleanup: () => void };
let env: NodeJS.ProcessEnv;

beforeEach(() => {
  repo = tempDir('agent-guard-cache-repo-');
  home = tempDir('agent-guard-cache-home-');
  env = { XDG_CACHE_HOME: home.dir };
  cpSync('examples/vulnerable-agent', repo.dir, { recursive: true });
  writeTree(repo.dir, {
    '.env': `OPENAI_API_KEY=${fakeKey('openai-project', seededRng(4242)).key}\n`,
    'ops/__init__.py': '',
    'ops/server.py': server('deploy'),
    'ops/second.py': server('release'),
    'ops/helpers.py': HELPERS,
    'ops/deep.py': DEEP_UNSAFE,
    // test code (testFiles): a reused file still counts in the summary
    'ops/tests/test_server.py': server('probe'),
    // a suppression without a reason: a notice that a reused file must bring back too
    'notes/app.py': 'import subprocess\nsubprocess.run("ls", shell=True)  # agent-guard-ignore tool-input/command-injection\n',
  });
  initRepo(repo.dir);
});
afterEach(() => {
  repo?.cleanup();
  home?.cleanup();
});

const scan = (...args: string[]) => runCli(['scan', '--format', 'json', '--fail-on', 'never', ...args], repo.dir, env);

/** The --verbose line of the cache: [reused, files, analyzed]. */
function cacheLine(stderr: string): [number, number, number] {
  const m = /scan cache .*: (\d+) of (\d+) files reused, (\d+) analyzed/.exec(stderr);
  if (!m) throw new Error(`no cache line in:\n${stderr}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function cacheFiles(): string[] {
  const dir = join(home.dir, 'agent-guard');
  return existsSync(dir) ? readdirSync(dir).map((f) => join(dir, f)) : [];
}

describe('scan --cache', () => {
  it('reports the same warm as cold and as without the cache, in every format, and reuses every file it kept', async () => {
    for (const format of ['json', 'sarif', 'text']) {
      const plain = await runCli(['scan', '--format', format, '--fail-on', 'never'], repo.dir, env);
      const cold = await runCli(['scan', '--format', format, '--fail-on', 'never', '--cache', '--verbose'], repo.dir, env);
      const warm = await runCli(['scan', '--format', format, '--fail-on', 'never', '--cache', '--verbose'], repo.dir, env);
      expect(cold.stdout).toBe(plain.stdout);
      expect(warm.stdout).toBe(plain.stdout);
      expect(warm.code).toBe(plain.code);
      if (format === 'json') {
        const [, files, analyzed] = cacheLine(cold.stderr);
        expect(analyzed).toBe(files);
        // the file with the key is analyzed every time (a secret is never written to the cache)
        expect(cacheLine(warm.stderr)).toEqual([files - 1, files, 1]);
        const report = JSON.parse(plain.stdout);
        expect(report.summary.testFiles).toBe(1);
        expect(new Set(report.findings.map((f: { ruleId: string }) => f.ruleId.split('/')[0]))).toEqual(
          new Set(['secret', 'tool-input', 'rate-limit', 'tool-payload']),
        );
      }
    }
    // the cache holds no key, and lives outside the repository
    const [file] = cacheFiles();
    expect(readFileSync(file, 'utf8')).not.toContain(readFileSync(join(repo.dir, '.env'), 'utf8').split('=')[1].trim());
    expect(git(repo.dir, 'status', '--porcelain')).toBe('');
  });

  it('analyzes again only a changed file and the files whose analysis read it', async () => {
    const cold = await scan('--cache', '--verbose');
    const files = cacheLine(cold.stderr)[1];
    const flows = (out: string) => JSON.parse(out).findings.filter((f: { path: string }) => f.path === 'ops/deep.py').length;
    expect(flows(cold.stdout)).toBe(2); // one flow per tool

    writeFileSync(join(repo.dir, 'agent', 'settings.py'), readFileSync(join(repo.dir, 'agent', 'settings.py'), 'utf8') + '\n# edited\n');
    const one = await scan('--cache', '--verbose');
    expect(cacheLine(one.stderr)).toEqual([files - 2, files, 2]); // settings.py and .env

    // deep.py is read by both tools' analyses (the second through the summary the first computed)
    writeFileSync(join(repo.dir, 'ops', 'deep.py'), DEEP_SAFE);
    const changed = await scan('--cache', '--verbose');
    expect(cacheLine(changed.stderr)).toEqual([files - 4, files, 4]); // deep.py, server.py, second.py, .env
    expect(flows(changed.stdout)).toBe(0);
    expect(changed.stdout).toBe((await scan()).stdout);

    writeFileSync(join(repo.dir, 'ops', 'deep.py'), DEEP_UNSAFE);
    const back = await scan('--cache', '--verbose');
    expect(flows(back.stdout)).toBe(2);
    expect(back.stdout).toBe(cold.stdout);
  });

  it('drops the entries that read other files when a file is added or removed', async () => {
    const files = cacheLine((await scan('--cache', '--verbose')).stderr)[1];
    writeFileSync(join(repo.dir, 'added.md'), '# notes\n');
    const added = await scan('--cache', '--verbose');
    const [reused, total, analyzed] = cacheLine(added.stderr);
    expect(total).toBe(files + 1);
    expect(analyzed).toBeGreaterThanOrEqual(5); // added.md, .env, server.py, second.py (read helpers.py), helpers.py (read deep.py)
    expect(reused + analyzed).toBe(total);
    expect(added.stdout).toBe((await scan()).stdout);
  });

  it('starts over when the config changes, and when the cache was written by another version', async () => {
    const files = cacheLine((await scan('--cache', '--verbose')).stderr)[1];
    writeFileSync(join(repo.dir, '.agent-guard.yml'), 'rules:\n  rate-limit/unbounded-agent-loop: off\n');
    git(repo.dir, 'add', '.agent-guard.yml');
    const configured = await scan('--cache', '--verbose');
    expect(cacheLine(configured.stderr)).toEqual([0, files, files]); // the config file itself is not scanned
    expect(configured.stdout).toBe((await scan()).stdout);
    expect(cacheLine((await scan('--cache', '--verbose')).stderr)[0]).toBe(files - 1);

    const [file] = cacheFiles();
    const data = JSON.parse(readFileSync(file, 'utf8'));
    expect(cacheKey(defaultConfig(), ALL_RULES, '0.0.1')).not.toBe(cacheKey(defaultConfig(), ALL_RULES));
    writeFileSync(file, JSON.stringify({ ...data, version: '0.0.1', key: cacheKey(defaultConfig(), ALL_RULES, '0.0.1') }));
    const other = await scan('--cache', '--verbose');
    expect(cacheLine(other.stderr)).toEqual([0, files, files]);
    expect(other.stderr).not.toContain('warning');
  });

  it('keys the cache by version, config and the options of the rules enabled', () => {
    const base = cacheKey(defaultConfig(), ALL_RULES);
    expect(cacheKey(defaultConfig(), ALL_RULES)).toBe(base);
    expect(cacheKey({ ...defaultConfig(), exclude: ['docs/**'] }, ALL_RULES)).not.toBe(base);
    expect(cacheKey({ ...defaultConfig(), rules: { 'rate-limit/unbounded-agent-loop': { severity: 'off' } } }, ALL_RULES)).not.toBe(base);
    expect(cacheKey(defaultConfig(), ALL_RULES.slice(1))).not.toBe(base);
  });

  it('ignores a corrupt, foreign or symbolic-link cache with a one-line warning and scans in full', async () => {
    const plain = await scan();
    const files = cacheLine((await scan('--cache', '--verbose')).stderr)[1];
    const [file] = cacheFiles();
    const good = readFileSync(file, 'utf8');
    const cases: [string, () => void, RegExp][] = [
      ['truncated', () => writeFileSync(file, good.slice(0, good.length / 2)), /is not valid JSON; ignored, scanning without it/],
      ['foreign', () => writeFileSync(file, JSON.stringify({ hello: 'world' })), /is not an agent-guard scan cache of this format/],
      [
        'tampered',
        () => writeFileSync(file, good.replace('"fingerprintContent":"', '"fingerprintContent":0,"_":"')),
        /is not an agent-guard scan cache of this format/,
      ],
      [
        'symlink',
        () => {
          const elsewhere = join(home.dir, 'elsewhere.json');
          writeFileSync(elsewhere, good);
          rmSync(file);
          symlinkSync(elsewhere, file);
        },
        /is a symbolic link, not followed/,
      ],
    ];
    for (const [name, spoil, warning] of cases) {
      spoil();
      const run = await scan('--cache', '--verbose');
      const warnings = run.stderr.split('\n').filter((l) => l.includes('warning'));
      expect({ name, warnings: warnings.length }).toEqual({ name, warnings: 1 });
      expect(warnings[0]).toMatch(warning);
      expect(cacheLine(run.stderr)).toEqual([0, files, files]);
      expect(run.stdout).toBe(plain.stdout);
    }
  });

  it('never keeps a file whose analysis failed: it is analyzed, and reported, every time', async () => {
    // One tool-payload line nested 50,000 deep overflows the stack of the payload walker: a rule error.
    writeFileSync(join(repo.dir, 'tools.jsonl'), `${'{"a":'.repeat(50000)}1${'}'.repeat(50000)}\n`);
    const cold = await scan('--cache', '--verbose');
    const files = cacheLine(cold.stderr)[1];
    expect(JSON.parse(cold.stdout).ruleErrors.map((e: { path: string }) => e.path)).toEqual(['tools.jsonl']);
    const warm = await scan('--cache', '--verbose');
    expect(cacheLine(warm.stderr)).toEqual([files - 2, files, 2]); // tools.jsonl and .env
    expect(warm.stdout).toBe(cold.stdout);
    expect(warm.code).toBe(cold.code);
    expect(readFileSync(cacheFiles()[0], 'utf8')).not.toContain('"tools.jsonl"');
  });

  it('is refused with a history scan (exit 2, one line)', async () => {
    const run = await runCli(['scan', '--history', '--cache'], repo.dir, env);
    expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: 'agent-guard: --cache cannot be used with a history scan\n',
    });
    expect(cacheFiles()).toEqual([]);
  });

  it('never writes into the scanned repository by default', async () => {
    const inside = { XDG_CACHE_HOME: join(repo.dir, '.cache') };
    const run = await runCli(['scan', '--format', 'json', '--fail-on', 'never', '--cache'], repo.dir, inside);
    expect(run.stderr).toMatch(/^agent-guard: warning: the default scan cache .* is inside the scanned repository; scanning without a cache/);
    expect(existsSync(join(repo.dir, '.cache'))).toBe(false);
    expect(run.stdout).toBe((await scan()).stdout);
    // given explicitly, a location is used as given
    const explicit = join(home.dir, 'my-cache.json');
    await scan('--cache-location', explicit);
    expect(JSON.parse(readFileSync(explicit, 'utf8')).agentGuardScanCache).toBe(1);
  });
});
