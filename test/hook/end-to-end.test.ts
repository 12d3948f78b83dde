import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHAINED_NAME } from '../../src/cli/commands/install-hook.js';
import { fakeKey, seededRng } from '../../src/families/secret/fake-keys.js';
import { git, GIT_TEST_ENV, initRepo, tempDir, writeTree } from '../helpers/repo.js';

/**
 * The hook as users run it: the real `pre-commit` program (Debian package pre-commit) and real
 * `git commit` with the plain git hook, both driving a freshly built bundle in a copy of this project
 * laid out like a release (bin/, dist/, hooks/, .pre-commit-hooks.yaml). Blocking a staged key relies on
 * the real secret/anthropic-api-key rule.
 */
const key = fakeKey('anthropic', seededRng(9001)).key;
const masked = `${key.slice(0, 8)}…`;

let work: { dir: string; cleanup: () => void };
let hookRepo: string;
let env: NodeJS.ProcessEnv;

function run(cmd: string, args: string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(cmd, args, { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 50_000 });
  if (r.error) throw r.error;
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

let counter = 0;
function targetRepo(files: Record<string, string> = { 'README.md': '# target\n' }): string {
  const dir = join(work.dir, `target-${++counter}`);
  mkdirSync(dir);
  initRepo(dir, files);
  return dir;
}

beforeAll(() => {
  work = tempDir('agent-guard-e2e-');
  hookRepo = join(work.dir, 'agent-guard');
  // AGENT_GUARD_TEST_DIST=DIR uses an already built dist/ (e.g. the committed one) instead of building.
  if (process.env.AGENT_GUARD_TEST_DIST) {
    cpSync(process.env.AGENT_GUARD_TEST_DIST, join(hookRepo, 'dist'), { recursive: true });
  } else {
    const build = spawnSync(process.execPath, ['scripts/build.mjs', '--out', join(hookRepo, 'dist')], { encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  }
  for (const f of ['bin', 'hooks', '.pre-commit-hooks.yaml', 'package.json']) cpSync(f, join(hookRepo, f), { recursive: true });
  initRepo(hookRepo, {}, { message: 'release' });
  env = {
    ...process.env,
    ...GIT_TEST_ENV,
    PRE_COMMIT_HOME: join(work.dir, 'pre-commit-home'),
    NO_COLOR: '1',
  };
  delete env.GIT_INDEX_FILE;
  delete env.GIT_DIR;
}, 60_000);

afterAll(() => work?.cleanup());

describe('pre-commit framework (pre-commit try-repo)', () => {
  it('is installed (CI installs the Debian package)', () => {
    expect(run('pre-commit', ['--version'], work.dir).out).toMatch(/^pre-commit \d+\./);
  });

  it('blocks a staged key and prints the finding masked', () => {
    const dir = targetRepo();
    writeTree(dir, { 'agent/settings.py': `ANTHROPIC_API_KEY = "${key}"\n` });
    git(dir, 'add', '-A');
    const r = run('pre-commit', ['try-repo', hookRepo, 'agent-guard'], dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/agent-guard\.+Failed/);
    expect(r.out).toContain('agent/settings.py');
    expect(r.out).toContain('secret/anthropic-api-key');
    expect(r.out).toContain(masked);
    expect(r.out).not.toContain(key);
  });

  it('passes a clean commit', () => {
    const dir = targetRepo();
    writeTree(dir, { 'agent/settings.py': 'import os\nANTHROPIC_API_KEY = os.environ["ANTHROPIC_API_KEY"]\n' });
    git(dir, 'add', '-A');
    const r = run('pre-commit', ['try-repo', hookRepo, 'agent-guard'], dir);
    expect(r.out).toMatch(/agent-guard\.+Passed/);
    expect(r.code).toBe(0);
  });
});

describe('plain git hook (hooks/pre-commit)', () => {
  it('blocks a commit with a staged key, masked, and lets a clean commit through (core.hooksPath)', () => {
    const dir = targetRepo();
    git(dir, 'config', 'core.hooksPath', join(hookRepo, 'hooks'));
    writeTree(dir, { 'my agent/ключ.py': `KEY = "${key}"\n` });
    git(dir, 'add', '-A');
    const blocked = run('git', ['commit', '-q', '-m', 'leak'], dir);
    expect(blocked.code).toBe(1);
    expect(blocked.out).toContain('my agent/ключ.py');
    expect(blocked.out).toContain('agent-guard: commit blocked.');
    expect(blocked.out).toContain(masked);
    expect(blocked.out).not.toContain(key);
    expect(run('git', ['rev-list', '--count', 'HEAD'], dir).out.trim()).toBe('1');

    // an unstaged fix is not believed
    writeTree(dir, { 'my agent/ключ.py': 'KEY = None\n' });
    expect(run('git', ['commit', '-q', '-m', 'leak'], dir).code).toBe(1);

    git(dir, 'add', '-A');
    const ok = run('git', ['commit', '-q', '-m', 'clean'], dir);
    expect(ok.out).toContain('no problems');
    expect(ok.code).toBe(0);
  });

  it('scans what "git commit -a" commits (the temporary index)', () => {
    const dir = targetRepo({ 'app.py': 'x = 1\n' });
    git(dir, 'config', 'core.hooksPath', join(hookRepo, 'hooks'));
    writeTree(dir, { 'app.py': `x = "${key}"\n` });
    const r = run('git', ['commit', '-q', '-a', '-m', 'all'], dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain(masked);
  });

  it('is installed by "agent-guard install-hook", chained after an existing hook', () => {
    const dir = targetRepo();
    const existing = join(dir, '.git/hooks/pre-commit');
    writeFileSync(existing, '#!/bin/sh\necho ran >> "$(git rev-parse --git-dir)/previous-hook-ran"\n');
    chmodSync(existing, 0o755);
    const install = run(process.execPath, [join(hookRepo, 'bin/agent-guard.js'), 'install-hook'], dir);
    expect(install.code).toBe(0);
    expect(existsSync(join(dir, '.git/hooks', CHAINED_NAME))).toBe(true);
    expect(readFileSync(existing, 'utf8')).toContain(`AGENT_GUARD_FALLBACK='${join(hookRepo, 'bin/agent-guard.js')}'`);

    writeTree(dir, { '.env': `ANTHROPIC_API_KEY=${key}\n` });
    git(dir, 'add', '-A');
    const blocked = run('git', ['commit', '-q', '-m', 'leak'], dir);
    expect(blocked.code).toBe(1);
    expect(blocked.out).toContain(masked);
    expect(readFileSync(join(dir, '.git/previous-hook-ran'), 'utf8')).toBe('ran\n');

    // AGENT_GUARD_SKIP=1 lets one commit through on purpose
    expect(run('git', ['commit', '-q', '-m', 'skip'], dir, { AGENT_GUARD_SKIP: '1' }).code).toBe(0);
  });

  it('applies .agent-guard-baseline.json when present', () => {
    const dir = targetRepo({ 'app.py': `x = "${key}"\n` });
    const bin = join(hookRepo, 'bin/agent-guard.js');
    expect(run(process.execPath, [bin, 'baseline'], dir).code).toBe(0);
    git(dir, 'config', 'core.hooksPath', join(hookRepo, 'hooks'));
    writeTree(dir, { 'app.py': `\n\nx = "${key}"\n` });
    git(dir, 'add', '-A');
    const r = run('git', ['commit', '-q', '-m', 'move the baselined key'], dir);
    expect(r.out).toContain('1 finding suppressed');
    expect(r.code).toBe(0);
  });
});
