/**
 * Issue 18: a regular expression from the config (`extraCallPatterns`) runs on scanned code, and the config
 * comes with the scanned repository. One that can backtrack without bound is refused at config load with
 * a one-line error (before: loaded, and an invalid one silently ignored).
 */
import { describe, expect, it } from '@jest/globals';
import { checkSync } from 'recheck';
import { loadConfig } from '../../src/config/load.js';
import { MAX_UNBOUNDED, regexProblem } from '../../src/config/regex-safety.js';
import { UsageError } from '../../src/core/errors.js';
import { ALL_RULES } from '../../src/families/index.js';
import { tempDir, writeTree } from '../helpers/repo.js';

const RULE = 'rate-limit/unbounded-tool-concurrency';

function load(patterns: string[]) {
  const t = tempDir();
  try {
    writeTree(t.dir, { '.agent-guard.yml': `rules:\n  ${RULE}:\n    options:\n      extraCallPatterns: ${JSON.stringify(patterns)}\n` });
    return loadConfig({ root: t.dir, rules: ALL_RULES.map((r) => r.meta) });
  } finally {
    t.cleanup();
  }
}

function errorOf(patterns: string[]): string {
  try {
    load(patterns);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a config error');
}

// Long key names are shortened in messages (config/load.ts keyPath): the option and the index are still named.
const KEY = `key "rules.${RULE}.options.ext`;

describe('regular expressions in the config', () => {
  it('accepts patterns that cannot backtrack without bound, and the rule gets them', () => {
    const ok = ['^myclient\\.ask$', '^client\\.(chat|ask)$', '^\\w+\\.complete$', 'a{2,5}b', '(?:ab|cd)'];
    const config = load(ok);
    expect(config.rules[RULE]?.options).toEqual({ extraCallPatterns: ok });
  });

  it.each([
    ['(a+)+$', 'a repeated group holds a quantifier or an alternative'],
    ['^(client|client\\.chat)*$', 'a repeated group holds a quantifier or an alternative'],
    ['(?:\\.\\w+)*x', 'a repeated group holds a quantifier or an alternative'],
    ['(a)\\1', 'a backreference'],
    ['\\w*\\w*\\w*x', `more than ${MAX_UNBOUNDED} unbounded quantifiers`],
    ['x'.repeat(201), 'longer than 200 characters'],
    ['(', 'not a valid regular expression'],
  ])('refuses %s in one line, naming the key', (pattern, why) => {
    const message = errorOf(['^ok$', pattern]);
    expect(message).toContain(KEY);
    expect(message).toContain('[1]"');
    expect(message).toContain('regular expression refused: ');
    expect(message).toContain(why);
  });

  it('what it refuses as exponential recheck finds vulnerable, and what it accepts recheck finds at most quadratic', () => {
    const samples = [
      '(a+)+$',
      '(a|ab)*c',
      '^(\\w+\\s?)*$',
      '(x*)*y',
      '^myclient\\.ask$',
      '^\\w+\\.\\w+$',
      '\\w+x',
      'ab*c+d',
      '^(chat|ask|run)\\(',
      '[a-z]+\\.[a-z]+',
    ];
    for (const source of samples) {
      const problem = regexProblem(source);
      const d = checkSync(source, '', { checker: 'automaton', timeout: 10_000 });
      if (problem?.includes('exponentially')) expect({ source, status: d.status }).toEqual({ source, status: 'vulnerable' });
      if (problem === null) {
        expect({ source, status: d.status === 'unknown' ? 'unknown' : 'decided' }).toEqual({ source, status: 'decided' });
        if (d.status === 'vulnerable')
          expect({ source, complexity: d.complexity.type, degree: 'degree' in d.complexity ? d.complexity.degree : 0 }).toEqual({
            source,
            complexity: 'polynomial',
            degree: 2,
          });
      }
    }
  }, 120_000);
});
