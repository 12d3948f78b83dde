/**
 * Shared settings of the property suites in test/fuzz/: a fixed seed in CI (the same inputs every run, so
 * a failure reproduces), a random one on request. `FUZZ_SEED=random npx jest test/fuzz` draws a new seed
 * and prints it; `FUZZ_SEED=<n>` replays one; `FUZZ_RUNS=<factor>` multiplies every suite's run count.
 */
import fc from 'fast-check';

const requested = process.env.FUZZ_SEED;
export const SEED = requested === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(requested ?? 1818);
if (requested === 'random') console.log(`fast-check seed ${SEED} (replay with FUZZ_SEED=${SEED})`);
const FACTOR = Number(process.env.FUZZ_RUNS ?? 1);

/** fast-check parameters for a property: the seed and `runs` (scaled by FUZZ_RUNS). */
export function params(runs: number): fc.Parameters<unknown> {
  return { seed: SEED, numRuns: Math.max(1, Math.round(runs * FACTOR)), endOnFailure: true };
}

/** Text with the characters parsers trip on: brackets, quotes, escapes, line breaks, control and non-BMP characters. */
export function hostileText(maxLength = 400): fc.Arbitrary<string> {
  const pieces = fc.constantFrom(
    '(',
    ')',
    '[',
    ']',
    '{',
    '}',
    '"',
    "'",
    '`',
    '\\',
    '\n',
    '\r',
    '\r\n',
    '\t',
    ' ',
    '#',
    '//',
    '/*',
    '*/',
    ':',
    ',',
    '=',
    'def ',
    'class ',
    'async ',
    'lambda',
    '@tool',
    'function ',
    '=>',
    'import ',
    'from ',
    '${',
    '\u0000',
    '\u001b',
    '\u202e',
    '\ud83d\ude00',
    '\ud800',
    'é',
  );
  return fc.oneof(
    fc.string({ maxLength }),
    fc.array(fc.oneof(pieces, fc.string({ maxLength: 6 })), { maxLength: maxLength / 4 }).map((parts) => parts.join('')),
  );
}
