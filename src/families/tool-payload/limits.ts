/**
 * The budgets of the tool-payload analysis (issue 18: no data file can hang agent-guard, exhaust its memory
 * or blind it silently). Input past a budget is not analyzed; it becomes a `Limit`, which the rule it
 * concerns reports as a rule error after its findings (src/families/tool-payload/rules/shared.ts): every
 * format shows it and it fails the scan at the default `--fail-on`.
 */
/** The rules of the family (by name without `tool-payload/`). */
export type PayloadRuleName = 'invalid-json' | 'invalid-arguments' | 'unknown-tool' | 'invalid-tool-schema' | 'unpaired-call' | 'schema-mismatch';

/**
 * Deepest nesting of arrays and objects analyzed. V8's JSON.parse is iterative (a million levels parse),
 * but JSON.stringify, jsonc-parser and the walkers recurse; tool payloads nest a few dozen levels (OpenAI's
 * structured outputs allow 10 levels of schema nesting).
 */
export const MAX_DEPTH = 256;
/** Longest JSON line (or JSON document) parsed: parsing costs about ten times its size in memory. */
export const MAX_UNIT_CHARS = 16 * 1024 * 1024;
/** Largest tool schema compiled, in nodes (objects, arrays and values). */
export const MAX_SCHEMA_NODES = 50_000;
/**
 * Largest tool schema once its `$ref`s are expanded, in subschemas: what ajv's validation of one value may
 * visit. 30 levels of `anyOf` over two `$ref`s to the next level expand to 2^30 (2.9 KB of JSON).
 */
export const MAX_SCHEMA_EXPANDED = 50_000;

/** Input not analyzed, and which rule could not do its work because of it. */
export interface Limit {
  rule: PayloadRuleName;
  reason: string;
  /** Further reasons of the same rule in the file, counted only. */
  more?: number;
}

/** Thrown by a rule after its findings when part of the file was not analyzed. */
export class PayloadLimitError extends Error {
  constructor(limits: Limit[]) {
    const count = limits.reduce((n, l) => n + 1 + (l.more ?? 0), 0) - 1;
    const more = count > 0 ? ` (and ${count.toLocaleString('en-US')} more)` : '';
    super(`${limits[0].reason}${more}`);
    this.name = 'PayloadLimitError';
  }
}

const fmt = (n: number) => n.toLocaleString('en-US');
export const TOO_DEEP = `nested deeper than ${MAX_DEPTH} levels`;
export const tooLong = (chars: number) => `${fmt(chars)} characters long, over the ${fmt(MAX_UNIT_CHARS)} a JSON value is parsed up to`;

/** Whether the nesting of arrays and objects in a JSON text goes past `limit` (brackets outside strings). */
export function textNestingExceeds(text: string, limit = MAX_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > limit) return true;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return false;
}

/** Size of a parsed value: `deep` past `maxDepth` levels, `large` past `maxNodes` nodes (no recursion). */
export function measure(value: unknown, maxDepth = MAX_DEPTH, maxNodes = Infinity): 'deep' | 'large' | null {
  if (value === null || typeof value !== 'object') return null;
  const stack: { v: object; d: number }[] = [{ v: value, d: 1 }];
  let nodes = 0;
  while (stack.length) {
    const { v, d } = stack.pop()!;
    if (d > maxDepth) return 'deep';
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (++nodes > maxNodes) return 'large';
      if (child !== null && typeof child === 'object') stack.push({ v: child, d: d + 1 });
    }
  }
  return null;
}
