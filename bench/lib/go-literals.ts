/**
 * Just enough Go to read the test data of Go secret scanners (trufflehog detector tests, gitleaks and
 * betterleaks rule definitions) without running Go: a tokenizer, and an evaluator for the string
 * expressions those files build their samples from — literals, `+`, named constants, `fmt.Sprintf`,
 * `strings.Repeat`, `[]string{…}`, `append(…)`, and gitleaks' sample generators (`secrets.NewSecret(regex)`
 * with a seeded random source, `utils.GenerateSampleSecrets(id, secret)`). Anything else evaluates to
 * `undefined`, and the caller skips that sample.
 */

export type Token = { kind: 'str' | 'ident' | 'num' | 'punct'; value: string };

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '/' && src[i + 1] === '/') {
      while (i < n && src[i] !== '\n') i++;
    } else if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === '`') {
      const end = src.indexOf('`', i + 1);
      const raw = src.slice(i + 1, end < 0 ? n : end);
      out.push({ kind: 'str', value: raw.replace(/\r/g, '') });
      i = end < 0 ? n : end + 1;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let value = '';
      while (j < n && src[j] !== c && src[j] !== '\n') {
        if (src[j] === '\\') {
          const e = src[j + 1];
          const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", a: '\x07', b: '\b', f: '\f', v: '\v' };
          if (e in simple) {
            value += simple[e];
            j += 2;
          } else if (e === 'x') {
            value += String.fromCharCode(parseInt(src.slice(j + 2, j + 4), 16));
            j += 4;
          } else if (e === 'u') {
            value += String.fromCodePoint(parseInt(src.slice(j + 2, j + 6), 16));
            j += 6;
          } else if (e === 'U') {
            value += String.fromCodePoint(parseInt(src.slice(j + 2, j + 10), 16));
            j += 10;
          } else if (/[0-7]/.test(e)) {
            value += String.fromCharCode(parseInt(src.slice(j + 1, j + 4), 8));
            j += 4;
          } else {
            value += e;
            j += 2;
          }
        } else {
          value += src[j++];
        }
      }
      out.push({ kind: c === '"' ? 'str' : 'num', value });
      i = j + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_]/.test(src[j])) j++;
      out.push({ kind: 'ident', value: src.slice(i, j) });
      i = j;
    } else if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < n && /[0-9A-Za-z_.]/.test(src[j])) j++;
      out.push({ kind: 'num', value: src.slice(i, j) });
      i = j;
    } else {
      const three = src.slice(i, i + 3);
      const two = src.slice(i, i + 2);
      const p = three === '...' ? three : [':=', '==', '!=', '&&', '||', '+=', '<-', '<=', '>='].includes(two) ? two : c;
      out.push({ kind: 'punct', value: p });
      i += p.length;
    }
  }
  return out;
}

/** A value the evaluator understands: a string, a list of strings, or a number. */
export type GoValue = string | string[] | number | undefined;

/** A seeded PRNG (mulberry32), so generated samples are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shannon(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let e = 0;
  for (const k of counts.values()) e -= (k / s.length) * Math.log2(k / s.length);
  return e;
}

/**
 * A random string matching a simple regex: literals, escapes (`\w`, `\d`, `\-`), character classes with
 * ranges, `(?i:…)` / `(?:…)` groups without alternation, and `{n}`, `{n,m}`, `?`, `+`, `*` quantifiers.
 * Returns undefined for anything else (alternation, anchors).
 */
