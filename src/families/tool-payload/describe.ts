/** ajv validation errors phrased as "expected … found …" at a path of the validated value. */
import type { ErrorObject } from 'ajv';
import { maskSecret } from '../../core/redact.js';
import { pointerToPath, valueAt, type Seg } from './paths.js';

/** JSON.parse's message without the piece of input V8 quotes in it (`"sk-proj-AB"... is not valid JSON`). */
export function jsonErrorText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  // Read with indexOf and slices, not a regex: one ending in `"[\s\S]*" is not valid JSON$` is quadratic on `,"` runs.
  const suffix = ' is not valid JSON';
  if (!message.endsWith(suffix)) return message;
  const quoted = message.slice(0, -suffix.length);
  if (quoted.startsWith('"') || quoted.startsWith('..."')) return 'not valid JSON';
  const cuts = [quoted.indexOf(', "'), quoted.indexOf(', ..."')].filter((i) => i >= 0);
  return cuts.length ? `${quoted.slice(0, Math.min(...cuts))}: not valid JSON` : message;
}

export interface Violation {
  path: Seg[];
  /** Point at the property key (an undeclared property) rather than the value. */
  key?: boolean;
  expected: string;
  found: string;
}

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** A run without spaces, long enough for a key, with letters and digits: shown as the masking rules show a key. */
const TOKEN = /[^\s"'`,;:=()[\]{}<>]{16,}/g;
/** Letters and digits both: two single-character searches (one regex with two `.*` lookaheads reads as polynomial to the ReDoS check). */
const keyLike = (t: string): boolean => /[A-Za-z]/.test(t) && /\d/.test(t);

/** What may be quoted of a string from a scanned file: the masked form of anything that could be a key. */
export function quotable(text: string): string {
  return text.replace(TOKEN, (t) => (keyLike(t) ? maskSecret(t) : t));
}

/**
 * A short rendering of a found value. Strings are cut short, and a run that could be a key (16+ characters
 * without spaces, letters and digits) shows no more than the masking rules show of a key (`sk-proj-…Zq`).
 */
export function preview(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') {
    const shown = quotable(v);
    return JSON.stringify(shown.length > 24 ? `${shown.slice(0, 20)}…` : shown);
  }
  if (v !== null && typeof v === 'object') return Array.isArray(v) ? `an array of ${v.length}` : 'an object';
  return String(v);
}

export function describeFound(v: unknown): string {
  if (v !== null && typeof v === 'object') return preview(v);
  return `${typeName(v)} ${preview(v)}`;
}

const list = (vals: unknown[]) => vals.map((v) => JSON.stringify(v)).join(', ');

export function describeErrors(errors: ErrorObject[] | null | undefined, data: unknown): Violation[] {
  if (!errors?.length) return [];
  // Alternatives (anyOf/oneOf) report once, not once per failing branch; `if` failures are noise.
  const branchRoots = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.schemaPath);
  const kept = errors.filter((e) => e.keyword !== 'if' && !branchRoots.some((r) => e.schemaPath !== r && e.schemaPath.startsWith(`${r}/`)));
  const out: Violation[] = [];
  const seen = new Set<string>();
  for (const e of kept) {
    const path = pointerToPath(e.instancePath, data);
    const found = valueAt(data, path);
    const p = e.params as Record<string, unknown>;
    let v: Violation;
    switch (e.keyword) {
      case 'required':
        v = { path, expected: `required property "${p.missingProperty}"`, found: 'no such property' };
        break;
      case 'additionalProperties':
        v = {
          path: [...path, p.additionalProperty as string],
          key: true,
          expected: `only declared properties (additionalProperties is false)`,
          found: `property "${p.additionalProperty}"`,
        };
        break;
      case 'unevaluatedProperties':
        v = {
          path: [...path, p.unevaluatedProperty as string],
          key: true,
          expected: `only evaluated properties (unevaluatedProperties is false)`,
          found: `property "${p.unevaluatedProperty}"`,
        };
        break;
      case 'type':
        v = { path, expected: String(p.type).replace(/,/g, ' or '), found: describeFound(found) };
        break;
      case 'enum':
        v = { path, expected: `one of ${list(p.allowedValues as unknown[])}`, found: describeFound(found) };
        break;
      case 'const':
        v = { path, expected: JSON.stringify(p.allowedValue), found: describeFound(found) };
        break;
      case 'pattern':
        v = { path, expected: `a string matching /${p.pattern}/`, found: describeFound(found) };
        break;
      case 'format':
        v = { path, expected: `a "${p.format}" string`, found: describeFound(found) };
        break;
      case 'anyOf':
        v = { path, expected: 'a value matching one of the anyOf alternatives', found: describeFound(found) };
        break;
      case 'oneOf':
        v = {
          path,
          expected: 'a value matching exactly one of the oneOf alternatives',
          found: p.passingSchemas ? `a value matching alternatives ${JSON.stringify(p.passingSchemas)}` : describeFound(found),
        };
        break;
      case 'minLength':
      case 'maxLength':
        v = {
          path,
          expected: `a string of ${e.keyword === 'minLength' ? 'at least' : 'at most'} ${p.limit} character${p.limit === 1 ? '' : 's'}`,
          found: describeFound(found),
        };
        break;
      case 'minItems':
      case 'maxItems':
        v = {
          path,
          expected: `an array of ${e.keyword === 'minItems' ? 'at least' : 'at most'} ${p.limit} item${p.limit === 1 ? '' : 's'}`,
          found: describeFound(found),
        };
        break;
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        v = { path, expected: `a number ${p.comparison} ${p.limit}`, found: describeFound(found) };
        break;
      default:
        v = { path, expected: `a value that ${e.message ?? `satisfies ${e.keyword}`}`, found: describeFound(found) };
    }
    const k = `${JSON.stringify(v.path)}|${v.expected}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(v);
  }
  return out;
}
