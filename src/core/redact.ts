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
  /** Each secret's masked form, by registration number. */
  private readonly masks: string[] = [];
  /** Every form of every secret (raw, JSON-escaped), in one prefix tree: one walk per position of a text. */
  private readonly index = new SecretIndex();

  add(secret: string): void {
    const s = secretMaterial(secret);
    // Very short strings would mask ordinary words; rules only register real key material.
    if (s.length >= MIN_SECRET_LENGTH && !this.secrets.has(s)) {
      this.secrets.add(s);
      this.register(s);
    }
  }

  get size(): number {
    return this.secrets.size;
  }

  /** Every secret registered so far (a scan worker hands them to the main thread, which prints). */
  registered(): string[] {
    return [...this.secrets];
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

  private register(secret: string): void {
    const owner = this.masks.push(maskSecret(secret)) - 1;
    this.index.add(secret, owner);
    // JSON output escapes some characters; cover the escaped form too.
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) this.index.add(escaped, owner);
  }

  /** One pass from left to right: at each position the longest masked run starting there, if any, is replaced. */
  private redactPlain(text: string): string {
    let out = '';
    let last = 0;
    for (let at = 0; at < text.length;) {
      const length = this.index.match(text, at);
      if (length === 0) {
        at++;
        continue;
      }
      out += text.slice(last, at) + this.masks[this.index.owner];
      at += length;
      last = at;
    }
    return last === 0 ? text : out + text.slice(last);
  }

  /**
   * Mask inside each string literal of a JSON text (decoded, masked, encoded again) and in numbers. Only
   * the tokens where a secret may start are decoded: those holding more than the shown leading characters
   * of a secret (raw or escaped as JSON.stringify escapes it), and those with `\u` or `\/` escapes, which
   * could spell a secret in other characters.
   */
  private redactJsonText(text: string): string {
    const starts: number[] = [];
    for (let at = 0; at < text.length; at++) if (this.index.reach(text, at) > SHOWN_PREFIX) starts.push(at);
    const escapes = /\\[u/]/;
    if (starts.length === 0 && !escapes.test(text)) return text;
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

/** The owner of a prefix-tree node that forms of two or more secrets pass through. */
const SHARED = -1;

interface TrieNode {
  /** Length of the prefix that leads here. */
  depth: number;
  /** The one secret whose forms go through this node (its registration number), or SHARED. */
  owner: number;
  /** SHARED nodes: the node for each next character. */
  next: Map<number, TrieNode> | null;
  /** SHARED nodes: the first-registered secret with a form that ends here, or -1. */
  ends: number;
  /** Owned nodes: the owner's forms that go through here; the rest of the path is read from them. */
  forms: string[] | null;
}

const sharedNode = (depth: number): TrieNode => ({ depth, owner: SHARED, next: new Map(), ends: -1, forms: null });
const ownedNode = (depth: number, owner: number, form: string): TrieNode => ({ depth, owner, next: null, ends: -1, forms: [form] });

/**
 * The registered forms in a prefix tree whose nodes are expanded only where two secrets share a prefix;
 * below that, a node owned by a single secret holds its forms. `match` walks it once from a position of
 * the text: the cost is the length of the prefix the text shares with a form, not the number of secrets,
 * and secrets can be added at any time.
 *
 * A run is masked (`match`) when it is a whole form, or more than the shown prefix of a form and more
 * than the prefix that form shares with another secret's (that run belongs to neither key, and masking
 * it with one key's mask would hide the other key) — a cut-off quote of a key, such as a snippet or
 * preview that ends inside it. A cut-off run stops before a structural character (quote, comma, bracket,
 * brace): that character belongs to the text around the quote.
 */
class SecretIndex {
  private readonly root = sharedNode(0);
  /** The secret the last successful `match` found. */
  owner = -1;

  add(form: string, owner: number): void {
    let node = this.root;
    for (;;) {
      if (node.owner === owner) {
        if (!node.forms!.includes(form)) node.forms!.push(form);
        return;
      }
      if (node.owner !== SHARED) expand(node);
      if (form.length === node.depth) {
        if (node.ends < 0 || owner < node.ends) node.ends = owner;
        return;
      }
      const c = form.charCodeAt(node.depth);
      const child = node.next!.get(c);
      if (!child) {
        node.next!.set(c, ownedNode(node.depth + 1, owner, form));
        return;
      }
      node = child;
    }
  }

  /** Length of the run to mask at `at` (its secret in `owner`), or 0. */
  match(text: string, at: number): number {
    let node: TrieNode | undefined = this.root;
    let keep = SHOWN_PREFIX;
    let whole = 0;
    let wholeOwner = -1;
    while (node && node.owner === SHARED) {
      if (node.ends >= 0) {
        whole = node.depth;
        wholeOwner = node.ends;
      }
      if (node.depth > keep) keep = node.depth;
      node = at + node.depth < text.length ? node.next!.get(text.charCodeAt(at + node.depth)) : undefined;
    }
    if (node) {
      let length = -1;
      let full = false;
      for (const form of node.forms!) {
        const l = commonRun(text, at, form, node.depth);
        if (l > length || (l === length && l === form.length)) {
          length = l;
          full = l === form.length;
        }
      }
      if (!full) {
        const structural = STRUCTURAL.exec(text.slice(at, at + length));
        if (structural) length = structural.index;
      }
      if (full || length > keep) {
        this.owner = node.owner;
        return length;
      }
    }
    if (whole === 0) return 0;
    this.owner = wholeOwner;
    return whole;
  }

  /** Longest prefix of a form that the text at `at` starts with (where a secret may start). */
  reach(text: string, at: number): number {
    let node: TrieNode | undefined = this.root;
    let depth = 0;
    while (node && node.owner === SHARED) {
      depth = node.depth;
      node = at + depth < text.length ? node.next!.get(text.charCodeAt(at + depth)) : undefined;
    }
    if (node) for (const form of node.forms!) depth = Math.max(depth, commonRun(text, at, form, node.depth));
    return depth;
  }
}

/** A node owned by one secret that another secret's form now reaches: it becomes SHARED, its forms move one level down. */
function expand(node: TrieNode): void {
  const owner = node.owner;
  const forms = node.forms!;
  Object.assign(node, sharedNode(node.depth));
  for (const form of forms) {
    if (form.length === node.depth) {
      node.ends = owner;
      continue;
    }
    const c = form.charCodeAt(node.depth);
    const child = node.next!.get(c);
    if (child) child.forms!.push(form);
    else node.next!.set(c, ownedNode(node.depth + 1, owner, form));
  }
}

/** Length of the prefix of `form` that `text` holds at `at`, knowing the first `from` characters match. */
function commonRun(text: string, at: number, form: string, from: number): number {
  let l = from;
  while (l < form.length && at + l < text.length && text.charCodeAt(at + l) === form.charCodeAt(l)) l++;
  return l;
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

/** The process-wide redactor used by every output path (stdout, stderr, files, Action APIs). */
export const globalRedactor = new Redactor();
