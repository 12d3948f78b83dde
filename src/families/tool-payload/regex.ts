/**
 * Regular expressions written in scanned files (a tool schema's `pattern` and `patternProperties`) run on
 * RE2 (re2js, linear time in the input), never on V8's backtracking engine: `^(a+)+$` against 40 `a` and a
 * `!` takes seconds per extra character there. RE2 has no backreferences and no lookaround; such a pattern
 * is `unsupported`: it is not run at all, and the caller reports the value as not validated.
 */
import { loadRe2js } from '../../core/lazy-modules.js';

export interface LinearRegExp {
  test(s: string): boolean;
}

const MAX_CACHED = 10_000;
const cache = new Map<string, LinearRegExp | null>();

/** A backreference (`\1`, `\k<name>`): RE2 has none, and re2js would read `\k<n>` as the letters. */
function hasBackreference(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] !== '\\') continue;
    const next = pattern[i + 1] ?? '';
    if (next === 'k' || (next >= '1' && next <= '9')) return true;
    i++;
  }
  return false;
}

/** The pattern compiled for RE2, or null when RE2 cannot run it (lookaround, backreferences, syntax). */
export function linearRegExp(pattern: string): LinearRegExp | null {
  const hit = cache.get(pattern);
  if (hit !== undefined) return hit;
  let compiled: LinearRegExp | null = null;
  if (!hasBackreference(pattern)) {
    try {
      const { RE2JS } = loadRe2js();
      const re = RE2JS.compile(RE2JS.translateRegExp(pattern));
      compiled = { test: (s: string) => re.test(s) };
    } catch {
      compiled = null;
    }
  }
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(pattern, compiled);
  return compiled;
}

/** Every regular expression a schema holds: `pattern` values and `patternProperties` keys, at any depth. */
export function schemaPatterns(schema: unknown): string[] {
  const out: string[] = [];
  const stack: unknown[] = [schema];
  while (stack.length) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      stack.push(...v);
      continue;
    }
    for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
      if (k === 'enum' || k === 'const' || k === 'default' || k === 'examples') continue;
      if (k === 'pattern' && typeof child === 'string') out.push(child);
      else if (k === 'patternProperties' && child && typeof child === 'object' && !Array.isArray(child)) out.push(...Object.keys(child));
      stack.push(child);
    }
  }
  return out;
}
