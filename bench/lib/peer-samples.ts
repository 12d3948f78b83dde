/**
 * Labelled LLM-provider key samples rebuilt from other secret scanners' own test suites, read from
 * fetched snapshots (bare git directories or checkouts) at run time. Nothing here holds a key: every
 * sample comes out of the peer's files, and the benchmark never writes them anywhere but a temp dir.
 *
 * Each peer's suite says, in its own way, which strings are keys and which are not:
 *   trufflehog   pkg/detectors/<p>/<p>_test.go     `input` and `want` of the pattern test table
 *   gitleaks,    cmd/generate/config/rules/<p>.go  `tps` (keys) and `fps` (not keys) of each rule,
 *   betterleaks                                     with secrets.NewSecret(regex) regenerated here (seeded)
 *   secretlint   packages/@secretlint/secretlint-rule-<p>/test/snapshots/{ng,ok}.*  input + output.json
 *   detect-secrets  tests/plugins/<p>_test.py       (payload, should_flag) pairs
 *   CredSweeper  tests/samples/<p> with tests/data/output.json (what it reports there is a key)
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { GoEvaluator, seededRandom, tokenize, type GoValue, type Token } from './go-literals.js';

export interface Provider {
  name: string;
  /** The env var the `ENV = "<key>"` form uses. */
  env: string;
  /** Loose shape of a candidate in this provider's samples (finds the key in a true positive, the near-key in a negative). */
  candidate: RegExp;
  /** A scanner's rule id that is this provider's own rule. */
  rule: RegExp;
}

const B = '(?<![A-Za-z0-9_-])';
const E = '(?![A-Za-z0-9])';
const re = (s: string) => new RegExp(s, 'g');

export const PROVIDERS: Provider[] = [
  { name: 'OpenAI', env: 'OPENAI_API_KEY', candidate: re(`${B}sk-[A-Za-z0-9_-]{16,}`), rule: /^(?!.*azure).*openai/i },
  { name: 'Azure OpenAI', env: 'AZURE_OPENAI_API_KEY', candidate: re(`${B}(?:[a-f0-9]{32}|[A-Za-z0-9]{84})${E}`), rule: /azure/i },
  { name: 'Anthropic', env: 'ANTHROPIC_API_KEY', candidate: re(`${B}sk-ant-[A-Za-z0-9_-]{8,}`), rule: /anthropic/i },
  { name: 'Google', env: 'GEMINI_API_KEY', candidate: re(`${B}(?:AIza[A-Za-z0-9_-]{8,}|AQ\\.[A-Za-z0-9_-]{20,})`), rule: /google|gcp|gemini/i },
  { name: 'Hugging Face', env: 'HF_TOKEN', candidate: re(`${B}(?:hf_|api_org_)[A-Za-z0-9]{6,}`), rule: /hugging/i },
  { name: 'Groq', env: 'GROQ_API_KEY', candidate: re(`${B}gsk_[A-Za-z0-9]{8,}`), rule: /groq/i },
  { name: 'xAI', env: 'XAI_API_KEY', candidate: re(`${B}xai-[A-Za-z0-9_-]{8,}`), rule: /xai|x-ai/i },
  { name: 'DeepSeek', env: 'DEEPSEEK_API_KEY', candidate: re(`${B}sk-[A-Za-z0-9]{8,}`), rule: /deepseek/i },
  { name: 'Mistral', env: 'MISTRAL_API_KEY', candidate: re(`${B}[A-Za-z0-9]{20,40}${E}`), rule: /mistral/i },
  { name: 'Cohere', env: 'COHERE_API_KEY', candidate: re(`${B}[A-Za-z0-9]{30,50}${E}`), rule: /cohere/i },
  { name: 'Perplexity', env: 'PERPLEXITY_API_KEY', candidate: re(`${B}pplx-[A-Za-z0-9]{8,}`), rule: /perplexity/i },
  { name: 'Replicate', env: 'REPLICATE_API_TOKEN', candidate: re(`${B}r8_[^\\s'"\`]{8,}`), rule: /replicate/i },
  { name: 'Together', env: 'TOGETHER_API_KEY', candidate: re(`${B}tgp_v\\d_[A-Za-z0-9_-]{8,}`), rule: /together/i },
  { name: 'Fireworks', env: 'FIREWORKS_API_KEY', candidate: re(`${B}fw_[A-Za-z0-9]{8,}`), rule: /fireworks/i },
  {
    name: 'Pinecone',
    env: 'PINECONE_API_KEY',
    candidate: re(`${B}(?:pcsk_[A-Za-z0-9_]{3,}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})`),
    rule: /pinecone/i,
  },
  { name: 'Tavily', env: 'TAVILY_API_KEY', candidate: re(`${B}tvly-[A-Za-z0-9-]{8,}`), rule: /tavily/i },
  { name: 'OpenRouter', env: 'OPENROUTER_API_KEY', candidate: re(`${B}sk-or-v1-[A-Za-z0-9]{8,}`), rule: /openrouter/i },
  { name: 'LangSmith', env: 'LANGSMITH_API_KEY', candidate: re(`${B}lsv2_(?:pt|sk)_[A-Za-z0-9_]{8,}`), rule: /langsmith|langchain/i },
  {
    name: 'Private key',
    env: 'PRIVATE_KEY',
    candidate: /-----BEGIN[A-Z ]*PRIVATE KEY-----[\s\S]*?-----END[A-Z ]*PRIVATE KEY-----/g,
    rule: /private-?key|ssh|pkcs|pem/i,
  },
];
export const PROVIDER = Object.fromEntries(PROVIDERS.map((p) => [p.name, p])) as Record<string, Provider>;

