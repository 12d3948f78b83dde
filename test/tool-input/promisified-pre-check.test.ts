import { describe, expect, it } from '@jest/globals';
import type { ProjectContext } from '../../src/core/types.js';
import { parsedModule } from '../../src/parsing/modules.js';
import { jsIndex } from '../../src/families/tool-input/taint/javascript.js';
import { probeCodeFiles } from '../tools/fixtures.js';

/**
 * A module's import of a repository module asks whether that module exports a promisified Node API
 * (`export const execAsync = promisify(exec)`): a module whose text never says `promisify` is only read,
 * not parsed, to answer no; one that does is parsed and its alias still names the sink.
 */
const FILES: Record<string, string> = {
  'main.ts': `import { execAsync } from './exec';\nimport { format } from './helper';\nexport const run = (cmd: string) => execAsync(format(cmd));\n`,
  'exec.ts': `import { exec } from 'node:child_process';\nimport { promisify } from 'node:util';\nexport const execAsync = promisify(exec);\n`,
  'helper.ts': `export function format(cmd: string): string {\n  return cmd.trim();\n}\n`,
};

describe('the promisified-exports pre-check', () => {
  it('parses an imported module only when its text mentions promisify, and keeps the sink alias', async () => {
    const parsed: string[] = [];
    let imports: Map<string, string> | undefined;
    await probeCodeFiles(FILES, async (ctx) => {
      if (ctx.file.path !== 'main.ts') return;
      const shared = ctx.project.sharedTree!;
      const project: ProjectContext = {
        ...ctx.project,
        sharedTree: (file) => {
          parsed.push(file.path);
          return shared(file);
        },
      };
      const pf = await parsedModule(project, 'main.ts');
      imports = (await jsIndex(project, pf!)).imports;
    });
    expect(imports?.get('execAsync')).toBe('child_process.exec');
    expect(imports?.get('format')).toBe('./helper.format');
    expect(parsed.sort()).toEqual(['exec.ts', 'main.ts']);
  });
});
