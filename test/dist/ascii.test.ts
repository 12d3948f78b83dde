import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
// @ts-expect-error plain ESM script without types
import { asciiOnly } from '../../scripts/ascii.mjs';
import { tempDir } from '../helpers/repo.js';

const NON_ASCII = /[^\x00-\x7f]/;

describe('asciiOnly (scripts/ascii.mjs): bundles written in ASCII mean the same program', () => {
  // Each program evaluates to a JSON string; its ASCII version must evaluate to the same one.
  const programs = [
    "// a comment — with a dash\n'plain'",
    "/* block … comment */ 'x' + \"—\" + `tpl … ${1 + 1}`",
    "[/[<>{}$*…]|\\.\\.\\./.test('a…b'), /[<>{}$*…]/.test('abc'), /é+/i.exec('xÉÉy')[0]]",
    "['\\…', /a\\…b/.test('a…b'), '\\\\…'.length]",
    "['😀'.length, /^😀$/u.test('😀'), /^[😀]$/u.test('😀'), /^.$/u.test('😀')]",
    "const naïve = 'ok'; naïve + 'ü'.normalize('NFD').length",
    "JSON.parse('{\"k\":\"→ value\"}').k",
  ];

  for (const program of programs) {
    it(`keeps the meaning of ${JSON.stringify(program.slice(0, 40))}`, () => {
      const escaped: string = asciiOnly(program);
      expect(NON_ASCII.test(program)).toBe(true);
      expect(NON_ASCII.test(escaped)).toBe(false);
      const run = (code: string) => JSON.stringify(runInNewContext(code));
      expect(run(escaped)).toBe(run(program));
    });
  }

  it('leaves ASCII text as it is', () => {
    const code = "const a = '\\u2014'; // plain\n/\\d+/.test('1')";
    expect(asciiOnly(code)).toBe(code);
  });
});

describe('the built bundles', () => {
  it('are ASCII only, so each thread that loads one keeps its source in one byte per character', () => {
    const t = tempDir();
    try {
      const out = join(t.dir, 'dist');
      execFileSync(process.execPath, ['scripts/build.mjs', '--out', out], { stdio: 'pipe' });
      for (const bundle of ['cli.js', 'action.js']) expect({ bundle, ascii: !NON_ASCII.test(readFileSync(join(out, bundle), 'utf8')) }).toEqual({ bundle, ascii: true });
      // V8's large-object space after loading the CLI (`--version`): the source string is the largest object
      // in it, 2 bytes a character when one character is beyond Latin-1 (4.9 MB for the 2.3 MB bundle), 1 byte
      // otherwise (2.6 MB).
      const probe = join(t.dir, 'probe.cjs');
      writeFileSync(
        probe,
        "process.on('exit', () => { global.gc(); const s = require('node:v8').getHeapSpaceStatistics().find((x) => x.space_name === 'large_object_space'); require('node:fs').writeSync(1, '\\nLO ' + s.space_used_size + '\\n'); });",
      );
      const cli = join(out, 'cli.js');
      const stdout = execFileSync(process.execPath, ['--expose-gc', '-r', probe, cli, '--version'], { encoding: 'utf8' });
      const largeObjects = Number(/LO (\d+)/.exec(stdout)![1]);
      expect(largeObjects).toBeGreaterThan(statSync(cli).size);
      expect(largeObjects).toBeLessThan(1.5 * statSync(cli).size);
    } finally {
      t.cleanup();
    }
  }, 120_000);
});