export type Label = 'key' | 'non-key';

/** A labelled string inside a native text. `start` -1: a negative with no candidate (the whole text must stay quiet). */
export interface LabelledSpan {
  label: Label;
  text: string;
  start: number;
}

export interface PeerSample {
  peer: string;
  /** Where it came from: the peer's file and case. */
  source: string;
  provider: string;
  /** The text as the peer wrote it. */
  text: string;
  /** File name to score the native text under (the peer's own, when it has one). */
  fileName?: string;
  spans: LabelledSpan[];
}

export interface PeerLoad {
  samples: PeerSample[];
  /** Cases read but left out, with why (unreadable expression, key not in its text, ...). */
  skipped: string[];
  commit?: string;
}

/** A snapshot: a bare git dir (what `fetch` returns) or a checkout. */
export class Snapshot {
  constructor(readonly gitDir: string) {}

  static open(path: string): Snapshot | null {
    if (!existsSync(path)) return null;
    const dotGit = join(path, '.git');
    const gitDir = existsSync(dotGit) ? dotGit : path;
    try {
      execFileSync('git', ['--git-dir', gitDir, 'rev-parse', '--verify', 'HEAD'], { stdio: 'ignore' });
      return new Snapshot(gitDir);
    } catch {
      return null;
    }
  }