export function randomFromRegex(pattern: string, random: () => number): string | undefined {
  const WORD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_';
  const DIGIT = '0123456789';
  let i = 0;
  const atoms: { chars: string; min: number; max: number }[] = [];
  let caseless = false;
  while (i < pattern.length) {
    let chars: string;
    const c = pattern[i];
    if (c === '(') {
      if (pattern.startsWith('(?i:', i)) {
        caseless = true;
        i += 4;
      } else if (pattern.startsWith('(?:', i)) i += 3;
      else i += 1;
      continue;
    }
    if (c === ')') {
      i++;
      continue;
    }
    if (c === '|' || c === '^' || c === '$') return undefined;
    if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) return undefined;
      const body = pattern.slice(i + 1, end);
      chars = '';
      for (let j = 0; j < body.length; j++) {
        let ch = body[j];
        if (ch === '\\') {
          const e = body[++j];
          if (e === 'w') {
            chars += WORD;
            continue;
          }
          if (e === 'd') {
            chars += DIGIT;
            continue;
          }
          ch = e;
        }
        if (body[j + 1] === '-' && j + 2 < body.length) {
          const to = body[j + 2];
          for (let k = ch.charCodeAt(0); k <= to.charCodeAt(0); k++) chars += String.fromCharCode(k);
          j += 2;
        } else chars += ch;
      }
      i = end + 1;
    } else if (c === '\\') {
      const e = pattern[i + 1];
      chars = e === 'w' ? WORD : e === 'd' ? DIGIT : e;
      i += 2;
    } else if (c === '.') {
      chars = WORD;
      i++;
    } else {
      chars = c;
      i++;
    }
    if (caseless && chars.length > 1) chars = [...new Set(chars + chars.toUpperCase() + chars.toLowerCase())].join('');
    let min = 1;
    let max = 1;
    const q = /^(?:\{(\d+)(?:,(\d*))?\}|\?|\+|\*)/.exec(pattern.slice(i));
    if (q) {
      if (q[0] === '?') [min, max] = [0, 1];
      else if (q[0] === '+') [min, max] = [1, 8];
      else if (q[0] === '*') [min, max] = [0, 8];
      else {
        min = Number(q[1]);
        max = q[2] === undefined ? min : q[2] === '' ? min + 8 : Number(q[2]);
      }
      i += q[0].length;
    }
    atoms.push({ chars, min, max });
  }
  let out = '';
  for (const a of atoms) {
    const count = a.min + Math.floor(random() * (a.max - a.min + 1));
    for (let k = 0; k < count; k++) out += a.chars[Math.floor(random() * a.chars.length)];
  }
  return out;
}

/** gitleaks `utils.GenerateSampleSecrets`: the secret in each of its 26 language and config templates. */
export const GITLEAKS_TEMPLATES = [
  '{i}Token="{s}"',
  '{i}Token = "{s}"',
  '{i}Token={s}',
  '{i}Token = {s}',
  '{\n    "{i}_token": "{s}"\n}',
  '{"config.ini": "{I}_TOKEN={s}\\nBACKUP_ENABLED=true"}',
  '<{i}Token>\n    {s}\n</{i}Token>',
  '{i}_token: {s}',
  "{i}_token: '{s}'",
  '{i}_token: "{s}"',
  'string {i}Token = "{s}";',
  'var {i}Token string = "{s}"',
  '{i}Token := "{s}"',
  '{i}Token := `{s}`',
  'String {i}Token = "{s}";',
  'var {i}Token = "{s}"',
  '${i}Token .= "{s}"',
  "{i}Token = '{s}'",
  '{i}Token = "{s}"',
  'System.setProperty("{I}_TOKEN", "{s}")',
  '  "{i}Token" => "{s}"',
  '{i}_TOKEN = "{s}"',
  '{i}_TOKEN := "{s}"',
  '{i}_TOKEN ::= "{s}"',
  '{i}_TOKEN :::= "{s}"',
  '{i}_TOKEN ?= "{s}"',
];

/** A text holding a secret whose value the evaluator knows (a generated one), or a literal sample. */
export type GoSample = { text: string; secret?: string };

/**
 * Evaluates Go expressions over a token list. `scope` maps names to the tokens of their definition
 * (filled by `collectDefinitions`); generated secrets are remembered so a sample can say where its key is.
 */
export class GoEvaluator {
  /** Secrets generated by secrets.NewSecret*, by the exact string value. */
  readonly generated = new Set<string>();
  /** Values assigned so far in the function being read (they shadow file-level definitions). */
  readonly locals = new Map<string, GoValue>();
  private readonly defs = new Map<string, { tokens: Token[]; at: number }>();
  private readonly cache = new Map<string, GoValue>();

  constructor(
    private readonly random: () => number,
    tokens: Token[],
  ) {
    this.collectDefinitions(tokens);
  }

