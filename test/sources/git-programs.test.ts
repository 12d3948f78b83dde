import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { git, makeRepo, tempDir } from '../helpers/repo.js';
import { fakeKey, seededRng } from '../../src/families/secret/fake-keys.js';

const key = fakeKey('anthropic', seededRng(77)).key;

/**
 * A repository whose own git config names a program for every hook git offers on content: filter
 * drivers (clean, smudge, long-running process; one driver name holding a `=`), textconv, an external
 * diff and fsmonitor. Each program leaves a marker file; agent-guard must run none of them, in any mode,
 * and still find the planted key.
 */
function hostileRepo(markers: string) {
  const repo = makeRepo({ 'a.py': 'x = 1\n', 'b.py': 'y = 1\n' }, { commit: true });
  const mark = (name: string) => `sh -c 'touch ${join(markers, name)}; cat'`;
  writeFileSync(join(repo.dir, '.gitattributes'), '*.py filter=evil diff=evil\nb.py filter=x=y\n');
  for (const [k, v] of [
    ['filter.evil.clean', mark('clean')],
    ['filter.evil.smudge', mark('smudge')],
    ['filter.evil.process', mark('process')],
    ['filter.evil.required', 'true'],
    ['filter.x=y.process', mark('process-eq')],
    ['filter.x=y.clean', mark('clean-eq')],
    ['diff.evil.textconv', mark('textconv')],
    ['diff.external', mark('external')],
    ['core.fsmonitor', mark('fsmonitor')],
  ])
    git(repo.dir, 'config', k, v);
  // The key changes in the working tree and in the index, so every mode has content to compare.
  writeFileSync(join(repo.dir, 'a.py'), `ANTHROPIC_API_KEY = "${key}"\n`);
  writeFileSync(join(repo.dir, 'b.py'), 'y = 2\n');
  return repo;
}

/** The test's own git steps (add, commit) with every hostile program switched off. */
function plainGit(dir: string, ...args: string[]): void {
  const off = ['filter.evil.clean=cat', 'filter.evil.smudge=cat', 'filter.evil.process=', 'filter.evil.required=false', 'core.fsmonitor=false'];
  git(dir, ...off.flatMap((c) => ['-c', c]), ...args);
}

describe('git programs chosen by the scanned repository', () => {
  const modes: [string, string[], (dir: string) => void][] = [
    ['scan', ['scan', '--format', 'json'], () => {}],
    ['scan --changed-since HEAD', ['scan', '--changed-since', 'HEAD', '--format', 'json'], () => {}],
    ['scan --staged', ['scan', '--staged', '--format', 'json'], (dir) => plainGit(dir, 'add', 'a.py')],
    [
      'scan --history',
      ['scan', '--history', '--format', 'json'],
      (dir) => {
        plainGit(dir, 'add', 'a.py');
        plainGit(dir, 'commit', '-qm', 'leak');
      },
    ],
  ];

  for (const [name, args, prepare] of modes) {
    it(`${name}: runs none of them and still finds the key`, async () => {
      const markers = tempDir();
      const repo = hostileRepo(markers.dir);
      try {
        prepare(repo.dir);
        const before = readdirSync(markers.dir);
        const run = await runCli(args, repo.dir);
        expect(readdirSync(markers.dir).filter((m) => !before.includes(m))).toEqual([]);
        const findings = JSON.parse(run.stdout).findings as { ruleId: string }[];
        expect(findings.map((f) => f.ruleId)).toContain('secret/anthropic-api-key');
      } finally {
        repo.cleanup();
        markers.cleanup();
      }
    });
  }

  it('the test repository really runs them under plain git (the markers are reachable)', () => {
    const markers = tempDir();
    const repo = hostileRepo(markers.dir);
    try {
      spawnSync('git', ['-c', 'core.fsmonitor=false', 'diff', '--name-only', 'HEAD', '--'], { cwd: repo.dir });
      expect(existsSync(join(markers.dir, 'process'))).toBe(true);
    } finally {
      repo.cleanup();
      markers.cleanup();
    }
  });
});
