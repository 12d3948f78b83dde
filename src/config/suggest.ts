/**
 * "Did you mean" for what a user types: flags, commands, config keys, rule ids, option values.
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions, as Damerau), compared
 * without case first (`failon` → `failOn`), like the suggestions of git, eslint and cargo.
 */

/** Edit distance counting an insertion, deletion, substitution or swap of two neighbours as one. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[rows - 1][cols - 1];
}

/**
 * The candidate closest to `input`, if it is within `maxDistance` edits (2 by default, fewer for very
 * short words so that `-x` does not suggest every other one-letter flag). Ties go to the candidate
 * closest with case, then to the first listed.
 */
export function closest(input: string, candidates: Iterable<string>, maxDistance = 2): string | null {
  const limit = Math.min(maxDistance, Math.max(1, Math.floor(input.length / 3)));
  let best: { candidate: string; folded: number; exact: number } | null = null;
  for (const candidate of candidates) {
    if (candidate === input) continue;
    const folded = editDistance(input.toLowerCase(), candidate.toLowerCase());
    if (folded > limit) continue;
    const exact = editDistance(input, candidate);
    if (!best || folded < best.folded || (folded === best.folded && exact < best.exact)) best = { candidate, folded, exact };
  }
  return best?.candidate ?? null;
}

/** ` (did you mean "x"?)`, or '' when nothing is close. */
export function didYouMean(input: string, candidates: Iterable<string>, quote = (s: string) => `"${s}"`): string {
  const match = closest(input, candidates);
  return match ? `did you mean ${quote(match)}?` : '';
}