  private git(args: string[]): string {
    return execFileSync('git', ['--git-dir', this.gitDir, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  }

  commit(): string {
    return this.git(['rev-parse', '--short', 'HEAD']).trim();
  }

  list(under: string): string[] {
    return this.git(['ls-tree', '-r', '--name-only', 'HEAD', '--', under]).split('\n').filter(Boolean);
  }

  read(path: string): string | null {
    try {
      return this.git(['show', `HEAD:${path}`]);
    } catch {
      return null;
    }
  }
}

function candidates(provider: string, text: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  const pattern = new RegExp(PROVIDER[provider].candidate.source, 'g');
  for (const m of text.matchAll(pattern)) out.push({ text: m[0], start: m.index });
  return out;
}

/** A key's span in its text: the first whole-token occurrence (or any occurrence). */
function locate(text: string, key: string): number {
  let at = text.indexOf(key);
  const first = at;
  while (at >= 0) {
    const before = text[at - 1] ?? ' ';
    const after = text[at + key.length] ?? ' ';
    if (!/[A-Za-z0-9]/.test(before) && !/[A-Za-z0-9]/.test(after)) return at;
    at = text.indexOf(key, at + 1);
  }
  return first;
}

function positive(peer: string, source: string, provider: string, text: string, keys: string[], skipped: string[], fileName?: string): PeerSample | null {
  const spans: LabelledSpan[] = [];
  for (const key of new Set(keys)) {
    const start = locate(text, key);
    if (start < 0) skipped.push(`${source}: labelled key not in its text`);
    else spans.push({ label: 'key', text: key, start });
  }
  return spans.length ? { peer, source, provider, text, fileName, spans } : null;
}

function negative(peer: string, source: string, provider: string, text: string, fileName?: string): PeerSample {
  const found = candidates(provider, text);
  const spans: LabelledSpan[] = found.length
    ? found.map((c) => ({ label: 'non-key' as const, text: c.text, start: c.start }))
    : [{ label: 'non-key', text: '', start: -1 }];
  return { peer, source, provider, text, fileName, spans };
}

/** The key in a true-positive text: a generated secret it holds, else its longest candidate. */
function keyOf(provider: string, text: string, generated: Set<string>): string | undefined {
  const held = [...generated].filter((g) => g.length >= 8 && text.includes(g));
  const found = candidates(provider, text).sort((a, b) => b.text.length - a.text.length);
  // The generated part is often the body after a fixed prefix: the key is the candidate around it.
  return found.find((c) => held.some((g) => c.text.includes(g)))?.text ?? held[0] ?? found[0]?.text;
}

// ---------------------------------------------------------------------------------------------- trufflehog

const TRUFFLEHOG: Record<string, string> = {
  openai: 'OpenAI',
  openaiadmin: 'OpenAI',
  azure_openai: 'Azure OpenAI',
  anthropic: 'Anthropic',
  googlegemini: 'Google',
  huggingface: 'Hugging Face',
  groq: 'Groq',
  xai: 'xAI',
  deepseek: 'DeepSeek',
  mistral: 'Mistral',
  cohere: 'Cohere',
  perplexity: 'Perplexity',
  replicate: 'Replicate',
  together: 'Together',
  togetherai: 'Together',
  fireworks: 'Fireworks',
  fireworksai: 'Fireworks',
  pinecone: 'Pinecone',
  tavily: 'Tavily',
  openrouter: 'OpenRouter',
  langsmith: 'LangSmith',
};

/** The elements of a `[]struct{ ... input string; want []string }{ {...}, ... }` table starting at `at` (`[`). */
function tableCases(tokens: Token[], at: number): { fields: Map<string, [number, number]>; end: number }[] | null {
  // [ ] struct { fields } { elements }
  if (tokens[at + 2]?.value !== 'struct' || tokens[at + 3]?.value !== '{') return null;
  const fieldsEnd = GoEvaluator.skipGroup(tokens, at + 3);
  const names = new Set(tokens.slice(at + 4, fieldsEnd - 1).map((t) => t.value));
  if (!names.has('input') || !names.has('want')) return null;
  if (tokens[fieldsEnd]?.value !== '{') return null;
  const listEnd = GoEvaluator.skipGroup(tokens, fieldsEnd);
  const cases: { fields: Map<string, [number, number]>; end: number }[] = [];
  let i = fieldsEnd + 1;
  while (i < listEnd - 1) {
    if (tokens[i].value !== '{') {
      i++;
      continue;
    }
    const end = GoEvaluator.skipGroup(tokens, i);
    const fields = new Map<string, [number, number]>();
    let j = i + 1;
    while (j < end - 1) {
      if (tokens[j].kind === 'ident' && tokens[j + 1]?.value === ':') {
        // The value runs to the next top-level comma.
        let k = j + 2;
        while (k < end - 1 && tokens[k].value !== ',') {
          if (['(', '[', '{'].includes(tokens[k].value) && tokens[k].kind === 'punct') k = GoEvaluator.skipGroup(tokens, k);
          else k++;
        }
        fields.set(tokens[j].value, [j + 2, k]);
        j = k + 1;
      } else j++;
    }
    cases.push({ fields, end });
    i = end;
  }
  return cases;
}

export function trufflehogSamples(snap: Snapshot): PeerLoad {
  const samples: PeerSample[] = [];
  const skipped: string[] = [];
  for (const path of snap.list('pkg/detectors')) {
    const m = /^pkg\/detectors\/([^/]+)\/[^/]+_test\.go$/.exec(path);
    if (!m || !(m[1] in TRUFFLEHOG) || path.includes('integration')) continue;
    const provider = TRUFFLEHOG[m[1]];
    const src = snap.read(path);
    if (!src) continue;
    const tokens = tokenize(src);
    const ev = new GoEvaluator(seededRandom(1), tokens);
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i].value !== '[' || tokens[i + 1]?.value !== ']') continue;
      const cases = tableCases(tokens, i);
      if (!cases) continue;
      cases.forEach((c, n) => {
        const source = `trufflehog ${path} case ${n + 1}`;
        const inputAt = c.fields.get('input');
        const wantAt = c.fields.get('want');
        const input = inputAt ? ev.expression(tokens, inputAt[0]).value : undefined;
        let want: GoValue = wantAt ? ev.expression(tokens, wantAt[0]).value : [];
        if (typeof input !== 'string') return void skipped.push(`${source}: input not readable`);
        if (typeof want === 'string') want = [want];
        if (!Array.isArray(want)) return void skipped.push(`${source}: want not readable`);
        if (want.length) {
          const s = positive('trufflehog', source, provider, input, want, skipped);
          if (s) samples.push(s);
        } else samples.push(negative('trufflehog', source, provider, input));
      });
    }
  }
  return { samples, skipped, commit: snap.commit() };
}

