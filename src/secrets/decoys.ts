/**
 * Telling a real key from the strings that merely look like one: placeholders (`sk-your-key-here`),
 * low-entropy fakes (`xxxx…`, `abcdef…`, `1234…`) and template references (`${OPENAI_API_KEY}`).
 * A random key passes every check here; the tests prove it on thousands of generated keys.
 */

/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Length of the longest run of one repeated character (`xxxxxx`). */
export function longestRepeat(s: string): number {
  let best = s.length ? 1 : 0;
  let run = 1;
  for (let i = 1; i < s.length; i++) {
    run = s.charCodeAt(i) === s.charCodeAt(i - 1) ? run + 1 : 1;
    if (run > best) best = run;
  }
  return best;
}

/** Length of the longest ascending or descending character sequence (`abcdef`, `987654`). */
export function longestSequence(s: string): number {
  let best = s.length ? 1 : 0;
  let up = 1;
  let down = 1;
  for (let i = 1; i < s.length; i++) {
    const d = s.charCodeAt(i) - s.charCodeAt(i - 1);
    up = d === 1 ? up + 1 : 1;
    down = d === -1 ? down + 1 : 1;
    best = Math.max(best, up, down);
  }
  return best;
}

/**
 * Entropy a random string of this length over this alphabet reaches with near certainty, scaled down:
 * the expected entropy of n random draws from k symbols is close to log2(min(n, k)) minus a small bias.
 */
function minimumEntropy(s: string): number {
  const alphabet = /^[0-9a-f]+$/.test(s) || /^[0-9A-F]+$/.test(s) ? 16 : /^[A-Za-z]+$/.test(s) ? 52 : 64;
  const ideal = Math.log2(Math.min(s.length, alphabet));
  return ideal * 0.72;
}

/** Lowercase words that mark a placeholder; matched case-sensitively so that random keys do not hit them. */
const PLACEHOLDER_WORDS = /your|xxxx|XXXX|example|EXAMPLE|placeholder|PLACEHOLDER|dummy|DUMMY|redacted|REDACTED|changeme|CHANGEME|replace|REPLACE|insert|INSERT|here|HERE|fake|FAKE|sample|SAMPLE|secret|SECRET/;
/** Characters no key contains but templates and elisions do. */
const TEMPLATE_CHARS = /[<>{}$*…]|\.\.\./;

export type DecoyReason = 'placeholder' | 'template' | 'low-entropy' | 'repeated' | 'sequential';

/**
 * Why `body` (the random part of a candidate key, without its fixed prefix and suffix) is not a real key,
 * or null when it looks like one.
 */
export function decoyReason(body: string): DecoyReason | null {
  if (TEMPLATE_CHARS.test(body)) return 'template';
  if (PLACEHOLDER_WORDS.test(body)) return 'placeholder';
  if (longestRepeat(body) >= 6) return 'repeated';
  if (longestSequence(body) >= 6) return 'sequential';
  if (shannonEntropy(body) < minimumEntropy(body)) return 'low-entropy';
  return null;
}

export function isDecoy(body: string): boolean {
  return decoyReason(body) !== null;
}
