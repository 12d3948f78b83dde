/**
 * Values written as text inside a string field of a record: JSON, or the Python literal that datasets
 * built with `repr()` hold instead (`{'name': 'x', 'arguments': {'flag': True}}` — NousResearch's
 * hermes-function-calling-v1 writes its `<tools>` and `<tool_call>` blocks this way).
 */

import { jsonErrorText } from './describe.js';
import { MAX_DEPTH, TOO_DEEP } from './limits.js';

/** `tooDeep`: a Python literal nesting past MAX_DEPTH (not parsed further; JSON.parse has no such limit). */
export type Parsed = { ok: true; values: unknown[] } | { ok: false; error: string; tooDeep?: true };

class TooDeep extends Error {}

/**
 * Every value in `text`: one JSON document, or one or more JSON values / Python literals written one after
 * the other (a chat template that prints each tool of a list on its own). The error is JSON.parse's.
 */
export function parseValues(text: string): Parsed {
  const trimmed = text.trim();
  let jsonError: string;
  try {
    return { ok: true, values: [JSON.parse(trimmed)] };
  } catch (err) {
    jsonError = jsonErrorText(err);
  }
  const p = new LiteralParser(trimmed);
  const values: unknown[] = [];
  try {
    p.space();
    while (!p.done()) {
      values.push(p.value());
      p.space();
      if (p.peek() === ',') {
        p.next();
        p.space();
      }
    }
  } catch (err) {
    return err instanceof TooDeep ? { ok: false, error: TOO_DEEP, tooDeep: true } : { ok: false, error: jsonError };
  }
  return values.length ? { ok: true, values } : { ok: false, error: jsonError };
}

class LiteralParser {
  private i = 0;
  private depth = 0;
  constructor(private readonly s: string) {}

  done(): boolean {
    return this.i >= this.s.length;
  }

  peek(): string {
    return this.s[this.i] ?? '';
  }

  next(): string {
    return this.s[this.i++] ?? '';
  }

  space(): void {
    while (/\s/.test(this.peek())) this.i++;
  }

  private fail(): never {
    throw new Error(`unexpected ${JSON.stringify(this.peek())} at ${this.i}`);
  }

  value(): unknown {
    this.space();
    const c = this.peek();
    if (c === '{' || c === '[' || c === '(') {
      if (++this.depth > MAX_DEPTH) throw new TooDeep();
      const v = c === '{' ? this.dict() : this.list(c === '[' ? ']' : ')');
      this.depth--;
      return v;
    }
    if (c === '"' || c === "'") return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    const word = /^[A-Za-z]+/.exec(this.s.slice(this.i))?.[0] ?? '';
    const words: Record<string, unknown> = { True: true, False: false, None: null, true: true, false: false, null: null };
    if (!(word in words)) this.fail();
    this.i += word.length;
    return words[word];
  }

  private dict(): Record<string, unknown> {
    this.next();
    const out: Record<string, unknown> = {};
    for (;;) {
      this.space();
      if (this.peek() === '}') {
        this.next();
        return out;
      }
      const key = this.value();
      if (typeof key !== 'string' && typeof key !== 'number') this.fail();
      this.space();
      if (this.next() !== ':') this.fail();
      out[String(key)] = this.value();
      this.space();
      const sep = this.next();
      if (sep === '}') return out;
      if (sep !== ',') this.fail();
    }
  }

  private list(close: string): unknown[] {
    this.next();
    const out: unknown[] = [];
    for (;;) {
      this.space();
      if (this.peek() === close) {
        this.next();
        return out;
      }
      out.push(this.value());
      this.space();
      const sep = this.next();
      if (sep === close) return out;
      if (sep !== ',') this.fail();
    }
  }

  private string(): string {
    const quote = this.next();
    let out = '';
    for (;;) {
      if (this.done()) this.fail();
      const c = this.next();
      if (c === quote) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.next();
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0', '\\': '\\', "'": "'", '"': '"', '/': '/' };
      if (e in simple) out += simple[e];
      else if (e === 'x' || e === 'u' || e === 'U') {
        const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const hex = this.s.slice(this.i, this.i + len);
        if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) this.fail();
        this.i += len;
        const cp = parseInt(hex, 16);
        if (cp > 0x10ffff) this.fail();
        out += String.fromCodePoint(cp);
      } else out += `\\${e}`;
    }
  }

  private number(): number {
    const m = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(this.s.slice(this.i));
    if (!m) this.fail();
    this.i += m[0].length;
    return Number(m[0]);
  }
}
