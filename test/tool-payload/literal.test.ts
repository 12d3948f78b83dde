import { describe, expect, it } from '@jest/globals';
import { parseValues } from '../../src/families/tool-payload/literal.js';

describe('parseValues (text inside ShareGPT turns)', () => {
  it('reads JSON as JSON', () => {
    expect(parseValues(' {"name": "x", "arguments": {"n": 1}} ')).toEqual({ ok: true, values: [{ name: 'x', arguments: { n: 1 } }] });
  });

  it('reads the Python literals repr() writes (hermes-function-calling-v1): quotes, True/False/None, tuples, escapes', () => {
    expect(parseValues("{'arguments': {'flag': True, 'off': False, 'none': None, 'pair': (1, -2.5e1), 'q': 'it\\'s \\u00e9\\n'}, 'name': 'f'}")).toEqual({
      ok: true,
      values: [{ arguments: { flag: true, off: false, none: null, pair: [1, -25], q: "it's é\n" }, name: 'f' }],
    });
  });

  it('reads values written one after the other (a template printing each tool)', () => {
    expect(parseValues('{"name": "a"}\n{"name": "b"}')).toEqual({ ok: true, values: [{ name: 'a' }, { name: 'b' }] });
  });

  it("gives JSON.parse's error for text that is neither", () => {
    const r = parseValues("get_weather(city='Paris')");
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/JSON/);
    expect(parseValues('{"a": 1,').ok).toBe(false);
    expect(parseValues("{'a': 'unterminated}").ok).toBe(false);
  });
});
