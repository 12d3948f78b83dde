import { describe, expect, it } from '@jest/globals';
import { jsBracketEnd } from '../../src/parsing/js-text.js';

/** The pre-checks' bracket reader (tool-input object literals, rate-limit loop bodies): exact where sure, -1 where not. */
describe('jsBracketEnd', () => {
  const closeOf = (text: string, options?: Parameters<typeof jsBracketEnd>[2]) => jsBracketEnd(text, text.indexOf('{'), options);

  it('finds the closer over strings, templates with substitutions, comments and nested brackets', () => {
    for (const text of ['{ a: \'}\', b: "{" }', '{ a: `}${ { x: 1 }.x }`, b: [1, (2)] }', '{ // a } in a comment\n a: 1 /* } */ }', "{ a: 'it\\'s }' }"])
      expect({ text, at: closeOf(text) }).toEqual({ text, at: text.length - 1 });
    expect(closeOf('{ a: 1 } + { b: 2 }')).toBe(7);
  });

  it('is unsure (-1) of a regular expression or division, a line break in a quoted string, mismatched brackets, the limit', () => {
    for (const text of ['{ a: /}/ }', '{ a: x / 2 }', "{ a: 'open\n }", "{ a: 'open\r\n }", '{ a: (1] }', '{ a: 1', '{ a: `x', '{ a: 1 /* }'])
      expect({ text, at: closeOf(text) }).toEqual({ text, at: -1 });
    expect(closeOf(`{ a: '${'x'.repeat(100)}' }`, { limit: 50 })).toBe(-1);
  });

  it('from inside an object: its closing brace, or -2 when a ) or ] closes first (no object there)', () => {
    const text = 'const { tool: t, x } = require("ai")';
    expect(jsBracketEnd(text, text.indexOf('tool:') + 5, { inside: true })).toBe(text.indexOf('}'));
    const params = 'function f(tool: Tool<any>, y) {}';
    expect(jsBracketEnd(params, params.indexOf('tool:') + 5, { inside: true })).toBe(-2);
  });
});
