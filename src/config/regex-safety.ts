/**
 * Regular expressions a config supplies (`rules.<id>.options` values declared `format: regex`, e.g.
 * `extraCallPatterns`). A config comes with the scanned repository — a pull request can change it — so a
 * pattern that backtracks without bound would let a repository stall every scan. Such patterns are
 * refused at config load, by structure, before anything runs them:
 *
 * - a repeated group that holds a quantifier or an alternative (`(a+)+`, `(a|ab)*`): exponential;
 * - a backreference (`\1`, `\k<name>`): no bound at all;
 * - more than MAX_UNBOUNDED unbounded quantifiers (`*`, `+`, `{n,}`): the time is a power of the input
 *   length with that many factors (`\w*\w*\w*x`), so it is kept at a square, and the rules run these
 *   patterns on short texts only (a callee: at most 256 characters);
 * - more than MAX_LENGTH characters.
 *
 * Conservative on purpose: what passes is at worst quadratic in a short text. test/security/redos.test.ts
 * checks the verdicts against recheck.
 */

export const MAX_LENGTH = 200;
export const MAX_UNBOUNDED = 2;

interface Frame {
  /** The group holds a quantifier or an alternative, at any depth. */
  risky: boolean;
}

/** Why `source` is refused, in a few words, or null when it may be used. */
export function regexProblem(source: string): string | null {
  if (source.length > MAX_LENGTH) return `longer than ${MAX_LENGTH} characters`;
  try {
    new RegExp(source);
  } catch (err) {
    return `not a valid regular expression (${(err as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '')})`;
  }
  const stack: Frame[] = [{ risky: false }];
  let unbounded = 0;
  /** What the last atom was: a group (and whether it was risky), any other atom, or nothing to quantify. */
  let last: 'none' | 'atom' | 'safe-group' | 'risky-group' = 'none';
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const n = source[i + 1] ?? '';
      if (/[1-9]/.test(n) || (n === 'k' && source[i + 2] === '<')) return 'a backreference can backtrack without bound';
      i++;
      if (n === 'u' && source[i + 1] === '{') i = source.indexOf('}', i);
      last = 'atom';
    } else if (c === '[') {
      // A class is one atom: skip to its closing bracket (escapes inside included).
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
      last = 'atom';
    } else if (c === '(') {
      stack.push({ risky: false });
      if (source[i + 1] === '?') {
        if (source[i + 2] === '<' && source[i + 3] !== '=' && source[i + 3] !== '!')
          i = source.indexOf('>', i); // (?<name>
        else i += source[i + 2] === '<' ? 3 : 2; // (?<= (?<! or (?: (?= (?!
      }
      last = 'none';
    } else if (c === ')') {
      const inner = stack.pop()!;
      if (inner.risky) stack[stack.length - 1].risky = true;
      last = inner.risky ? 'risky-group' : 'safe-group';
    } else if (c === '|') {
      stack[stack.length - 1].risky = true;
      last = 'none';
    } else if (c === '*' || c === '+' || c === '?' || (c === '{' && /^\{\d+(,\d*)?\}/.test(source.slice(i)))) {
      let repeats = c !== '?';
      let bounded = c === '?';
      if (c === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i))!;
        repeats = m[2] !== undefined ? m[3] === '' || Number(m[3]) > 1 : Number(m[1]) > 1;
        bounded = m[2] === undefined || m[3] !== '';
        i += m[0].length - 1;
      }
      if (source[i + 1] === '?') i++; // lazy
      if (repeats && last === 'risky-group')
        return 'a repeated group holds a quantifier or an alternative (like (a+)+ or (a|ab)*): it can backtrack exponentially';
      if (!bounded && ++unbounded > MAX_UNBOUNDED)
        return `more than ${MAX_UNBOUNDED} unbounded quantifiers (*, +, {n,}): the time grows as a power of the text length`;
      stack[stack.length - 1].risky = true;
      last = 'none';
    } else {
      last = 'atom';
    }
  }
  return null;
}
