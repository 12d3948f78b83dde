import { createHash } from 'node:crypto';
import { maskSecret, Redactor } from './redact.js';

/**
 * Fingerprints identify a finding across unrelated edits: they hash the rule, the path and the
 * whitespace-normalised text of the finding's line (or a rule-provided hint), never the line number,
 * plus an occurrence counter for identical lines in one file. A secret contributes its hash, not its text.
 */
export function normalizeLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function fingerprintOf(parts: { ruleId: string; path: string; content: string; occurrence: number }): string {
  const h = createHash('sha256');
  h.update(`${parts.ruleId}\0${parts.path}\0${parts.content}\0${parts.occurrence}`);
  return h.digest('hex').slice(0, 32);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/*
 * GitHub code scanning's `primaryLocationLineHash`, computed exactly as github/codeql-action does when it
 * uploads a SARIF file without one (src/fingerprints.ts there): a rolling hash (base 37, modulo 2^64) over
 * the first 100 characters from the start of each line, spaces and tabs skipped and line endings folded to
 * `\n`, so it survives re-indentation and lines moving; `:N` numbers equal hashes in file order. The upload
 * keeps a value it finds and warns when it differs from its own, so ours must agree with it.
 */
const HASH_BLOCK = 100;
const HASH_EOF = 65535;
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TWO_32 = 2 ** 32;
/** 37^100 modulo 2^64, as its high and low 32-bit halves (the hash is kept in two halves: no BigInt per character). */
const FIRST = BigInt.asUintN(64, 37n ** BigInt(HASH_BLOCK));
const FIRST_HI = Number(FIRST >> 32n);
const FIRST_LO = Number(FIRST & 0xffffffffn);

/** The primaryLocationLineHash of every line of a text; entry `i` is line `i + 1`. */
export function lineHashes(text: string): string[] {
  const window = new Array<number>(HASH_BLOCK).fill(0);
  const lineAt = new Array<number>(HASH_BLOCK).fill(-1);
  const counts = new Map<string, number>();
  const out: string[] = [];
  let hi = 0;
  let lo = 0;
  let index = 0;
  let line = 0;
  let lineStart = true;
  let prevCR = false;
  for (let i = 0; i <= text.length + HASH_BLOCK; i++) {
    // The text, then an end-of-file mark, then a window of zeros that flushes the last lines.
    const flushing = i > text.length;
    let c = i < text.length ? text.charCodeAt(i) : flushing ? 0 : HASH_EOF;
    if (!flushing) {
      if (c === SPACE || c === TAB || (prevCR && c === LF)) {
        prevCR = false;
        continue;
      }
      prevCR = c === CR;
      if (prevCR) c = LF;
    }
    if (lineAt[index] !== -1) {
      const value = hi === 0 ? lo.toString(16) : hi.toString(16) + lo.toString(16).padStart(8, '0');
      const n = (counts.get(value) ?? 0) + 1;
      counts.set(value, n);
      out[lineAt[index] - 1] = `${value}:${n}`;
      lineAt[index] = -1;
    }
    if (!flushing && lineStart) {
      lineStart = false;
      lineAt[index] = ++line;
    }
    if (c === LF) lineStart = true;
    // hash = 37 * hash + c - 37^100 * (the character leaving the window), modulo 2^64
    const begin = window[index];
    window[index] = c;
    const mulLo = lo * 37 + c;
    const mulHi = hi * 37 + (mulLo - (mulLo >>> 0)) / TWO_32;
    const subLo = FIRST_LO * begin;
    const subHi = FIRST_HI * begin + (subLo - (subLo >>> 0)) / TWO_32;
    let nextLo = (mulLo >>> 0) - (subLo >>> 0);
    let borrow = 0;
    if (nextLo < 0) {
      nextLo += TWO_32;
      borrow = 1;
    }
    lo = nextLo;
    hi = (mulHi - subHi - borrow) >>> 0;
    index = index === HASH_BLOCK - 1 ? 0 : index + 1;
  }
  return out;
}

/**
 * A primaryLocationLineHash-shaped value for a finding with no line to hash in the checked-out tree (a
 * finding from git history, whose file may be gone): derived from its own fingerprint, so it is as stable
 * as the fingerprint is.
 */
export function derivedLineHash(fingerprint: string): string {
  return `${sha256(`agent-guard line\0${fingerprint}`).slice(0, 16)}:1`;
}

/** Longest snippet kept: a minified or JSONL line is cut around the finding. */
const SNIPPET_MAX = 200;

/**
 * The text of a finding's first line as reports show it (SARIF `region.snippet`): trailing space dropped,
 * the finding's secret masked as everywhere else (also a cut-off start of a multi-line key, and the
 * key's other lines), and a long line cut to the part around the finding's column.
 */
export function snippetOf(lineText: string, startColumn: number, secret?: string): string {
  let text = lineText.trimEnd();
  if (secret) {
    const redactor = new Redactor();
    redactor.add(secret);
    text = redactor.redact(text);
    const lines = secret.split(/\r?\n/).map((l) => l.trim());
    text = text.split(secret.trim()).join(maskSecret(secret));
    for (const l of lines.slice(1)) if (l.length >= 8) text = text.split(l).join('…');
  }
  if (text.length <= SNIPPET_MAX) return text;
  const start = Math.max(0, Math.min(startColumn - 1 - 40, text.length - SNIPPET_MAX));
  const cut = text.slice(start, start + SNIPPET_MAX);
  return `${start > 0 ? '…' : ''}${cut}${start + SNIPPET_MAX < text.length ? '…' : ''}`;
}
