/**
 * Trimming a run of one character in linear time. `s.replace(/\/+$/, '')` looks like it, but a regex
 * engine tries the run from every position when it is not at the end (`//////…x`): quadratic time.
 */

/** `s` without the run of `char` at its end. */
export function trimEndChar(s: string, char: string): string {
  let end = s.length;
  while (end > 0 && s[end - 1] === char) end--;
  return s.slice(0, end);
}

/** `s` without the runs of `char` at its start and its end. */
export function trimChar(s: string, char: string): string {
  let start = 0;
  while (start < s.length && s[start] === char) start++;
  return trimEndChar(s.slice(start), char);
}
