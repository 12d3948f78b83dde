import { describe, expect, it } from '@jest/globals';
import { parseCode } from '../../src/parsing/parsers.js';
import { jsMethodCalls, nodesOfType } from '../../src/families/rate-limit/syntax.js';

describe('jsMethodCalls', () => {
  it('finds the calls of a method however the member is written, in document order, and nothing else', async () => {
    const text = [
      '// Promise.all(in a comment)',
      "const s = 'Promise.all(in a string)';",
      'await Promise.all(items.map((i) => Promise.race([run(i), Promise\n  .allSettled(more)])));',
      'await Promise?.any(list);',
      'const f = Promise.all;',
      'x.allow(1); x.all_items(2);',
      '',
    ].join('\n');
    const parsed = (await parseCode('typescript', text))!;
    try {
      const found = jsMethodCalls(parsed.root, text, ['all', 'allSettled', 'any', 'race']);
      expect(found.map((n) => n.childForFieldName('function')!.text.replace(/\s+/g, ''))).toEqual([
        'Promise.all',
        'Promise.race',
        'Promise.allSettled',
        'Promise?.any',
      ]);
      // the same calls, in the same order, as visiting every call of the tree and keeping those methods
      const every = nodesOfType(parsed.root, ['call_expression']).filter((n) => /\.(all|allSettled|any|race)$/.test(n.childForFieldName('function')!.text));
      expect(found.map((n) => n.startIndex)).toEqual(every.map((n) => n.startIndex));
    } finally {
      parsed.tree.delete();
    }
  });
});
