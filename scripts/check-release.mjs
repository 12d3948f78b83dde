// Checks that a release tag may be published (run by .github/workflows/release.yml before `npm publish`):
//   node scripts/check-release.mjs v1.2.3 [--package FILE] [--changelog FILE] [--allow-unreleased]
// - the tag is vX.Y.Z (or a prerelease vX.Y.Z-rc.1) and equals "v" + package.json's version;
// - CHANGELOG.md has a non-empty section for it (a prerelease may use its base version's section);
// - a release's section carries its date (## [1.2.3] - 2026-01-31), not "Unreleased"
//   (--allow-unreleased waives that, for dry runs before the date is set).
// Exit 0 with one summary line, or 1 with one line per problem. Under GitHub Actions it also writes the
// step outputs version, prerelease (true/false) and major-tag (v1) to $GITHUB_OUTPUT.
import { appendFileSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { changelogPath, parseVersion, releaseNotes, root } from './release-notes.mjs';

/** Problems that stop the release of `tag` (empty: it may go), and what is known of it. */
export function checkRelease({ tag, packageVersion, changelog, allowUnreleased = false }) {
  const problems = [];
  const name = String(tag ?? '').replace(/^refs\/tags\//, '');
  const v = name.startsWith('v') ? parseVersion(name) : null;
  if (!v) return { problems: [`tag "${name}" is not vX.Y.Z (or vX.Y.Z-pre.N)`] };
  if (packageVersion !== v.version)
    problems.push(
      `tag ${name} does not match package.json version ${packageVersion ?? '(none)'}: set "version": "${v.version}" (npm version ${v.version} --no-git-tag-version)`,
    );
  const notes = releaseNotes(changelog, v.version);
  if (notes.error) problems.push(notes.error);
  else if (!v.prerelease && !allowUnreleased && !/^\d{4}-\d{2}-\d{2}$/.test(notes.section.date)) {
    problems.push(
      `CHANGELOG.md section "## [${v.version}]" is dated "${notes.section.date || '(no date)'}": write the release date (YYYY-MM-DD) before tagging`,
    );
  }
  return { problems, version: v.version, prerelease: v.prerelease !== null, majorTag: `v${v.version.split('.')[0]}`, section: notes.section };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const valueOf = (flag) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
  const positional = argv.filter((a, i) => !a.startsWith('--') && !['--package', '--changelog'].includes(argv[i - 1]));
  if (positional.length !== 1) {
    process.stderr.write('usage: node scripts/check-release.mjs <tag> [--package FILE] [--changelog FILE] [--allow-unreleased]\n');
    process.exit(1);
  }
  const read = (file, what) => {
    try {
      return readFileSync(file, 'utf8');
    } catch (err) {
      process.stderr.write(`check-release: cannot read ${what} ${file}: ${err.code ?? err.message}\n`);
      process.exit(1);
    }
  };
  const pkgFile = valueOf('--package') ? resolve(valueOf('--package')) : join(root, 'package.json');
  const pkg = JSON.parse(read(pkgFile, 'package.json'));
  const result = checkRelease({
    tag: positional[0],
    packageVersion: pkg.version,
    changelog: read(changelogPath(argv), 'changelog'),
    allowUnreleased: argv.includes('--allow-unreleased'),
  });
  if (result.problems.length) {
    for (const p of result.problems) process.stderr.write(`check-release: ${p}\n`);
    process.exit(1);
  }
  const kind = result.prerelease ? 'prerelease (no npm publish, no major tag)' : `release (npm publish, moves ${result.majorTag})`;
  process.stdout.write(
    `check-release: ${positional[0]} = ${pkg.name}@${pkg.version}; CHANGELOG.md [${result.section.version}] - ${result.section.date || '(no date)'}; ${kind}\n`,
  );
  if (process.env.GITHUB_OUTPUT) {
    appendFileSync(process.env.GITHUB_OUTPUT, `version=${result.version}\nprerelease=${result.prerelease}\nmajor-tag=${result.majorTag}\n`);
  }
}
