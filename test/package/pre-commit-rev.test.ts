import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fakeKey, seededRng } from '../../src/families/secret/fake-keys.js';
import { programRunner } from '../helpers/programs.js';

/**
 * The README's pre-commit advice, with the real `pre-commit` program against a copy of this repository
 * laid out as released (bin/, dist/, hooks/, .pre-commit-hooks.yaml) and tagged as the release workflow
 * tags it: an exact tag per release, and the major tag moved to the latest one.
 * - `rev:` an exact tag runs the hook and blocks a staged key;
 * - `rev:` the moving major tag makes pre-commit warn that the reference is mutable;
 * - `pre-commit autoupdate` moves `rev:` to the latest exact tag, not to the major tag beside it.
 */
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const release = `v${pkg.version}`;
const major = `v${pkg.version.split('.')[0]}`;
const [maj, min, patch] = pkg.version.split(/[.-]/).map(Number);
const next = `v${maj}.${min}.${patch + 1}`; // the next release, on a later commit
const key = fakeKey('anthropic', seededRng(4242)).key;

let work: string;
let hookRepo: string;
const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(GIT_|NODE_OPTIONS$)/.test(k)));

const { run, ok } = programRunner(env, 60_000);
function gitRepo(dir: string): void {
  mkdirSync(dir, { recursive: true });
  ok('git', ['init', '-q', '-b', 'main'], dir);
  ok('git', ['config', 'user.name', 'Test User'], dir);
  ok('git', ['config', 'user.email', 'test@example.com'], dir);
}
function userRepo(name: string, rev: string): string {
  const dir = join(work, name);
  gitRepo(dir);
  writeFileSync(join(dir, '.pre-commit-config.yaml'), `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: agent-guard\n`);
  mkdirSync(join(dir, 'agent'));
  writeFileSync(join(dir, 'agent/settings.py'), `ANTHROPIC_API_KEY = "${key}"\n`);
  ok('git', ['add', '-A'], dir);
  return dir;
}

beforeAll(() => {
  work = realpathSync(mkdtempSync(join(tmpdir(), 'agent-guard-precommit-')));
  Object.assign(env, { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', NO_COLOR: '1', PRE_COMMIT_HOME: join(work, 'pre-commit-home') });
  hookRepo = join(work, 'agent-guard');
  gitRepo(hookRepo);
  for (const f of ['bin', 'dist', 'hooks', '.pre-commit-hooks.yaml', 'package.json']) {
    mkdirSync(dirname(join(hookRepo, f)), { recursive: true });
    cpSync(f, join(hookRepo, f), { recursive: true });
  }
  ok('git', ['add', '-A'], hookRepo);
  ok('git', ['commit', '-q', '-m', `release ${release}`], hookRepo);
  ok('git', ['tag', release], hookRepo);
  ok('git', ['commit', '-q', '--allow-empty', '-m', `release ${next}`], hookRepo);
  ok('git', ['tag', next], hookRepo);
  ok('git', ['tag', major], hookRepo); // moved to the latest release, as .github/workflows/release.yml does
}, 60_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('pre-commit with rev: pinned to a release tag', () => {
  it('rev: an exact tag runs the hook, blocks the staged key and shows it masked, without a warning', () => {
    const dir = userRepo('exact', release);
    const r = run('pre-commit', ['run'], dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/agent-guard\.+Failed/);
    expect(r.out).toContain('secret/anthropic-api-key');
    expect(r.out).toContain(`${key.slice(0, 8)}…`);
    expect(r.out).not.toContain(key);
    expect(r.out).not.toContain('mutable reference');
  });

  it(`rev: the moving major tag (${major}) gets pre-commit's mutable-reference warning`, () => {
    const dir = userRepo('major', major);
    const r = run('pre-commit', ['run'], dir);
    expect(r.out).toMatch(new RegExp(`rev' field of repo .* appears to be a mutable reference`));
    expect(r.code).toBe(1);
  });

  it(`pre-commit autoupdate moves rev: to the latest exact tag, not to ${major}`, () => {
    const dir = userRepo('autoupdate', release);
    ok('pre-commit', ['autoupdate'], dir);
    expect(readFileSync(join(dir, '.pre-commit-config.yaml'), 'utf8')).toContain(`rev: ${next}\n`);
  });
});