  /** Remembers `name = expr`, `name := expr` and `const/var name = expr` anywhere in the file. */
  private collectDefinitions(tokens: Token[]): void {
    for (let i = 0; i + 2 < tokens.length; i++) {
      const t = tokens[i];
      const op = tokens[i + 1];
      if (t.kind !== 'ident' || op.kind !== 'punct' || (op.value !== '=' && op.value !== ':=')) continue;
      const prev = tokens[i - 1];
      if (prev && prev.kind === 'punct' && prev.value === '.') continue;
      // The first definition wins (package-level constants come first in these files).
      if (!this.defs.has(t.value)) this.defs.set(t.value, { tokens, at: i + 2 });
    }
  }

  lookup(name: string): GoValue {
    if (this.locals.has(name)) return this.locals.get(name);
    if (this.cache.has(name)) return this.cache.get(name);
    const def = this.defs.get(name);
    this.cache.set(name, undefined); // cycles evaluate to undefined
    if (!def) return undefined;
    const value = this.expression(def.tokens, def.at).value;
    this.cache.set(name, value);
    return value;
  }

  /** Evaluates the expression starting at `at`; returns its value and the index after it. */
  expression(tokens: Token[], at: number): { value: GoValue; next: number } {
    let { value, next } = this.unary(tokens, at);
    while (tokens[next]?.kind === 'punct' && tokens[next].value === '+') {
      const right = this.unary(tokens, next + 1);
      value = typeof value === 'string' && typeof right.value === 'string' ? value + right.value : undefined;
      next = right.next;
    }
    return { value, next };
  }

  /** Skips one balanced bracket group starting at `at` (an opening bracket); returns the index after it. */
  static skipGroup(tokens: Token[], at: number): number {
    const open = tokens[at].value;
    const close = open === '(' ? ')' : open === '[' ? ']' : '}';
    let depth = 0;
    for (let i = at; i < tokens.length; i++) {
      if (tokens[i].kind !== 'punct') continue;
      if (tokens[i].value === open) depth++;
      else if (tokens[i].value === close && --depth === 0) return i + 1;
    }
    return tokens.length;
  }

  /** Arguments of a call whose `(` is at `at`: each evaluated, with a trailing `...` spread flag. */
  args(tokens: Token[], at: number): { values: GoValue[]; spread: boolean; next: number } {
    const values: GoValue[] = [];
    let i = at + 1;
    let spread = false;
    while (i < tokens.length && !(tokens[i].kind === 'punct' && tokens[i].value === ')')) {
      const { value, next } = this.expression(tokens, i);
      values.push(value);
      i = next;
      if (tokens[i]?.value === '...') {
        spread = true;
        i++;
      }
      if (tokens[i]?.value === ',') i++;
      else if (tokens[i]?.value !== ')') {
        // Something we cannot read: skip to the closing parenthesis.
        return { values: [undefined], spread, next: GoEvaluator.skipGroup(tokens, at) };
      }
    }
    return { values, spread, next: i + 1 };
  }

  private newSecret(pattern: GoValue, minEntropy = 0): string | undefined {
    if (typeof pattern !== 'string') return undefined;
    for (let attempt = 0; attempt < 50; attempt++) {
      const s = randomFromRegex(pattern, this.random);
      if (s === undefined) return undefined;
      if (shannon(s) >= minEntropy || attempt === 49) {
        this.generated.add(s);
        return s;
      }
    }
    return undefined;
  }

