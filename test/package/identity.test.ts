import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error plain ESM script without types
import { packageInfoSource, repositoryWebUrl } from '../../scripts/write-package-info.mjs';
import { CONFIG_SCHEMA_URL, DOCS_BASE_URL, MAJOR_TAG, RELEASE_TAG, REPOSITORY_URL, VERSION } from '../../src/core/identity.js';
import { STARTER_CONFIG } from '../../src/cli/commands/init.js';
import { docsUrl } from '../../src/core/types.js';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe("agent-guard's identity comes from package.json", () => {
  it('src/core/package-info.ts is what scripts/write-package-info.mjs makes of package.json (run `npm run generate`)', () => {
    expect(readFileSync('src/core/package-info.ts', 'utf8')).toBe(packageInfoSource(pkg));
  });

  it('reads the repository in every form package.json allows, and refuses what is not GitHub', () => {
    expect(repositoryWebUrl({ type: 'git', url: 'git+https://github.com/acme/guard.git' })).toBe('https://github.com/acme/guard');
    expect(repositoryWebUrl('https://github.com/acme/guard')).toBe('https://github.com/acme/guard');
    expect(repositoryWebUrl('github:acme/guard')).toBe('https://github.com/acme/guard');
    expect(repositoryWebUrl('acme/guard')).toBe('https://github.com/acme/guard');
    expect(() => repositoryWebUrl('https://gitlab.com/acme/guard')).toThrow(/not a GitHub repository/);
    expect(() => repositoryWebUrl(undefined)).toThrow(/no "repository"/);
  });

  it("pins rule links and the config schema URL to this version's release tag", () => {
    expect(RELEASE_TAG).toBe(`v${pkg.version}`);
    expect(MAJOR_TAG).toBe(`v${pkg.version.split('.')[0]}`);
    expect(docsUrl('secret/openai-api-key')).toBe(`${REPOSITORY_URL}/blob/v${VERSION}/docs/rules/secret/openai-api-key.md`);
    expect(DOCS_BASE_URL.startsWith(REPOSITORY_URL)).toBe(true);
    expect(STARTER_CONFIG).toContain(`$schema=${CONFIG_SCHEMA_URL}`);
    expect(JSON.parse(readFileSync('schema/config.schema.json', 'utf8')).$id).toBe(CONFIG_SCHEMA_URL);
  });

  it('writes the repository address nowhere else in src/', () => {
    const host = new URL(REPOSITORY_URL).pathname.slice(1); // "org/agent-guard"
    const offenders = filesUnder('src').filter((f) => !f.endsWith('package-info.ts') && readFileSync(f, 'utf8').includes(host));
    expect(offenders).toEqual([]);
  });
});

describe('package-lock.json', () => {
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));

  it('is lockfile version 3 for this package', () => {
    expect(lock.lockfileVersion).toBe(3);
    expect(lock.name).toBe(pkg.name);
    expect(lock.packages[''].version).toBe(pkg.version);
  });

  // Hand-made entries without a version made `npm ci` fail with "Invalid Version" on npm 10 and 11.19.
  // `resolved` is left out by npm for registry packages when omit-lockfile-registry-resolved is set, so
  // it is checked only where present.
  it('has a version and an integrity hash for every installed package (links and the root aside)', () => {
    const incomplete = Object.entries(lock.packages as Record<string, Record<string, unknown>>)
      .filter(([path, entry]) => path !== '' && entry.link !== true)
      .filter(
        ([, entry]) =>
          typeof entry.version !== 'string' ||
          !/^sha512-/.test(String(entry.integrity)) ||
          ('resolved' in entry && !/^https:\/\//.test(String(entry.resolved))),
      )
      .map(([path]) => path);
    expect(incomplete).toEqual([]);
  });
});
