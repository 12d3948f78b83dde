import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error plain ESM script without types
import { changelogSection, parseVersion, releaseNotes } from '../../scripts/release-notes.mjs';
// @ts-expect-error plain ESM script without types
import { checkRelease } from '../../scripts/check-release.mjs';

/** A changelog in Keep-a-Changelog form: an Unreleased section, two releases, link definitions. */
const CHANGELOG = `# Changelog

Intro text.

## [Unreleased]

- not yet

## [1.2.0] - 2026-03-01

### Added

- the \`tools\` command

## [1.1.0] - 2026-02-01

### Fixed

- a false positive

## [1.0.0] - Unreleased

## [0.9.0]

- old

[1.2.0]: https://github.com/acme/guard/releases/tag/v1.2.0
[1.1.0]: https://github.com/acme/guard/releases/tag/v1.1.0
`;

describe('scripts/release-notes.mjs', () => {
  it('parses versions with or without the v, prereleases included, and nothing else', () => {
    expect(parseVersion('v1.2.3')).toEqual({ version: '1.2.3', base: '1.2.3', prerelease: null });
    expect(parseVersion('1.2.3-rc.1')).toEqual({ version: '1.2.3-rc.1', base: '1.2.3', prerelease: 'rc.1' });
    for (const bad of ['1.2', 'v1', '01.2.3', '1.2.3.4', 'v1.2.3-', 'latest', '', undefined]) expect(parseVersion(bad)).toBeNull();
  });

  it('returns the body of a section, up to the next section or the link definitions', () => {
    expect(changelogSection(CHANGELOG, '1.2.0')).toEqual({ version: '1.2.0', date: '2026-03-01', body: '### Added\n\n- the `tools` command' });
    expect(changelogSection(CHANGELOG, '1.1.0').body).toBe('### Fixed\n\n- a false positive');
    expect(changelogSection(CHANGELOG, '0.9.0')).toEqual({ version: '0.9.0', date: '', body: '- old' });
    expect(changelogSection(CHANGELOG, '1.2.1')).toBeNull();
    // "1.2.0" must not match a heading of "1.2.01" or "11.2.0"
    expect(changelogSection('## [11.2.0] - 2026-01-01\n\nx\n', '1.2.0')).toBeNull();
    expect(changelogSection('## [1.2.01]\n\nx\n', '1.2.0')).toBeNull();
  });

  it("gives a prerelease its base version's section when it has none of its own, and refuses empty sections", () => {
    expect(releaseNotes(CHANGELOG, 'v1.2.0-rc.1').section.body).toContain('the `tools` command');
    expect(releaseNotes(CHANGELOG, '1.0.0')).toEqual({ error: 'CHANGELOG.md section "## [1.0.0]" is empty' });
    expect(releaseNotes(CHANGELOG, '3.0.0')).toEqual({ error: 'CHANGELOG.md has no section "## [3.0.0]"' });
    expect(releaseNotes(CHANGELOG, 'main')).toEqual({ error: '"main" is not a version (expected 1.2.3 or v1.2.3)' });
  });

  it('finds a section for the version package.json has now', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    const notes = releaseNotes(readFileSync('CHANGELOG.md', 'utf8'), pkg.version);
    expect(notes.error).toBeUndefined();
    expect(notes.section.body).toMatch(/### Added/);
  });
});

