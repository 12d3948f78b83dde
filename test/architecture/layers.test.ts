import { describe, expect, it } from '@jest/globals';
import { Linter } from 'eslint';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import tseslint from 'typescript-eslint';
// @ts-expect-error plain ESM module without types
import layers, { violation } from '../../lint/layers.mjs';

const SRC = resolve('src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Layer-rule messages for `code` as if it were the file at `srcPath` (relative to src/). */
function lint(srcPath: string, code: string): string[] {
  const linter = new Linter({ configType: 'flat' });
  const config = [
    { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, plugins: { 'agent-guard': layers }, rules: { 'agent-guard/layers': 'error' } },
  ];
  return linter
    .verify(code, config as Linter.Config[], { filename: join(SRC, srcPath) })
    .filter((m) => m.ruleId === 'agent-guard/layers' || m.fatal)
    .map((m) => m.message);
}

describe('layer rule (lint/layers.mjs)', () => {
  it('passes downward imports and imports within a folder', () => {
    expect(lint('engine/engine.ts', "import { x } from '../core/types.js';\nimport { y } from './suppress.js';\n")).toEqual([]);
    expect(lint('cli/main.ts', "import { a } from '../app/io.js';\nexport { b } from '../reporters/text.js';\n")).toEqual([]);
    expect(lint('families/index.ts', "import { s } from './secret/index.js';\nimport { t } from './tool-input/index.js';\n")).toEqual([]);
  });

  it('fails a deliberate upward import, a peer import and one family importing another', () => {
    expect(lint('core/types.ts', "import type { ScanResult } from '../engine/engine.js';\n")).toEqual(['core/ imports engine/, a higher layer']);
    expect(lint('sources/staged.ts', "export * from '../engine/engine.js';\n")).toEqual(['sources/ imports engine/, a higher layer']);
    expect(lint('reporters/sarif.ts', "const m = await import('../app/io.js');\n")).toEqual(['reporters/ imports app/, a higher layer']);
    expect(lint('action/run.ts', "import { main } from '../cli/main.js';\n")).toEqual(['action/ imports cli/, a peer on its own layer']);
    expect(lint('families/tool-input/rules/ssrf.ts', "import { k } from '../../secret/fake-keys.js';\n")).toEqual([
      'family "tool-input" imports family "secret" (families are independent; share through core/ or parsing/)',
    ]);
    expect(lint('engine/engine.ts', "import { z } from '../newfolder/z.js';\n")).toEqual([
      'src/newfolder/z.js is in no layer: add its folder to lint/layers.mjs',
    ]);
  });

  it('ignores packages and files outside src/', () => {
    expect(lint('core/types.ts', "import ts from 'typescript';\nimport { readFileSync } from 'node:fs';\n")).toEqual([]);
    expect(violation('core/types.ts', 'core/location.ts')).toBeNull();
  });

  it('finds no upward import in src/', () => {
    const problems = sourceFiles(SRC).flatMap((file) => lint(relative(SRC, file), readFileSync(file, 'utf8')).map((m) => `${relative(SRC, file)}: ${m}`));
    expect(problems).toEqual([]);
  });
});

describe('module graph of src/', () => {
  /** Relative imports of each file (type-only ones too: a cycle of types still couples two modules). */
  function graph(): Map<string, string[]> {
    const edges = new Map<string, string[]>();
    for (const file of sourceFiles(SRC)) {
      const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      const targets = info.importedFiles
        .map((f) => f.fileName)
        .filter((s) => s.startsWith('.'))
        .map((s) => resolve(dirname(file), s.replace(/\.js$/, '.ts')))
        .map((t) => relative(SRC, t));
      edges.set(relative(SRC, file), [...new Set(targets)]);
    }
    return edges;
  }

  /** Strongly connected components with more than one module (Tarjan), each sorted. */
  function cycles(edges: Map<string, string[]>): string[][] {
    let index = 0;
    const idx = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const on = new Set<string>();
    const out: string[][] = [];
    // Iterative, so a deep graph cannot overflow the stack.
    for (const start of edges.keys()) {
      if (idx.has(start)) continue;
      const work: { v: string; i: number }[] = [{ v: start, i: 0 }];
      idx.set(start, index);
      low.set(start, index++);
      stack.push(start);
      on.add(start);
      while (work.length) {
        const top = work[work.length - 1]!;
        const next = (edges.get(top.v) ?? [])[top.i++];
        if (next !== undefined) {
          if (!edges.has(next)) continue;
          if (!idx.has(next)) {
            idx.set(next, index);
            low.set(next, index++);
            stack.push(next);
            on.add(next);
            work.push({ v: next, i: 0 });
          } else if (on.has(next)) low.set(top.v, Math.min(low.get(top.v)!, idx.get(next)!));
          continue;
        }
        work.pop();
        if (work.length) low.set(work[work.length - 1]!.v, Math.min(low.get(work[work.length - 1]!.v)!, low.get(top.v)!));
        if (low.get(top.v) === idx.get(top.v)) {
          const scc: string[] = [];
          let w: string;
          do {
            w = stack.pop()!;
            on.delete(w);
            scc.push(w);
          } while (w !== top.v);
          if (scc.length > 1) out.push(scc.sort());
        }
      }
    }
    return out;
  }

  it('has no import cycle, type-only imports included', () => {
    expect(cycles(graph())).toEqual([]);
  });

  it('detects a cycle when there is one', () => {
    const g = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(cycles(g)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });
});
