// Writes src/core/package-info.ts from package.json: the one source of agent-guard's name, version and
// repository, from which every link, helpUri, `$schema` URL and hook hint is made. A test keeps it fresh.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** "git+https://github.com/o/r.git" or { url } → "https://github.com/o/r". */
export function repositoryWebUrl(repository) {
  const raw = typeof repository === 'string' ? repository : repository?.url;
  if (!raw) throw new Error('package.json has no "repository"');
  const m = /^(?:git\+)?(https:\/\/github\.com\/[\w.-]+\/[\w.-]+?)(?:\.git)?$/.exec(raw) ?? /^(?:github:)?([\w.-]+\/[\w.-]+)$/.exec(raw);
  if (!m) throw new Error(`package.json "repository" is not a GitHub repository: ${raw}`);
  return m[1].startsWith('https://') ? m[1] : `https://github.com/${m[1]}`;
}

const quote = (s) => `'${String(s).replace(/[\\']/g, (c) => `\\${c}`)}'`;

export function packageInfoSource(pkg) {
  return `// Generated from package.json by scripts/write-package-info.mjs (npm run build); do not edit.
export const PACKAGE_NAME = ${quote(pkg.name)};
export const VERSION = ${quote(pkg.version)};
export const REPOSITORY_URL = ${quote(repositoryWebUrl(pkg.repository))};
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  writeFileSync(join(root, 'src/core/package-info.ts'), packageInfoSource(pkg));
}