describe('scripts/check-release.mjs', () => {
  it('accepts a tag that matches package.json and a dated section', () => {
    const r = checkRelease({ tag: 'v1.2.0', packageVersion: '1.2.0', changelog: CHANGELOG });
    expect(r).toMatchObject({ problems: [], version: '1.2.0', prerelease: false, majorTag: 'v1' });
    expect(checkRelease({ tag: 'refs/tags/v1.2.0', packageVersion: '1.2.0', changelog: CHANGELOG }).problems).toEqual([]);
  });

  it("accepts a prerelease tag with its base version's section", () => {
    expect(checkRelease({ tag: 'v1.2.0-rc.1', packageVersion: '1.2.0-rc.1', changelog: CHANGELOG })).toMatchObject({
      problems: [],
      prerelease: true,
      majorTag: 'v1',
    });
  });

  it('refuses a tag that is not vX.Y.Z, a version mismatch, a missing section and an undated release', () => {
    expect(checkRelease({ tag: '1.2.0', packageVersion: '1.2.0', changelog: CHANGELOG }).problems).toEqual(['tag "1.2.0" is not vX.Y.Z (or vX.Y.Z-pre.N)']);
    expect(checkRelease({ tag: 'v1', packageVersion: '1.2.0', changelog: CHANGELOG }).problems).toHaveLength(1);
    expect(checkRelease({ tag: 'v1.2.0', packageVersion: '1.1.0', changelog: CHANGELOG }).problems).toEqual([
      'tag v1.2.0 does not match package.json version 1.1.0: set "version": "1.2.0" (npm version 1.2.0 --no-git-tag-version)',
    ]);
    expect(checkRelease({ tag: 'v2.0.0', packageVersion: '2.0.0', changelog: CHANGELOG }).problems).toEqual(['CHANGELOG.md has no section "## [2.0.0]"']);
    const undated = '## [2.0.0] - Unreleased\n\n- big\n';
    expect(checkRelease({ tag: 'v2.0.0', packageVersion: '2.0.0', changelog: undated }).problems).toEqual([
      'CHANGELOG.md section "## [2.0.0]" is dated "Unreleased": write the release date (YYYY-MM-DD) before tagging',
    ]);
    expect(checkRelease({ tag: 'v2.0.0', packageVersion: '2.0.0', changelog: undated, allowUnreleased: true }).problems).toEqual([]);
  });
});

describe('the scripts as the release workflow runs them', () => {
  let dir: string;
  const node = (script: string, args: string[], env: NodeJS.ProcessEnv = {}) => {
    const r = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', env: { ...process.env, GITHUB_OUTPUT: '', ...env } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'agent-guard-release-'));
    writeFileSync(join(dir, 'CHANGELOG.md'), CHANGELOG);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'guard', version: '1.2.0' }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('release-notes prints the section and exits 0, or exits 1 with one line', () => {
    const ok = node('scripts/release-notes.mjs', ['v1.1.0', '--changelog', join(dir, 'CHANGELOG.md')]);
    expect(ok).toEqual({ code: 0, stdout: '### Fixed\n\n- a false positive\n', stderr: '' });
    const missing = node('scripts/release-notes.mjs', ['1.3.0', '--changelog', join(dir, 'CHANGELOG.md')]);
    expect(missing).toEqual({ code: 1, stdout: '', stderr: 'release-notes: CHANGELOG.md has no section "## [1.3.0]"\n' });
    expect(node('scripts/release-notes.mjs', []).code).toBe(1);
    expect(node('scripts/release-notes.mjs', ['1.0.0', '--changelog', join(dir, 'nope.md')]).stderr).toMatch(
      /^release-notes: cannot read .*nope\.md: ENOENT\n$/,
    );
  });

  it('check-release exits 0 and writes the step outputs, or exits 1 naming each problem', () => {
    const args = ['--package', join(dir, 'package.json'), '--changelog', join(dir, 'CHANGELOG.md')];
    const output = join(dir, 'github-output');
    writeFileSync(output, '');
    const ok = node('scripts/check-release.mjs', ['v1.2.0', ...args], { GITHUB_OUTPUT: output });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('check-release: v1.2.0 = guard@1.2.0; CHANGELOG.md [1.2.0] - 2026-03-01; release (npm publish, moves v1)\n');
    expect(readFileSync(output, 'utf8')).toBe('version=1.2.0\nprerelease=false\nmajor-tag=v1\n');

    const bad = node('scripts/check-release.mjs', ['v1.3.0', ...args]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim().split('\n')).toEqual([
      'check-release: tag v1.3.0 does not match package.json version 1.2.0: set "version": "1.3.0" (npm version 1.3.0 --no-git-tag-version)',
      'check-release: CHANGELOG.md has no section "## [1.3.0]"',
    ]);
    expect(node('scripts/check-release.mjs', []).code).toBe(1);
  });

  it("check-release passes for this package's version once its section is dated (--allow-unreleased until then)", () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    const section = releaseNotes(readFileSync('CHANGELOG.md', 'utf8'), pkg.version).section;
    const r = node('scripts/check-release.mjs', [`v${pkg.version}`, ...(/^\d{4}-\d{2}-\d{2}$/.test(section.date) ? [] : ['--allow-unreleased'])]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
