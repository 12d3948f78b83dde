import { describe, expect, it } from '@jest/globals';
import type { ProjectContext } from '../../src/core/types.js';
import { decodeText } from '../../src/sources/read.js';
import { defaultConfig } from '../../src/core/config.js';
import { aliasTargets, parseJsonc, resolveJsModule } from '../../src/parsing/modules.js';

/** A project over in-memory files, with the reads it made. */
function project(files: Record<string, string>): ProjectContext & { reads: string[] } {
  const memos = new Map<string, Promise<unknown>>();
  const reads: string[] = [];
  return {
    root: '/virtual',
    config: defaultConfig(),
    reads,
    getFile: async (path) => {
      reads.push(path);
      if (!(path in files)) return null;
      const r = decodeText(path, Buffer.from(files[path]), 1_000_000);
      return 'file' in r ? r.file : null;
    },
    allPaths: async () => Object.keys(files),
    memo: <T>(key: string, compute: () => Promise<T>) => {
      if (!memos.has(key)) memos.set(key, compute());
      return memos.get(key) as Promise<T>;
    },
  };
}

const SOURCES = {
  'src/services/figma.ts': 'export class S {}',
  'src/utils/index.ts': 'export const x = 1;',
  'src/path.ts': 'export const p = 1;',
  'lib/shared.js': 'module.exports = {};',
};

describe('JS module resolution', () => {
  it('resolves relative imports, a .js specifier naming a .ts file and a folder index', async () => {
    const p = project(SOURCES);
    expect(await resolveJsModule(p, 'src/a/b.ts', '../services/figma.js')).toBe('src/services/figma.ts');
    expect(await resolveJsModule(p, 'src/a.ts', './utils')).toBe('src/utils/index.ts');
    expect(await resolveJsModule(p, 'src/a.ts', '../../outside')).toBeNull();
  });

  it('resolves tsconfig `paths` aliases and bare names under `baseUrl`, from the nearest config', async () => {
    const p = project({
      ...SOURCES,
      'tsconfig.json': '{ "compilerOptions": { "baseUrl": "./", "paths": { "~/*": ["./src/*"], "@shared": ["lib/shared.js"] } } }',
    });
    expect(await resolveJsModule(p, 'src/mcp/tools/get.ts', '~/services/figma.js')).toBe('src/services/figma.ts');
    expect(await resolveJsModule(p, 'src/mcp/tools/get.ts', '~/utils')).toBe('src/utils/index.ts');
    expect(await resolveJsModule(p, 'src/index.ts', '@shared')).toBe('lib/shared.js');
    expect(await resolveJsModule(p, 'src/index.ts', 'src/services/figma')).toBe('src/services/figma.ts');
    // packages, Node's own modules and aliases naming no repository file stay unresolved
    expect(await resolveJsModule(p, 'src/index.ts', 'zod')).toBeNull();
    expect(await resolveJsModule(p, 'src/index.ts', '~/services/missing.js')).toBeNull();
    const base = project({ ...SOURCES, 'tsconfig.json': '{ "compilerOptions": { "baseUrl": "src" } }' });
    expect(await resolveJsModule(base, 'src/index.ts', 'path')).toBeNull();
    expect(await resolveJsModule(base, 'src/index.ts', 'node:path')).toBeNull();
    expect(await resolveJsModule(base, 'src/index.ts', 'services/figma.js')).toBe('src/services/figma.ts');
  });

  it('reads JSONC, follows relative `extends` (paths relative to the config that set them) and ignores package ones', async () => {
    const p = project({
      ...SOURCES,
      'configs/base.json': '{\n  // shared\n  "compilerOptions": { "paths": { "#/*": ["../src/*",], }, },\n}',
      'tsconfig.json': '{ "extends": ["@tsconfig/node20/tsconfig.json", "./configs/base"], /* no own paths */ "compilerOptions": { "strict": true } }',
    });
    expect(await resolveJsModule(p, 'src/index.ts', '#/services/figma')).toBe('src/services/figma.ts');
    expect(p.reads.sort()).toEqual(['configs/base.json', 'tsconfig.json']);
  });

  it('stops on `extends` cycles, configs too large, and paths climbing out of the repository', async () => {
    const cycle = project({
      ...SOURCES,
      'tsconfig.json': '{ "extends": "./b.json", "compilerOptions": { "paths": { "~/*": ["src/*"] } } }',
      'b.json': '{ "extends": "./tsconfig.json" }',
    });
    expect(await resolveJsModule(cycle, 'src/index.ts', '~/services/figma')).toBe('src/services/figma.ts');
    const outside = project({ ...SOURCES, 'tsconfig.json': '{ "compilerOptions": { "paths": { "~/*": ["../../etc/*"] } } }' });
    expect(await resolveJsModule(outside, 'src/index.ts', '~/passwd')).toBeNull();
    const huge = project({ ...SOURCES, 'tsconfig.json': `{ "compilerOptions": { "paths": { "~/*": ["src/*"] } }, "x": "${'a'.repeat(300_000)}" }` });
    expect(await resolveJsModule(huge, 'src/index.ts', '~/services/figma')).toBeNull();
  });

  it('uses the nearest config of a monorepo package, not the root one', async () => {
    const p = project({
      'packages/a/src/lib.ts': '',
      'packages/a/tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }',
      'src/lib.ts': '',
      'tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }',
    });
    expect(await resolveJsModule(p, 'packages/a/src/index.ts', '@/lib')).toBe('packages/a/src/lib.ts');
    expect(await resolveJsModule(p, 'src/index.ts', '@/lib')).toBe('src/lib.ts');
  });
});

describe('parseJsonc', () => {
  it('drops comments and trailing commas outside strings only', () => {
    expect(parseJsonc('{ "a": "x // not a comment, }", /* c */ "b": [1, 2,], // end\n }')).toEqual({ a: 'x // not a comment, }', b: [1, 2] });
    expect(parseJsonc('{ "a": "q\\"/*", }')).toEqual({ a: 'q"/*' });
    expect(parseJsonc('{ not json')).toBeNull();
  });
});

describe('aliasTargets', () => {
  it('prefers an exact pattern, then the longest prefix before the star', () => {
    const paths: [string, string[]][] = [
      ['*', ['vendor/*']],
      ['@app/*', ['src/*']],
      ['@app/core/*', ['core/*']],
      ['@app', ['src/index.ts']],
    ];
    expect(aliasTargets({ paths }, '@app/core/x')).toEqual(['core/x']);
    expect(aliasTargets({ paths }, '@app/y')).toEqual(['src/y']);
    expect(aliasTargets({ paths }, '@app')).toEqual(['src/index.ts']);
    expect(aliasTargets({ paths }, 'lodash')).toEqual(['vendor/lodash']);
    expect(aliasTargets({ paths: [['~/*.js', ['src/*.ts']]] }, '~/a')).toEqual([]);
  });
});
