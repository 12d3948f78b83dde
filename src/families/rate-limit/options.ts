/** Option helpers shared by the rate-limit/* rules. */

/** Compile user-supplied regular expressions; an invalid one is ignored rather than failing the scan. */
export function compileExtraPatterns(patterns: unknown): RegExp[] {
  if (!Array.isArray(patterns)) return [];
  const out: RegExp[] = [];
  for (const p of patterns) {
    if (typeof p !== 'string') continue;
    try {
      out.push(new RegExp(p));
    } catch {
      // ignored: the config schema only checks it is a string
    }
  }
  return out;
}

/** Source text for a message: one line, at most 40 characters. */
export function shorten(text: string, max = 40): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

export function numberOption(options: Record<string, unknown>, key: string, fallback: number): number {
  const v = options[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}
