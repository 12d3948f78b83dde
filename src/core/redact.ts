/**
 * Secret masking. A secret is shown as at most its first 8 and last 2 characters (`sk-ant-a…AA`), fewer
 * when it is short, so that the masked form never shows more than a fifth of it.
 */
export function maskSecret(secret: string): string {
  const s = secret.trim();
  if (s.length === 0) return '…';
  const tail = s.length >= 30 ? 2 : 0;
  const head = Math.min(8, Math.max(0, Math.floor(s.length / 5) - tail));
  return `${s.slice(0, head)}…${tail ? s.slice(-tail) : ''}`;
}

/** Shown characters of a secret beyond which a quoted prefix counts as a leak (what the mask shows). */
const SHOWN_PREFIX = 8;

/** Shortest secret the redactor registers: shorter strings would mask ordinary words. */
const MIN_SECRET_LENGTH = 8;

/**
 * A match reported with the name it is assigned to (`account_id = "1234…`, `"aws_account_id": "1234…`):
 * the name and the quotes around it are not secret, and masking them would mask every mention of the
 * name (a tool parameter called `account_id`) and eat the quote after it in a JSON document.
 */
const ASSIGNED = /^["']?[A-Za-z_][\w.-]*["']?\s*(?::|=>|=)\s*["']?/;

/**
 * Characters that give a document its structure (JSON, YAML flow, `::error file=…,line=…::`): a cut-off
 * quote of a secret is masked up to the first of them, never across it.
 */