// ------------------------------------------------------------------------------------ gitleaks, betterleaks

const LEAKS: Record<string, string> = {
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  gcp: 'Google',
  google: 'Google',
  gemini: 'Google',
  huggingface: 'Hugging Face',
  groq: 'Groq',
  xai: 'xAI',
  deepseek: 'DeepSeek',
  mistral: 'Mistral',
  cohere: 'Cohere',
  perplexity: 'Perplexity',
  replicate: 'Replicate',
  togetherai: 'Together',
  together: 'Together',
  fireworks: 'Fireworks',
  fireworksai: 'Fireworks',
  pinecone: 'Pinecone',
  tavily: 'Tavily',
  openrouter: 'OpenRouter',
  langchain: 'LangSmith',
  langsmith: 'LangSmith',
  azure: 'Azure OpenAI',
};

export function leaksSamples(snap: Snapshot, peer: string, seed: number): PeerLoad {
  const samples: PeerSample[] = [];
  const skipped: string[] = [];
  const random = seededRandom(seed);
  for (const path of snap.list('cmd/generate/config/rules')) {
    const m = /^cmd\/generate\/config\/rules\/([a-z0-9_]+)\.go$/.exec(path);
    if (!m || !(m[1] in LEAKS)) continue;
    const provider = LEAKS[m[1]];
    const src = snap.read(path);
    if (!src) continue;
    const tokens = tokenize(src);
    const ev = new GoEvaluator(random, tokens);
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i].value !== 'func' || tokens[i + 1]?.kind !== 'ident') continue;
      const name = tokens[i + 1].value;
      let open = i + 2;
      while (open < tokens.length && tokens[open].value !== '{') open++;
      const end = GoEvaluator.skipGroup(tokens, open);
      // Azure's file holds many Azure services; only an OpenAI rule belongs here.
      const body = tokens.slice(open, end);
      const ruleId = body.find((t, k) => t.kind === 'str' && body[k - 2]?.value === 'RuleID')?.value ?? name;
      if (provider === 'Azure OpenAI' && !/openai/i.test(ruleId)) {
        i = end - 1;
        continue;
      }
      ev.locals.clear();
      for (let k = open + 1; k < end - 1; k++) {
        const t = tokens[k];
        const op = tokens[k + 1];
        const prev = tokens[k - 1];
        if (t.kind !== 'ident' || op?.kind !== 'punct' || (op.value !== ':=' && op.value !== '=')) continue;
        if (prev.value === '.' || (prev.kind === 'ident' && prev.value !== 'var' && prev.value !== 'const') || prev.value === ',') continue;
        ev.locals.set(t.value, ev.expression(tokens, k + 2).value);
      }
      const tps = ev.locals.get('tps');
      const fps = ev.locals.get('fps');
      const source = `${peer} ${path} ${ruleId}`;
      if (ev.locals.has('tps') && !Array.isArray(tps)) skipped.push(`${source}: tps not readable`);
      if (ev.locals.has('fps') && fps !== undefined && !Array.isArray(fps)) skipped.push(`${source}: fps not readable`);
      if (Array.isArray(tps)) {
        tps.forEach((text, n) => {
          const key = keyOf(provider, text, ev.generated);
          if (!key) return void skipped.push(`${source} tps[${n}]: no key in the text`);
          const s = positive(peer, `${source} tps[${n}]`, provider, text, [key], skipped);
          if (s) samples.push(s);
        });
      }
      if (Array.isArray(fps)) fps.forEach((text, n) => samples.push(negative(peer, `${source} fps[${n}]`, provider, text)));
      i = end - 1;
    }
  }
  return { samples, skipped, commit: snap.commit() };
}

