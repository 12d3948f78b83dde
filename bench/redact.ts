/**
 * Benchmark of the output redactor (src/core/redact.ts) with many registered keys: the final pass that
 * every byte agent-guard writes goes through.
 *
 *   npm run bench:redact
 *   # = npx esbuild bench/redact.ts --bundle --platform=node --format=esm --log-level=warning \
 *   #     --outfile=/tmp/redact-bench.mjs && node /tmp/redact-bench.mjs
 *   node /tmp/redact-bench.mjs --keys 1000,5000,25000 --timeout 120    # defaults
 *
 * For each number of keys it generates that many distinct fake keys (`fakeKey`, seeded: the same every
 * run) and two outputs holding each of them whole, and every fifth also cut off (a snippet ending inside
 * the key), about 200 bytes per key (25,000 keys: 5 MB): a text report and a JSON report. Each is
 * masked in a fresh child process, once by the redactor in src/ and once by a copy of the algorithm it
 * replaced (one `indexOf` pass over the whole output per key and form, and an all-pairs shared-prefix
 * table), which is stopped after --timeout seconds. It prints the time of each (keys registered and
 * output masked) and whether both produced the same bytes.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { maskSecret, Redactor, secretMaterial } from '../src/core/redact.js';
import { fakeKey, LLM_PROVIDER_KEYS, seededRng } from '../src/families/secret/fake-keys.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};

/** `n` distinct generated keys, every provider shape in turn. */
function keys(n: number): string[] {
  const seen = new Set<string>();
  for (let seed = 1; seen.size < n; seed++) seen.add(fakeKey(LLM_PROVIDER_KEYS[seed % LLM_PROVIDER_KEYS.length], seededRng(seed)).key);
  return [...seen];
}

function textReport(all: string[]): string {
  const lines: string[] = [];
  all.forEach((key, i) => {
    lines.push(`src/agents/tool_${i}.py:${(i % 400) + 1}:9  error  secret/provider-key  A provider key is committed: ${key}`);
    lines.push(`  fix: move it to the environment and rotate it (finding ${i} of ${all.length}, rule secret/provider-key)`);
    if (i % 5 === 0) lines.push(`  snippet: curl -H "Authorization: Bearer ${key.slice(0, 30)}…`);
  });
  return lines.join('\n') + '\n';
}

function jsonReport(all: string[]): string {
  const findings = all.map((key, i) => ({
    ruleId: 'secret/provider-key',
    path: `src/agents/tool_${i}.py`,
    line: (i % 400) + 1,
    message: `A provider key is committed: ${key}`,
    ...(i % 5 === 0 ? { snippet: `token = "${key.slice(0, 30)}…` } : {}),
  }));
  return JSON.stringify({ formatVersion: 1, findings }, null, 2);
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);

/** Child: register the keys and mask one output, print the time and a hash of the result. */
function child(impl: string, n: number, format: string): void {
  const all = keys(n);
  const output = format === 'json' ? jsonReport(all) : textReport(all);
  const start = performance.now();
  const redactor = impl === 'new' ? new Redactor() : new OldRedactor();
  for (const key of all) redactor.add(key);
  const masked = redactor.redact(output);
  const ms = performance.now() - start;
  // A check that the output really was masked (on every 50th key: a search per key would be quadratic).
  const leaked = all.filter((key, i) => i % 50 === 0 && masked.includes(key.slice(0, 20))).length;
  process.stdout.write(JSON.stringify({ ms, bytes: output.length, hash: sha(masked), leaked }) + '\n');
}

function main(): void {
  const sizes = arg('keys', '1000,5000,25000').split(',').map(Number);
  const timeout = Number(arg('timeout', '120'));
  console.log(`keys    format  output   new (src/)   old (copy)    same output`);
  for (const n of sizes) {
    for (const format of ['text', 'json']) {
      const run = (impl: string) => {
        const r = spawnSync(process.execPath, [process.argv[1], '--child', impl, '--n', String(n), '--format', format], {
          encoding: 'utf8',
          timeout: timeout * 1000,
          maxBuffer: 1 << 20,
        });
        if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return null;
        if (r.status !== 0) throw new Error(`${impl}, ${n} keys, ${format}: ${r.stderr}`);
        return JSON.parse(r.stdout) as { ms: number; bytes: number; hash: string; leaked: number };
      };
      const now = run('new');
      const old = run('old');
      const secs = (r: { ms: number } | null) => (r ? `${(r.ms / 1000).toFixed(2)} s` : `> ${timeout} s`);
      const mb = now ? `${(now.bytes / 1e6).toFixed(1)} MB` : '?';
      const same = now && old ? (now.hash === old.hash ? 'yes' : 'NO') : '-';
      const leaks = now && now.leaked ? `  (new: ${now.leaked} keys not masked!)` : '';
      console.log(`${String(n).padEnd(8)}${format.padEnd(8)}${mb.padEnd(9)}${secs(now).padEnd(13)}${secs(old).padEnd(14)}${same}${leaks}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// The algorithm src/core/redact.ts used before (kept here only to compare against): per registered
// secret and form, one indexOf pass over the whole output, and a shared-prefix table over all pairs.

const SHOWN_PREFIX = 8;
const MIN_SECRET_LENGTH = 8;
const STRUCTURAL = /["',{}[\]]/;
const JSON_TOKEN = /"(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*/g;

interface Pattern {
  forms: string[];
  keep: number;
  mask: string;
}

class OldRedactor {
  private readonly secrets = new Set<string>();
  private patterns: Pattern[] | null = null;

  add(secret: string): void {
    const s = secretMaterial(secret);
    if (s.length >= MIN_SECRET_LENGTH && !this.secrets.has(s)) {
      this.secrets.add(s);
      this.patterns = null;
    }
  }

  redact(text: string): string {
    if (this.secrets.size === 0) return text;
    return isJsonDocument(text) ? this.redactJsonText(text) : this.redactPlain(text);
  }

  private compiled(): Pattern[] {
    if (!this.patterns) {
      const shared = sharedPrefixes([...this.secrets]);
      this.patterns = [...this.secrets].map((secret) => {
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
      const masked = this.redactPlain(token);
      return masked === token ? token : JSON.stringify(masked);
    });
  }
}

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

function maskOccurrences(text: string, secret: string, keep: number, mask: string): string {
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

if (process.argv.includes('--child')) child(arg('child', 'new'), Number(arg('n', '1000')), arg('format', 'text'));
else main();