const STRUCTURAL = /["',{}[\]]/;

/** The key material of a reported secret: `value` for `name = "value`, else the secret itself (trimmed). */
export function secretMaterial(secret: string): string {
  const s = secret.trim();
  const assigned = ASSIGNED.exec(s);
  if (!assigned || assigned[0].length === 0) return s;
  const value = s.slice(assigned[0].length).replace(/["']$/, '');
  return value.length >= MIN_SECRET_LENGTH ? value : s;
}

/**
 * A last line of defence applied to every byte agent-guard writes (reports, errors, debug logs): any
 * registered secret that still appears in full is replaced by its masked form.
 *
 * Masking never changes the structure of a document: a JSON document (a report, `tools --format json`)
 * is masked string by string, each string decoded, masked and encoded again, so a mask cannot eat a
 * quote, comma or brace; in other text a cut-off quote of a secret is masked up to the first quote,
 * comma, bracket or brace.
 */
export class Redactor {
  private readonly secrets = new Set<string>();
  /** Per secret, computed once per set of secrets: its forms (raw, JSON-escaped), kept prefix and mask. */
  private patterns: Pattern[] | null = null;

  add(secret: string): void {
    const s = secretMaterial(secret);
    // Very short strings would mask ordinary words; rules only register real key material.
    if (s.length >= MIN_SECRET_LENGTH && !this.secrets.has(s)) {
      this.secrets.add(s);
      this.patterns = null;
    }
  }

  get size(): number {
    return this.secrets.size;
  }

  /** Mask every registered secret in `text`; a JSON document stays a JSON document with the same structure. */
  redact(text: string): string {
    if (this.secrets.size === 0) return text;
    return isJsonDocument(text) ? this.redactJsonText(text) : this.redactPlain(text);
  }

  /**
   * A copy of `value` with every string in it (values and keys, at any depth) masked: mask a document
   * before it is serialized, so that the serialized form never needs a byte-level fix.
   */
  redactValue<T>(value: T): T {
    if (this.secrets.size === 0) return value;
    const visit = (v: unknown): unknown => {
      if (typeof v === 'string') return this.redactPlain(v);
      if (Array.isArray(v)) return v.map(visit);
      if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
        return Object.fromEntries(Object.entries(v).map(([k, inner]) => [this.redactPlain(k), visit(inner)]));
      }
      return v;
    };
    return visit(value) as T;
  }

  private compiled(): Pattern[] {
    if (!this.patterns) {
      const shared = sharedPrefixes([...this.secrets]);
      this.patterns = [...this.secrets].map((secret) => {
        // JSON output escapes some characters; cover the escaped form too.
        const escaped = JSON.stringify(secret).slice(1, -1);
        return { forms: escaped === secret ? [secret] : [secret, escaped], keep: Math.max(SHOWN_PREFIX, shared.get(secret) ?? 0), mask: maskSecret(secret) };
      });
    }
    return this.patterns;
  }

  private redactPlain(text: string): string {
    let out = text;
    for (const p of this.compiled()) for (const form of p.forms) out = maskOccurrences(out, form, p.keep, p.mask);
    return out;
  }

  /**
   * Mask inside each string literal of a JSON text (decoded, masked, encoded again) and in numbers. Only
   * the tokens where a secret may start are decoded: those holding the leading characters of a secret
   * (raw or escaped as JSON.stringify escapes it), and those with `\u` or `\/` escapes, which could
   * spell a secret in other characters.
   */
  private redactJsonText(text: string): string {
    const starts: number[] = [];
    for (const p of this.compiled()) {
      for (const form of p.forms) {
        if (form.length <= p.keep) continue;
        const probe = form.slice(0, p.keep + 1);
        for (let at = text.indexOf(probe); at >= 0; at = text.indexOf(probe, at + 1)) starts.push(at);
      }
    }
    const escapes = /\\[u/]/;
    if (starts.length === 0 && !escapes.test(text)) return text;
    starts.sort((a, b) => a - b);
    let next = 0;
    return text.replace(JSON_TOKEN, (token: string, offset: number) => {
      while (next < starts.length && starts[next] < offset) next++;
      const holds = next < starts.length && starts[next] < offset + token.length;
      if (!holds && !escapes.test(token)) return token;
      if (token.startsWith('"')) {
        const value = token.includes('\\') ? (JSON.parse(token) as string) : token.slice(1, -1);
        const masked = this.redactPlain(value);
        return masked === value ? token : JSON.stringify(masked);
      }
      // A number holding a secret (a numeric id) becomes the masked string: still valid JSON.
      const masked = this.redactPlain(token);
      return masked === token ? token : JSON.stringify(masked);
    });
  }
}

interface Pattern {
  /** The secret, and its JSON-escaped form when that differs. */
  forms: string[];
  /** Leading characters a cut-off quote may show: the shown prefix, or the prefix shared with another secret. */
  keep: number;
  mask: string;
}

/** A JSON string literal, or a number, in a text known to be JSON. */
const JSON_TOKEN = /"(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*/g;

/** Whether `text` is one JSON object or array (what the JSON and SARIF reports and `--format json` print). */
function isJsonDocument(text: string): boolean {
  const first = /\S/.exec(text)?.[0];
  if (first !== '{' && first !== '[') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function sharedPrefixes(secrets: string[]): Map<string, number> {
  const shared = new Map<string, number>();
  for (const a of secrets) {
    let longest = 0;
    for (const b of secrets) if (a !== b) longest = Math.max(longest, commonPrefix(a, b));
    shared.set(a, longest);
  }
  return shared;
}

/**
 * Replace the secret wherever it appears, and also any cut-off quote of it (a snippet or preview that
 * ends inside the key): every run of its leading characters longer than `keep` — the shown prefix, or
 * the prefix it shares with another registered secret (that run belongs to neither key, and masking it
 * would hide the other key from its own pass). A cut-off run stops before a structural character (quote,
 * comma, bracket, brace): that character belongs to the text around the quote.
 */
function maskOccurrences(text: string, secret: string, keep: number, mask = maskSecret(secret)): string {
  if (secret.length <= keep) return text;
  const probe = secret.slice(0, keep + 1);
  let from = text.indexOf(probe);
  if (from < 0) return text;
  let out = '';
  let last = 0;
  while (from >= 0) {
    let length = probe.length;
    while (length < secret.length && from + length < text.length && text[from + length] === secret[length]) length++;
    if (length < secret.length) {
      const structural = STRUCTURAL.exec(text.slice(from, from + length));
      if (structural) length = structural.index;
    }
    if (length > keep) {
      out += text.slice(last, from) + mask;
      last = from + length;
    }
    from = text.indexOf(probe, Math.max(last, from + 1));
  }
  return out + text.slice(last);
}

/** The process-wide redactor used by every output path (stdout, stderr, files, Action APIs). */
export const globalRedactor = new Redactor();
