import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fakeKey, seededRng } from '../../src/families/secret/fake-keys.js';
import { programRunner } from '../helpers/programs.js';

/**
 * The package as users get it: `npm pack` of this repository, installed from the tarball into an empty
 * project and used as after `npm i -D agent-guard` — `npx agent-guard scan`, `npx agent-guard
 * install-hook`, and real `git commit`s blocked by the hook, called directly, from core.hooksPath and from
 * husky and lefthook. The package has no dependencies, so installing the tarball needs no registry
 * (`--offline`, with an empty cache); only the last block installs husky and lefthook from the registry.
 */
const key = fakeKey('anthropic', seededRng(1212)).key;
const masked = `${key.slice(0, 8)}…`;
const leak = (file: string) => ({ [file]: `ANTHROPIC_API_KEY = "${key}"\n` });
const fixed = (file: string) => ({ [file]: 'import os\nANTHROPIC_API_KEY = os.environ["ANTHROPIC_API_KEY"]\n' });
const HUSKY = 'husky@9.1.7';
const LEFTHOOK = 'lefthook@2.2.2';

let work: string;
let tarball: string;
/** A user's shell: no npm-run variables or node_modules/.bin on PATH, no git config but the repository's. */
const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|GIT_|NODE_OPTIONS$|INIT_CWD$)/i.test(k)));
env.PATH = [...(process.env.PATH ?? '').split(delimiter).filter((p) => p && !/[\\/]node_modules[\\/]/.test(p)), dirname(process.execPath)].join(delimiter);
Object.assign(env, { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', NO_COLOR: '1', npm_config_update_notifier: 'false' });

const { run, ok } = programRunner(env, 120_000);

function write(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
}

const commits = (dir: string) => Number(ok('git', ['rev-list', '--count', 'HEAD'], dir).trim());

/** An empty npm project in a git repository with agent-guard installed from the tarball, committed. */
function userProject(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir);
  ok('git', ['init', '-q', '-b', 'main'], dir);
  ok('git', ['config', 'user.name', 'Test User'], dir);
  ok('git', ['config', 'user.email', 'test@example.com'], dir);
  ok('npm', ['init', '-y'], dir);
  write(dir, { '.gitignore': 'node_modules/\n', 'README.md': '# my agent\n' });
  // --offline with a cache of its own: any attempt to reach a registry fails the install.
  ok('npm', ['install', '--offline', '--cache', join(work, 'offline-cache'), '--no-audit', '--no-fund', '--save-dev', tarball], dir);
  ok('git', ['add', '-A'], dir);
  ok('git', ['commit', '-q', '-m', 'initial'], dir);
  return dir;
}

/** Stage a key and commit: the hook must block it, print the finding masked, and leave HEAD alone. */
function expectBlockedCommit(dir: string, file = 'agent/settings.py'): string {
  const before = commits(dir);
  write(dir, leak(file));
  ok('git', ['add', '-A'], dir);
  const r = run('git', ['commit', '-q', '-m', 'add settings'], dir);
  expect(r.code).not.toBe(0);
  expect(r.out).toContain(file);
  expect(r.out).toContain('secret/anthropic-api-key');
  expect(r.out).toContain(masked);
  expect(r.out).not.toContain(key);
  expect(commits(dir)).toBe(before);
  return r.out;
}

/** Replace the staged key with a reference to the environment and commit: the hook lets it through. */
function expectCleanCommit(dir: string, file = 'agent/settings.py'): void {
  const before = commits(dir);
  write(dir, fixed(file));
  ok('git', ['add', '-A'], dir);
  const r = run('git', ['commit', '-q', '-m', 'settings from the environment'], dir);
  expect(r.out).not.toContain('secret/anthropic-api-key');
  expect(r.code).toBe(0);
  expect(commits(dir)).toBe(before + 1);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)) : [join(dir, name)]));
}