// ---------------------------------------------------------------------------------------------- secretlint

const SECRETLINT: Record<string, string> = {
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  groq: 'Groq',
  huggingface: 'Hugging Face',
  privatekey: 'Private key',
};

interface SecretlintMessage {
  range: [number, number];
  data?: Record<string, unknown>;
}

export function secretlintSamples(snap: Snapshot): PeerLoad {
  const samples: PeerSample[] = [];
  const skipped: string[] = [];
  const files = snap.list('packages/@secretlint');
  const dirs = new Map<string, string[]>();
  for (const f of files) {
    const m = /^packages\/@secretlint\/secretlint-rule-([a-z0-9-]+)\/test\/snapshots\/([^/]+)\/([^/]+)$/.exec(f);
    if (!m || !(m[1] in SECRETLINT)) continue;
    const key = `${m[1]}/${m[2]}`;
    dirs.set(key, [...(dirs.get(key) ?? []), f]);
  }
  for (const [dir, list] of dirs) {
    const provider = SECRETLINT[dir.split('/')[0]];
    const source = `secretlint ${dir}`;
    if (list.some((f) => f.endsWith('.secretlintrc.json'))) {
      skipped.push(`${source}: depends on its own config`);
      continue;
    }
    const inputPath = list.find((f) => /\/input(\.[a-z]+)?$/.test(f));
    const outputPath = list.find((f) => f.endsWith('/output.json'));
    if (!inputPath || !outputPath || /\.(p12|pfx|bin)$/.test(inputPath)) continue;
    const text = snap.read(inputPath);
    const output = snap.read(outputPath);
    if (text === null || output === null) continue;
    const fileName = inputPath.slice(inputPath.lastIndexOf('/') + 1);
    let messages: SecretlintMessage[];
    try {
      messages = (JSON.parse(output) as { messages: SecretlintMessage[] }).messages;
    } catch {
      skipped.push(`${source}: output.json not readable`);
      continue;
    }
    if (!messages.length) {
      samples.push(negative('secretlint', source, provider, text, fileName));
      continue;
    }
    const keys = messages.map((msg) => {
      const [from, to] = msg.range;
      let best = text.slice(from, to);
      for (const v of Object.values(msg.data ?? {})) {
        if (typeof v === 'string' && v.length >= 8 && text.indexOf(v, from) >= from && text.indexOf(v, from) <= to && provider !== 'Private key') best = v;
      }
      return best;
    });
    const s = positive('secretlint', source, provider, text, keys, skipped, fileName);
    if (s) samples.push(s);
  }
  return { samples, skipped, commit: snap.commit() };
}

// ------------------------------------------------------------------------------------------ detect-secrets

const DETECT_SECRETS: Record<string, string> = { openai: 'OpenAI' };

