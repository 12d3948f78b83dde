/**
 * A large scan warms the grammars of the languages its files are in (engine/parallel.ts): `codeLanguagesOf`
 * says which, from the paths alone.
 */
import { describe, expect, it } from '@jest/globals';
import { codeLanguagesOf } from '../../src/parsing/parsers.js';

describe('codeLanguagesOf', () => {
  it('names the grammar of every code file, once each, in the order first met', () => {
    const paths = ['README.md', 'src/a.ts', 'src/b.ts', 'app/page.tsx', 'tools/run.py', 'scripts/x.mjs', 'lib/c.cjs', 'd.jsx'];
    expect(codeLanguagesOf(paths)).toEqual(['typescript', 'tsx', 'python', 'javascript']);
  });

  it('names none for files no grammar parses (a scan of them loads no parser)', () => {
    expect(codeLanguagesOf(['.env', 'data/train.jsonl', 'config.yaml', 'notes.md', 'Makefile', 'payload.json'])).toEqual([]);
    expect(codeLanguagesOf([])).toEqual([]);
  });

  it('stops reading the list once every grammar is named', () => {
    let read = 0;
    function* paths() {
      for (const p of ['a.py', 'b.ts', 'c.tsx', 'd.js']) {
        read++;
        yield p;
      }
      for (;;) {
        read++;
        yield 'more.md';
      }
    }
    expect(codeLanguagesOf(paths()).sort()).toEqual(['javascript', 'python', 'tsx', 'typescript']);
    expect(read).toBe(4);
  });
});