beforeAll(() => {
  work = realpathSync(mkdtempSync(join(tmpdir(), 'agent-guard-tarball-')));
  const packed = JSON.parse(ok('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], process.cwd()));
  tarball = join(work, packed[0].filename);
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('names the tarball after package.json', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(tarball).toBe(join(work, `${pkg.name}-${pkg.version}.tgz`));
  });

  it('ships the bin, the CLI bundle, wasm, hooks, schema, docs, licences and changelog, and no sources or Action bundle', () => {
    const listing = ok('tar', ['-tzvf', tarball], work).trim().split('\n');
    const files = listing.map((line) => line.replace(/^.* package\//, ''));
    const required = [
      'package.json',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      '.pre-commit-hooks.yaml',
      'dist/examples/vulnerable-agent/agent/tools.py',
      'bin/agent-guard.js',
      'dist/cli.js',
      'dist/THIRD-PARTY-LICENSES.txt',
      'hooks/pre-commit',
      'schema/config.schema.json',
      ...readdirSync('dist/wasm').map((f) => `dist/wasm/${f}`),
      ...filesUnder('docs/rules').map((f) => f.replace(/\\/g, '/')),
    ];
    expect(required.filter((f) => f.endsWith('.wasm'))).toHaveLength(5);
    expect(required.filter((f) => f.startsWith('docs/rules/')).length).toBeGreaterThan(50);
    expect(required.filter((f) => !files.includes(f))).toEqual([]);
    expect(files.filter((f) => /^(src|test|scripts|bench|node_modules|\.github|\.ci)\//.test(f))).toEqual([]);
    // The Action runs from the git tag, not from npm: its bundle and action.yml are not shipped.
    expect(files.filter((f) => f === 'dist/action.js' || f === 'action.yml')).toEqual([]);
    // the bin and the hook stay executable (core.hooksPath node_modules/agent-guard/hooks relies on it)
    for (const exe of ['bin/agent-guard.js', 'hooks/pre-commit']) expect(listing.find((l) => l.endsWith(`package/${exe}`))).toMatch(/^-rwx/);
  });

  it('declares no dependencies and no install scripts, and names what it bundles in the licences file', () => {
    const pkg = JSON.parse(ok('tar', ['-xzOf', tarball, 'package/package.json'], work));
    for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies', 'bundleDependencies']) expect(pkg[field]).toBeUndefined();
    for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) expect(pkg.scripts?.[script]).toBeUndefined();
    const licences = ok('tar', ['-xzOf', tarball, 'package/dist/THIRD-PARTY-LICENSES.txt'], work);
    for (const name of ['@secretlint/core@', 'ajv@', 'yaml@', 'web-tree-sitter@', '@vscode/tree-sitter-wasm@']) expect(licences).toContain(name);
    expect(ok('tar', ['-xzOf', tarball, 'package/LICENSE'], work)).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} /);
  });
});

describe('installed from the tarball into an empty project (npm i -D agent-guard)', () => {
  let app: string;
  beforeAll(() => {
    app = userProject('app');
  }, 120_000);

  it('installs without a registry: one package, nothing else', () => {
    expect(readdirSync(join(app, 'node_modules')).sort()).toEqual(['.bin', '.package-lock.json', 'agent-guard']);
    expect(existsSync(join(app, 'node_modules/agent-guard/node_modules'))).toBe(false);
    expect(Object.keys(JSON.parse(readFileSync(join(app, 'package-lock.json'), 'utf8')).packages)).toEqual(['', 'node_modules/agent-guard']);
  });

  it('npx agent-guard scan: exit 0 on a clean repository, 1 on a key (shown masked)', () => {
    const clean = run('npx', ['agent-guard', 'scan'], app);
    expect(clean.out).toContain('no problems');
    expect(clean.code).toBe(0);

    write(app, leak('agent/settings.py'));
    const dirty = run('npx', ['agent-guard', 'scan'], app);
    expect(dirty.code).toBe(1);
    expect(dirty.out).toMatch(/agent\/settings\.py\n\s+1:\d+\s+error\s+Anthropic API key committed: /);
    expect(dirty.out).toContain(masked);
    expect(dirty.out).not.toContain(key);
    rmSync(join(app, 'agent'), { recursive: true });
  });

  it('npx agent-guard install-hook: the git hook blocks a commit with a key and passes a clean one', () => {
    const install = run('npx', ['agent-guard', 'install-hook'], app);
    expect(install).toEqual({ code: 0, out: 'agent-guard: installed the pre-commit hook at .git/hooks/pre-commit\n' });
    const hook = join(app, '.git/hooks/pre-commit');
    expect(statSync(hook).mode & 0o111).not.toBe(0);
    expect(readFileSync(hook, 'utf8')).toContain(`AGENT_GUARD_FALLBACK='${join(app, 'node_modules/agent-guard/bin/agent-guard.js')}'`);
    expect(expectBlockedCommit(app)).toContain('agent-guard: commit blocked.');
    expectCleanCommit(app);
  });

  it('git config core.hooksPath node_modules/agent-guard/hooks: the shipped hook blocks a commit', () => {
    const dir = userProject('hooks-path');
    ok('git', ['config', 'core.hooksPath', 'node_modules/agent-guard/hooks'], dir);
    expectBlockedCommit(dir);
    expectCleanCommit(dir);
  }, 60_000);

  it('husky-style .husky/pre-commit (core.hooksPath .husky) running npx --no-install agent-guard scan --staged', () => {
    const dir = userProject('husky-style');
    write(dir, { '.husky/pre-commit': '#!/usr/bin/env sh\nnpx --no-install agent-guard scan --staged\n' });
    chmodSync(join(dir, '.husky/pre-commit'), 0o755);
    ok('git', ['config', 'core.hooksPath', '.husky'], dir);
    // install-hook leaves husky's hooks alone and says what to add instead
    const install = run('npx', ['agent-guard', 'install-hook'], dir);
    expect(install.code).toBe(2);
    expect(install.out).toContain('npx --no-install agent-guard scan --staged');
    expectBlockedCommit(dir);
    expectCleanCommit(dir);
  }, 60_000);
});

describe(`hook managers installed from the npm registry (${HUSKY}, ${LEFTHOOK})`, () => {
  let dir: string;
  beforeAll(() => {
    dir = userProject('managers');
    // The one step that needs the registry (--prefer-offline: a warm npm cache is enough).
    ok('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--save-dev', '--save-exact', HUSKY, LEFTHOOK], dir);
    ok('git', ['add', '-A'], dir);
    ok('git', ['commit', '-q', '-m', 'hook managers'], dir);
  }, 180_000);

  it('husky: npx husky init, then .husky/pre-commit runs agent-guard', () => {
    ok('npx', ['--no-install', 'husky', 'init'], dir);
    expect(ok('git', ['config', 'core.hooksPath'], dir).trim()).toBe('.husky/_');
    write(dir, { '.husky/pre-commit': 'npx --no-install agent-guard scan --staged\n' });
    expectBlockedCommit(dir);
    expectCleanCommit(dir);
    ok('git', ['config', '--unset', 'core.hooksPath'], dir);
  }, 60_000);

  it('lefthook: lefthook.yml runs agent-guard on pre-commit', () => {
    write(dir, { 'lefthook.yml': 'pre-commit:\n  commands:\n    agent-guard:\n      run: npx --no-install agent-guard scan --staged\n' });
    ok('npx', ['--no-install', 'lefthook', 'install'], dir);
    expect(readFileSync(join(dir, '.git/hooks/pre-commit'), 'utf8')).toMatch(/lefthook/);
    expectBlockedCommit(dir, 'agent/model.py');
    expectCleanCommit(dir, 'agent/model.py');
  }, 60_000);
});