export function detectSecretsSamples(snap: Snapshot): PeerLoad {
  const samples: PeerSample[] = [];
  const skipped: string[] = [];
  for (const path of snap.list('tests/plugins')) {
    const m = /^tests\/plugins\/([a-z_]+)_test\.py$/.exec(path);
    if (!m || !(m[1] in DETECT_SECRETS)) continue;
    const provider = DETECT_SECRETS[m[1]];
    const src = snap.read(path) ?? '';
    let n = 0;
    for (const t of src.matchAll(/\(\s*(['"])((?:\\.|(?!\1).)*)\1\s*,\s*(True|False)\s*\)/g)) {
      const text = t[2].replace(/\\(.)/g, '$1');
      const source = `detect-secrets ${path} case ${++n}`;
      if (t[3] === 'True') {
        const key = keyOf(provider, text, new Set()) ?? text;
        const s = positive('detect-secrets', source, provider, text, [key], skipped);
        if (s) samples.push(s);
      } else samples.push(negative('detect-secrets', source, provider, text));
    }
  }
  return { samples, skipped, commit: snap.commit() };
}

// ---------------------------------------------------------------------------------------------- CredSweeper

const CREDSWEEPER: Record<string, { provider: string; rule: RegExp }> = {
  antrhropic: { provider: 'Anthropic', rule: /anthropic/i },
  deepseek: { provider: 'DeepSeek', rule: /deepseek/i },
  groq_api_key: { provider: 'Groq', rule: /groq/i },
  huggingface: { provider: 'Hugging Face', rule: /hugging/i },
  open_ai_token: { provider: 'OpenAI', rule: /openai/i },
  perplexity: { provider: 'Perplexity', rule: /perplexity/i },
  together: { provider: 'Together', rule: /together/i },
  tvly: { provider: 'Tavily', rule: /tavily/i },
  xai: { provider: 'xAI', rule: /x ?ai/i },
  google_creds: { provider: 'Google', rule: /^Google API Key$/ },
};

interface CredSweeperLine {
  path: string;
  line_num: number;
  value: string;
  value_start: number;
}

export function credSweeperSamples(snap: Snapshot): PeerLoad {
  const samples: PeerSample[] = [];
  const skipped: string[] = [];
  let report: { rule: string; line_data_list: CredSweeperLine[] }[] = [];
  try {
    report = JSON.parse(snap.read('tests/data/output.json') ?? '[]') as typeof report;
  } catch {
    skipped.push('CredSweeper tests/data/output.json not readable');
  }
  for (const [file, { provider, rule }] of Object.entries(CREDSWEEPER)) {
    const path = `tests/samples/${file}`;
    const text = snap.read(path);
    if (text === null) continue;
    const source = `CredSweeper ${path}`;
    const lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
    // The sample's own markers come first ("# TP" / "# FP" on the line, or a "# TP", "# FP", "# negative
    // cases" heading above it): tests/data/output.json is what CredSweeper reports, known false positives included.
    const reported: LabelledSpan[] = [];
    for (const entry of report) {
      if (!rule.test(entry.rule)) continue;
      for (const l of entry.line_data_list) {
        if (l.path.replace(/^\.\//, '') !== path) continue;
        const at = text.indexOf(l.value, lineStarts[l.line_num - 1] ?? 0);
        if (at < 0) skipped.push(`${source}:${l.line_num}: reported value not found`);
        else reported.push({ label: 'key', text: l.value, start: at });
      }
    }
    const spans: LabelledSpan[] = [];
    let section: Label | undefined;
    lineStarts.forEach((from, i) => {
      const line = text.slice(from, lineStarts[i + 1] ?? text.length).replace(/\r?\n$/, '');
      if (/^\s*#/.test(line)) {
        if (/\bTP\b|positive/i.test(line)) section = 'key';
        else if (/\bFP\b|negative/i.test(line)) section = 'non-key';
        return;
      }
      const inline: Label | undefined = /(?:#|\s-)\s*TP\b/.test(line) ? 'key' : /(?:#|\s-)\s*FP\b/.test(line) ? 'non-key' : undefined;
      const to = from + line.length;
      const onLine = reported.filter((r) => r.start >= from && r.start < to);
      const label = inline ?? section;
      const found = candidates(provider, line).map((c) => ({ text: c.text, start: from + c.start }));
      if (label === 'non-key') {
        for (const c of found) spans.push({ label: 'non-key', text: c.text, start: c.start });
      } else if (label === 'key') {
        for (const c of onLine.length ? onLine : found) spans.push({ label: 'key', text: c.text, start: c.start });
      } else {
        spans.push(...onLine);
        for (const c of found) {
          if (onLine.some((k) => c.start < k.start + k.text.length && k.start < c.start + c.text.length)) continue;
          spans.push({ label: 'non-key', text: c.text, start: c.start });
        }
      }
    });
    if (spans.length) samples.push({ peer: 'CredSweeper', source, provider, text, fileName: file, spans });
  }
  return { samples, skipped, commit: snap.commit() };
}