  private unary(tokens: Token[], at: number): { value: GoValue; next: number } {
    const t = tokens[at];
    if (!t) return { value: undefined, next: at };
    if (t.kind === 'str') return { value: t.value, next: at + 1 };
    if (t.kind === 'num') return { value: Number(t.value), next: at + 1 };
    if (t.kind === 'punct' && t.value === '(') {
      const inner = this.expression(tokens, at + 1);
      return { value: inner.value, next: inner.next + 1 };
    }
    // []string{ ... }
    if (t.kind === 'punct' && t.value === '[' && tokens[at + 1]?.value === ']' && tokens[at + 2]?.value === 'string' && tokens[at + 3]?.value === '{') {
      const list: string[] = [];
      let i = at + 4;
      while (i < tokens.length && tokens[i].value !== '}') {
        const { value, next } = this.expression(tokens, i);
        if (typeof value === 'string') list.push(value);
        i = next;
        if (tokens[i]?.value === ',') i++;
        else if (tokens[i]?.value !== '}') {
          i = GoEvaluator.skipGroup(tokens, at + 3) - 1;
          break;
        }
      }
      return { value: list, next: i + 1 };
    }
    if (t.kind === 'ident') {
      // A qualified name: pkg.Func
      let name = t.value;
      let i = at + 1;
      while (tokens[i]?.value === '.' && tokens[i + 1]?.kind === 'ident') {
        name += '.' + tokens[i + 1].value;
        i += 2;
      }
      if (name === 'nil') return { value: [], next: i };
      if (tokens[i]?.value !== '(') return { value: name.includes('.') ? undefined : this.lookup(name), next: i };
      const { values, spread, next } = this.args(tokens, i);
      return { value: this.call(name, values, spread), next };
    }
    return { value: undefined, next: at + 1 };
  }

  private call(name: string, a: GoValue[], spread: boolean): GoValue {
    const str = (v: GoValue) => (typeof v === 'string' ? v : undefined);
    switch (name) {
      case 'fmt.Sprintf': {
        const format = str(a[0]);
        if (format === undefined) return undefined;
        let k = 1;
        let bad = false;
        const out = format.replace(/%([-+# 0]*\d*)([svqd%])/g, (_m, _f: string, verb: string) => {
          if (verb === '%') return '%';
          const v = a[k++];
          if (v === undefined || Array.isArray(v)) bad = true;
          return verb === 'q' ? JSON.stringify(String(v)) : String(v);
        });
        return bad ? undefined : out;
      }
      case 'strings.Repeat':
        return typeof a[0] === 'string' && typeof a[1] === 'number' ? a[0].repeat(a[1]) : undefined;
      case 'strings.ToUpper':
        return str(a[0])?.toUpperCase();
      case 'strings.ToLower':
        return str(a[0])?.toLowerCase();
      case 'string':
        return str(a[0]);
      case 'utils.Numeric':
        return `[0-9]{${str(a[0])}}`;
      case 'utils.Hex':
        return `[a-f0-9]{${str(a[0])}}`;
      case 'utils.AlphaNumeric':
        return `[a-z0-9]{${str(a[0])}}`;
      case 'utils.AlphaNumericExtendedShort':
        return `[a-z0-9_-]{${str(a[0])}}`;
      case 'utils.AlphaNumericExtended':
        return `[a-z0-9=_\\-]{${str(a[0])}}`;
      case 'utils.AlphaNumericExtendedLong':
        return `[a-z0-9\\/=_\\+\\-]{${str(a[0])}}`;
      case 'utils.Hex8_4_4_4_12':
        return '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
      case 'secrets.NewSecret':
        return this.newSecret(a[0]);
      case 'secrets.NewSecretWithEntropy':
        return this.newSecret(a[0], typeof a[1] === 'number' ? a[1] : 0);
      case 'utils.GenerateSampleSecret': {
        const [id, s] = [str(a[0]), str(a[1])];
        return id === undefined || s === undefined ? undefined : `${id}_api_token = "${s}"`;
      }
      case 'utils.GenerateSampleSecrets': {
        const [id, s] = [str(a[0]), str(a[1])];
        if (id === undefined || s === undefined) return undefined;
        return GITLEAKS_TEMPLATES.map((tpl) => tpl.replaceAll('{i}', id).replaceAll('{I}', id.toUpperCase()).replaceAll('{s}', s));
      }
      case 'append': {
        const base = a[0];
        if (!Array.isArray(base)) return undefined;
        const rest = a.slice(1);
        const out = [...base];
        rest.forEach((v, idx) => {
          if (spread && idx === rest.length - 1 && Array.isArray(v)) out.push(...v);
          else if (typeof v === 'string') out.push(v);
        });
        return out;
      }
      default:
        return undefined;
    }
  }
}
