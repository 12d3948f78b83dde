// Prints the CHANGELOG.md section of a version: the body of a GitHub release.
//   node scripts/release-notes.mjs 1.2.3            (or v1.2.3; --changelog FILE reads another file)
// Exits 1 with a one-line reason when the version is malformed or has no section (or an empty one).
// A prerelease (1.2.3-rc.1) without a section of its own gets the section of 1.2.3.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Semantic version x.y.z with an optional prerelease; build metadata is not used in tags here. */
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?$/;

/** "v1.2.3-rc.1" or "1.2.3-rc.1" → { version, base, prerelease }; null when it is not a version. */
export function parseVersion(text) {
  const m = SEMVER.exec(String(text ?? '').replace(/^v/, ''));
  if (!m) return null;
  return { version: m[0], base: `${m[1]}.${m[2]}.${m[3]}`, prerelease: m[4] ?? null };
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The section of `version` in a Keep-a-Changelog file: its heading's date (or "Unreleased") and its body
 * (the lines up to the next `## ` heading or the link definitions at the end, trimmed); null when absent.
 */
export function changelogSection(changelog, version) {
  const lines = changelog.split(/\r?\n/);
  const heading = new RegExp(`^## \\[?v?${escape(version)}\\]?(?:\\s+-\\s+(.*?))?\\s*$`);
  const start = lines.findIndex((line) => heading.test(line));
  if (start < 0) return null;
  const date = heading.exec(lines[start])[1] ?? '';
  let end = start + 1;
  while (end < lines.length && !/^## /.test(lines[end]) && !/^\[[^\]]+\]:\s/.test(lines[end])) end++;
  return {
    version,
    date,
    body: lines
      .slice(start + 1, end)
      .join('\n')
      .trim(),
  };
}

/** The notes for a version: its own section, or for a prerelease without one, its base version's. */
export function releaseNotes(changelog, versionText) {
  const v = parseVersion(versionText);
  if (!v) return { error: `"${versionText ?? ''}" is not a version (expected 1.2.3 or v1.2.3)` };
  const section = changelogSection(changelog, v.version) ?? (v.prerelease ? changelogSection(changelog, v.base) : null);
  if (!section) return { error: `CHANGELOG.md has no section "## [${v.version}]"` };
  if (!section.body) return { error: `CHANGELOG.md section "## [${section.version}]" is empty` };
  return { section };
}

/** `--changelog FILE` from argv, else CHANGELOG.md at the repository root. */
export function changelogPath(argv) {
  const i = argv.indexOf('--changelog');
  return i >= 0 && argv[i + 1] ? resolve(argv[i + 1]) : join(root, 'CHANGELOG.md');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const positional = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--changelog');
  const file = changelogPath(argv);
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    process.stderr.write(`release-notes: cannot read ${file}: ${err.code ?? err.message}\n`);
    process.exit(1);
  }
  const result = positional.length === 1 ? releaseNotes(text, positional[0]) : { error: 'usage: node scripts/release-notes.mjs <version> [--changelog FILE]' };
  if (result.error) {
    process.stderr.write(`release-notes: ${result.error}\n`);
    process.exit(1);
  }
  process.stdout.write(`${result.section.body}\n`);
}
