/**
 * Issue 18: a key written with `\uXXXX` escapes (JSON, JS, Python and YAML strings read it as the key) is
 * found where it is written and never printed, neither decoded nor as written.
 */
import { describe, expect, it } from '@jest/globals';
import { fakeKey, seededRng } from '../../src/families/secret/fake-keys.js';
import { decodedShadow } from '../../src/families/secret/json-escapes.js';
import { SourceFile } from '../../src/core/source-file.js';
import { runCli } from '../helpers/cli.js';
import { makeRepo } from '../helpers/repo.js';

const escapeAll = (s: string) => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
/** The key with every character of its random part after the fixed start escaped (upper-case hex). */
const escapeBody = (s: string, from: number) => s.slice(0, from) + escapeAll(s.slice(from)).toUpperCase().replace(/\\U/g, '\\u');

interface Finding {
  ruleId: string;
  path: string;
  range: { startLine: number; startColumn: number; endColumn: number };
}

describe('keys written with \\u escapes', () => {
  const anthropic = fakeKey('anthropic', seededRng(1831)).key;
  const openai = fakeKey('openai-project', seededRng(1832)).key;
  const plain = fakeKey('anthropic', seededRng(1833)).key;
  const allEscaped = escapeAll(anthropic);
  const bodyEscaped = escapeBody(openai, 8);
  const files = {
    'config/settings.json': `{\n  "name": "demo",\n  "anthropic_api_key": "${allEscaped}"\n}\n`,
    'data/keys.jsonl': `{"id": 1, "note": "caf\\u00e9"}\n{"id": 2, "openai_api_key": "${bodyEscaped}"}\n`,
    'app.py': `KEY = "${plain}"\nOTHER = "\\u00e9t\\u00e9"\n`,
  };
  /** The keys, or a run of their escaped form as written (or JSON-encoded in a report). */
  const leaks = (out: string) =>
    [anthropic, openai, plain, allEscaped.slice(0, 60), bodyEscaped.slice(0, 40)]
      .flatMap((s) => [s, JSON.stringify(s).slice(1, -1)])
      .filter((s) => out.includes(s));

  it('finds them at the place they are written, each once', async () => {
    const repo = makeRepo(files);
    try {
      const run = await runCli(['scan', '--format', 'json'], repo.dir);
      expect(run.code).toBe(1);
      const found = (JSON.parse(run.stdout).findings as Finding[]).filter((f) => f.ruleId.startsWith('secret/'));
      const at = (path: string) => found.filter((f) => f.path === path).map((f) => [f.ruleId, f.range.startLine, f.range.startColumn, f.range.endColumn]);
      const col = (line: string, text: string) => line.indexOf(text) + 1;
      const settingsLine = `  "anthropic_api_key": "${allEscaped}"`;
      expect(at('config/settings.json')).toEqual([
        ['secret/anthropic-api-key', 3, col(settingsLine, allEscaped), col(settingsLine, allEscaped) + allEscaped.length],
      ]);
      const jsonlLine = `{"id": 2, "openai_api_key": "${bodyEscaped}"}`;
      expect(at('data/keys.jsonl')).toEqual([['secret/openai-api-key', 2, col(jsonlLine, bodyEscaped), col(jsonlLine, bodyEscaped) + bodyEscaped.length]]);
      expect(at('app.py')).toEqual([['secret/anthropic-api-key', 1, 8, 8 + plain.length]]);
    } finally {
      repo.cleanup();
    }
  });

  it('prints them in no format, decoded or as written', async () => {
    const repo = makeRepo(files);
    try {
      for (const format of ['text', 'json', 'sarif', 'github']) {
        const run = await runCli(['scan', '--format', format], repo.dir);
        expect(run.code).toBe(1);
        expect(leaks(run.stdout + run.stderr)).toEqual([]);
      }
    } finally {
      repo.cleanup();
    }
  });

  it('decodes only \\u escapes of printable ASCII but quotes and backslashes, and maps offsets back', () => {
    const text = 'a\\u0041b \\\\u0042 \\u0022 \\u000a \\u00e9 \\u005F';
    const shadow = decodedShadow(new SourceFile('x.json', text))!;
    expect(shadow.file.text).toBe('aAb \\\\u0042 \\u0022 \\u000a \\u00e9 _');
    expect(shadow.origin[1]).toBe(1);
    expect(shadow.origin[2]).toBe(7);
    expect(shadow.origin[shadow.file.text.length]).toBe(text.length);
    expect(decodedShadow(new SourceFile('y.json', '{"a": "no escapes"}'))).toBeNull();
    expect(decodedShadow(new SourceFile('z.json', '{"a": "caf\\u00e9 \\u201cquoted\\u201d"}'))).toBeNull();
  });
});
