import { describe, expect, it } from '@jest/globals';
import { LineIndex } from '../../src/core/location.js';

describe('LineIndex', () => {
  const text = 'ab\r\ncdé😀x\n\nlast';
  const index = new LineIndex(text);

  it('maps offsets to 1-based lines and UTF-16 columns', () => {
    expect(index.positionAt(0)).toEqual({ line: 1, column: 1 });
    expect(index.positionAt(text.indexOf('c'))).toEqual({ line: 2, column: 1 });
    expect(index.positionAt(text.indexOf('x'))).toEqual({ line: 2, column: 6 });
    expect(index.positionAt(text.indexOf('last'))).toEqual({ line: 4, column: 1 });
  });

  it('gives ranges with an exclusive end column', () => {
    const start = text.indexOf('cd');
    expect(index.rangeOf(start, start + 2)).toEqual({ startLine: 2, startColumn: 1, endLine: 2, endColumn: 3 });
  });

  it('returns line text without terminators', () => {
    expect(index.lineText(1)).toBe('ab');
    expect(index.lineText(3)).toBe('');
    expect(index.lineText(4)).toBe('last');
    expect(index.lineText(9)).toBe('');
    expect(index.lineCount).toBe(4);
  });

  it('ends a line at a lone CR too (old Mac files), and at CRLF once', () => {
    const mac = new LineIndex('one\rtwo\r\nthree\rfour');
    expect(mac.lineCount).toBe(4);
    expect(mac.positionAt('one\rtwo\r\nthree\r'.length)).toEqual({ line: 4, column: 1 });
    expect(['one', 'two', 'three', 'four'].map((_, i) => mac.lineText(i + 1))).toEqual(['one', 'two', 'three', 'four']);
  });
});
