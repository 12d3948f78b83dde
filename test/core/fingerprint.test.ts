import { describe, expect, it } from '@jest/globals';
import { derivedLineHash, lineHashes, snippetOf } from '../../src/core/fingerprint.js';
import { fakeKey, fakePrivateKeyPem, seededRng } from '../../src/families/secret/fake-keys.js';

describe('lineHashes (GitHub primaryLocationLineHash)', () => {
  // Expected values: github/codeql-action's own tests of the hash the upload computes (src/fingerprints.test.ts).
  it.each([
    ['an empty file', '', ['c129715d7a2bc9a3:1']],
    ['leading blanks and tabs', ' a\nb\n  \t\tc\n d', ['271789c17abda88f:1', '54703d4cd895b18:1', '180aee12dab6264:1', 'a23a3dc5e078b07b:1']],
    [
      'no final newline',
      ' hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End',
      ['8b7cf3e952e7aeb2:1', 'b1ae1287ec4718d9:1', 'bff680108adb0fcc:1', 'c6805c5e1288b612:1', 'b86d3392aea1be30:1', 'e6ceba753e1a442:1'],
    ],
  ])('matches code scanning on %s', (_, text, expected) => {
    expect(lineHashes(text)).toEqual(expected);
  });

  it('folds \\r\\n, \\r and \\n alike', () => {
    const expected = [
      'e9496ae3ebfced30:1',
      'fb7c023a8b9ccb3f:1',
      'ce8ba1a563dcdaca:1',
      'e20e36e16fcb0cc8:1',
      'b3edc88f2938467e:1',
      'c8e28b0b4002a3a0:1',
      'c129715d7a2bc9a3:1',
    ];
    for (const text of [
      ' hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n',
      ' hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r',
      ' hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n',
      ' hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n',
    ]) {
      expect(lineHashes(text)).toEqual(expected);
    }
  });

  it('numbers equal hashes in file order', () => {
    expect(lineHashes('Lorem ipsum dolor sit amet.\n'.repeat(10))).toEqual([
      'a7f2ff13bc495cf2:1',
      'a7f2ff13bc495cf2:2',
      'a7f2ff13bc495cf2:3',
      'a7f2ff13bc495cf2:4',
      'a7f2ff13bc495cf2:5',
      'a7f2ff13bc495cf2:6',
      'a7f2ff1481e87703:1',
      'a9cf91f7bbf1862b:1',
      '55ec222b86bcae53:1',
      'cc97dc7b1d7d8f7b:1',
      'c129715d7a2bc9a3:1',
    ]);
  });

  it('survives the line moving and being re-indented', () => {
    const code = 'def read(path):\n    return open(path).read()\n';
    const before = lineHashes(code)[1];
    expect(lineHashes(`import os\n\n\n${code.replace('    return', '\treturn')}`)[4]).toBe(before);
  });

  it('derives a stable hash of the same shape from a fingerprint', () => {
    expect(derivedLineHash('0123')).toMatch(/^[0-9a-f]{16}:1$/);
    expect(derivedLineHash('0123')).toBe(derivedLineHash('0123'));
    expect(derivedLineHash('0123')).not.toBe(derivedLineHash('0124'));
  });
});

describe('snippetOf', () => {
  it('masks the secret of the finding', () => {
    const key = fakeKey('anthropic', seededRng(21)).key;
    const snippet = snippetOf(`ANTHROPIC_API_KEY="${key}"  `, 20, key);
    expect(snippet).toBe(`ANTHROPIC_API_KEY="${key.slice(0, 8)}…${key.slice(-2)}"`);
  });

  it('masks the first line of a multi-line key and any other line of it', () => {
    const pem = fakePrivateKeyPem(seededRng(5));
    const [first, second] = pem.split('\n');
    expect(snippetOf(`key = """${first}`, 10, pem)).not.toContain(first.slice(0, 20));
    const body = snippetOf(second, 1, pem);
    expect(body).not.toContain(second.slice(0, 12));
  });

  it('cuts a long line around the finding', () => {
    const line = `${'a'.repeat(500)}NEEDLE${'b'.repeat(500)}`;
    const snippet = snippetOf(line, 501);
    expect(snippet.length).toBeLessThanOrEqual(202);
    expect(snippet).toContain('NEEDLE');
    expect(snippet.startsWith('…') && snippet.endsWith('…')).toBe(true);
  });
});
