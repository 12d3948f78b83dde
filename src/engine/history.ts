import type { AgentGuardConfig } from '../core/config.js';
import { activeRules, finalize, runRules, toFinding, type ScanResult } from './engine.js';
import { fileFilter, workingTreeInput, workingTreeView, type ScanEntry, type ScanInput } from '../sources/working-tree.js';
import { UsageError } from '../core/errors.js';
import { normalizeLine, sha256 } from '../core/fingerprint.js';
import { ConfigIgnores, inlineSuppressionFor } from './suppress.js';
import { FAMILIES, type Family, type Report, type Rule, type RuleMeta, type SkippedFile } from '../core/types.js';
import { GIT_ENV, hasCommits, isShallow, readHistoryLog, resolveCommit, shallowBoundaries, type BlobIntroduction } from '../sources/history-log.js';
import { commitUrl, provenanceOf, type Provenance } from '../sources/provenance.js';
import { ALL_RULES, rulesOfFamilies } from '../families/index.js';
import { BlobReader, blobSizes, type BlobAnswer } from '../sources/blobs.js';
import { discoverFiles, git, type ScanRoot } from '../sources/discover.js';
import { decodeText, formatBytes } from '../sources/read.js';
import type { SourceFile } from '../core/source-file.js';

/**
 * Secrets in git history: every blob a commit range introduced, each distinct blob scanned once, read
 * through git plumbing (`git log --raw`, `git cat-file --batch`) without touching the working tree.
 *
 * Identity of a history finding ("the same leak"):
 * - a secret is the rule plus the hash of the secret: the same key in 40 versions of a file, after a
 *   rename, on both sides of a merge or in a rebased copy of the commit is one finding, reported at its
 *   first appearance (topological order: the commit that introduced it);
 * - any other finding (opt-in families) is the rule, the path and the normalised line text, numbered
 *   by occurrence within the blob.
 * A history finding whose identity the working-tree scan also reports (suppressed or not) is dropped:
 * the tree scan owns it. Its fingerprint is the one the tree scan would have given it at the introducing
 * commit (rule, path at that commit, secret hash / line text): independent of the commit id, so a
 * rebase or an amended message does not resurrect a baselined finding. A rename that also edits the
 * file gives a new blob but the same secret: still the first path's fingerprint.
 * Inline suppression: an `agent-guard-ignore` covering the secret in any version of any file suppresses
 * that secret throughout history (the marker speaks about the value). Config `ignore` entries are
 * path-based: they drop the occurrences under their globs, and the secret is reported at its first
 * occurrence elsewhere, if any.
 */

export interface HistoryRange {
  /** Exclude commits reachable from this revision (`since..until`). Absent (or all zeros): all history. */
  since?: string;
  /** Last commit of the range (default HEAD). */
  until?: string;
}

export interface HistoryInfo {
  /** Human-readable range, e.g. `1a2b3c4..HEAD` or `HEAD (all history)`. */
  range: string;
  since: string | null;
  until: string | null;
  families: Family[];
  /** Commits in the range. */
  commits: number;
  /** Blob versions written by the range's commits (per commit and path): the naive scanner's workload. */
  blobVersions: number;
  /** Distinct blobs among them: what agent-guard reads. */
  uniqueBlobs: number;
  /** Unique blobs scanned (text under the size cap). */
  scannedBlobs: number;
  /** Unique blobs skipped (over the size cap, binary, not UTF-8, missing). */
  skippedBlobs: number;
  /** History findings dropped because the working-tree scan reports the same secret. */
  alsoInTree: number;
  shallow: boolean;
  /** Commits where a shallow clone's history is cut. */
  shallowBoundaries: string[];
  /** Things the user should know (shallow clone, empty repository), one sentence each. */
  notes: string[];
  provenance: Provenance;
  /** Time the history part took (listing, reading and scanning the blobs), without the tree scan. */
  durationMs: number;
}

/** Where a scanned history blob came from. */
export interface BlobOrigin extends BlobIntroduction {
  size: number;
}

export interface HistoryInput extends ScanInput {
  history: HistoryInfo;
  /** The commit, path and blob a scanned SourceFile came from. */
  originOf(file: SourceFile): BlobOrigin | undefined;
  /** Every blob skipped, one row per blob (scanHistory aggregates them per path). */
  skippedBlobs: { path: string; reason: string; commit: string }[];
  /** Ends the `git cat-file` process (also ended automatically once every entry was loaded). */
  close(): void;
}

export interface HistoryScanResult extends ScanResult {
  history: HistoryInfo;
}

/** How many blobs are requested from `git cat-file` ahead of the one being scanned. */
const READ_AHEAD = 64;

function shortId(id: string): string {
  return id.slice(0, 7);
}

export function parseFamilies(value: string | undefined, flag = '--history-families'): Family[] {
  if (value === undefined) return ['secret'];
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (list.includes('all')) return [...FAMILIES];
  const bad = list.filter((f) => !FAMILIES.includes(f as Family));
  if (bad.length || list.length === 0)
    throw new UsageError(
      `${flag}: unknown famil${bad.length === 1 ? 'y' : 'ies'} "${bad.join(', ')}" (expected a comma-separated list of: ${FAMILIES.join(', ')}, or all)`,
    );
  return [...new Set(list as Family[])];
}

function shallowNote(boundaries: string[], root: string): string {
  const dates = boundaries.map((c) => ({ c, d: gitDate(root, c) })).sort((a, b) => (a.d < b.d ? -1 : 1));
  const oldest = dates[0];
  return (
    `shallow clone: history is visible back to commit ${shortId(oldest?.c ?? '?')}${oldest?.d ? ` (${oldest.d})` : ''} only; ` +
    `blobs of the cut-off commit${boundaries.length > 1 ? 's' : ''} are attributed to ${boundaries.length > 1 ? 'them' : 'it'} and older commits are not scanned. ` +
    'Fetch the whole history to scan it: `git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout.'
  );
}

function gitDate(root: string, commit: string): string {
  const r = git(root, ['show', '-s', '--format=%aI', commit]);
  return r.ok ? r.stdout.toString().trim() : '';
}

/**
 * The blobs a commit range introduced, as a ScanInput: one entry per distinct blob (first appearance),
 * read lazily from one `git cat-file --batch` process; blobs over the size cap are skipped without
 * being read. Call `close()` when done (it also closes itself after the last entry is loaded).
 */
export async function historyInput(root: ScanRoot, config: AgentGuardConfig, options: HistoryRange & { families?: Family[] } = {}): Promise<HistoryInput> {
  const started = performance.now();
  if (!root.isGit) throw new UsageError(`--history needs a git repository (${root.root} is not in one)`);
  const shallow = isShallow(root.root);
  const boundaries = shallow ? shallowBoundaries(root.root) : [];
  const since = options.since && !/^0+$/.test(options.since) ? options.since : undefined;
  const notes: string[] = [];
  const provenance = provenanceOf(root.root);
  const info: HistoryInfo = {
    range: '',
    since: null,
    until: null,
    families: options.families ?? ['secret'],
    commits: 0,
    blobVersions: 0,
    uniqueBlobs: 0,
    scannedBlobs: 0,
    skippedBlobs: 0,
    alsoInTree: 0,
    shallow,
    shallowBoundaries: boundaries,
    notes,
    provenance,
    durationMs: 0,
  };
  const repository = workingTreeView(root.root, config, () => discoverFiles(root, [root.root]).files.map((f) => f.path));
  const skippedBlobs: HistoryInput['skippedBlobs'] = [];
  const empty = (): HistoryInput => ({ root, entries: [], skipped: [], repository, history: info, originOf: () => undefined, skippedBlobs, close: () => {} });

  if (!options.until && !hasCommits(root.root)) {
    info.range = 'HEAD (no commits yet)';
    notes.push('the repository has no commits yet: there is no history to scan');
    return empty();
  }
  const untilRef = options.until ?? 'HEAD';
  const until = resolveCommit(root.root, untilRef, '--until', shallow);
  const sinceId = since ? resolveCommit(root.root, since, '--since', shallow) : null;
  info.until = until;
  info.since = sinceId;
  info.range = sinceId
    ? `${since === sinceId ? shortId(sinceId) : since}..${untilRef === until ? shortId(until) : untilRef}`
    : `${untilRef === until ? shortId(until) : untilRef} (all history)`;
  if (shallow) notes.push(shallowNote(boundaries, root.root));

  const log = await readHistoryLog(root.root, sinceId ? [until, `^${sinceId}`] : [until], fileFilter(config));
  info.commits = log.commits;
  info.blobVersions = log.blobVersions;
  info.uniqueBlobs = log.introductions.length;

  const sizes = blobSizes(
    root.root,
    log.introductions.map((b) => b.blob),
    GIT_ENV,
  );
  const wanted: BlobOrigin[] = [];
  for (const intro of log.introductions) {
    const size = sizes.get(intro.blob);
    if (size === null || size === undefined) {
      skippedBlobs.push({ path: intro.path, reason: 'blob missing from the repository (partial clone?)', commit: intro.commit });
    } else if (size > config.maxFileSize) {
      skippedBlobs.push({
        path: intro.path,
        reason: `larger than the size cap (${formatBytes(size)} > ${formatBytes(config.maxFileSize)}; raise maxFileSize to scan it)`,
        commit: intro.commit,
      });
    } else {
      wanted.push({ ...intro, size });
    }
  }

  const reader = new BlobReader(root.root, GIT_ENV);
  const origins = new WeakMap<SourceFile, BlobOrigin>();
  const pending: (Promise<BlobAnswer> | undefined)[] = [];
  let requested = 0;
  let loaded = 0;
  const request = (upTo: number) => {
    const target = Math.min(wanted.length, upTo);
    if (target <= requested) return;
    const ids = wanted.slice(requested, target).map((b) => b.blob);
    reader.readMany(ids).forEach((p, i) => {
      p.catch(() => {}); // rejections surface through load()
      pending[requested + i] = p;
    });
    requested = target;
  };
  const entries: ScanEntry[] = wanted.map((origin, index) => ({
    path: origin.path,
    async load() {
      request(index + 1 + READ_AHEAD);
      const answer = await pending[index]!;
      pending[index] = undefined;
      if (++loaded === wanted.length) reader.close();
      if (!('bytes' in answer)) {
        skippedBlobs.push({ path: origin.path, reason: 'blob missing from the repository (partial clone?)', commit: origin.commit });
        return { skipped: 'blob missing from the repository' };
      }
      const result = decodeText(origin.path, answer.bytes, config.maxFileSize);
      if ('file' in result) {
        origins.set(result.file, origin);
        info.scannedBlobs++;
      } else {
        skippedBlobs.push({ path: origin.path, reason: result.skipped, commit: origin.commit });
      }
      return result;
    },
  }));
  info.durationMs = Math.round(performance.now() - started);
  return {
    root,
    entries,
    skipped: [],
    repository,
    history: info,
    originOf: (file) => origins.get(file),
    skippedBlobs,
    close: () => reader.abort(),
  };
}

/** One skipped row per path and reason, naming how many versions and the first commit. */
export function aggregateSkipped(rows: HistoryInput['skippedBlobs']): SkippedFile[] {
  const groups = new Map<string, { path: string; reason: string; commit: string; count: number }>();
  for (const row of rows) {
    const key = `${row.path}\0${row.reason}`;
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { ...row, count: 1 });
  }
  return [...groups.values()].map((g) => ({
    path: g.path,
    reason: `${g.reason} (git history: ${g.count === 1 ? `commit ${shortId(g.commit)}` : `${g.count} versions, first in commit ${shortId(g.commit)}`})`,
  }));
}

/** The identity of a report ("the same leak"), see the module comment. Counters are per file. */
function identityFunction() {
  const counters = new WeakMap<SourceFile, Map<string, number>>();
  return (file: SourceFile, ruleId: string, report: Report): string => {
    if (report.secret) return `${ruleId}\0secret:${sha256(report.secret)}`;
    const path = report.path ?? file.path;
    const content = report.fingerprintHint ?? normalizeLine(file.lineText(report.range.startLine));
    const key = `${ruleId}\0${path}\0${content}`;
    let counts = counters.get(file);
    if (!counts) counters.set(file, (counts = new Map()));
    const k = counts.get(key) ?? 0;
    counts.set(key, k + 1);
    return `${key}\0${k}`;
  };
}

/** The rules, each report also handed to `observe` (and forwarded to the engine unless it returns false). */
function observed(rules: Rule[], observe: (rule: Rule, file: SourceFile, report: Report) => boolean): Rule[] {
  return rules.map((rule) => ({
    meta: rule.meta,
    appliesTo: (file) => rule.appliesTo(file),
    check: (ctx) =>
      rule.check({
        ...ctx,
        report: (report) => {
          if (observe(rule, ctx.file, report)) ctx.report(report);
        },
      }),
  }));
}

export interface ScanHistoryOptions extends HistoryRange {
  root: ScanRoot;
  config: AgentGuardConfig;
  /** Families scanned in history (default: secret only). Ignored when `rules` is given. */
  families?: Family[];
  /** Rules run over history blobs (default: the rules of `families`). */
  rules?: Rule[];
  /**
   * The working-tree part: by default the whole working tree with every rule. Pass an input (e.g. the
   * changed files of a pull request) and/or rules to narrow it, or `false` to scan history only — then
   * nothing is deduplicated against the tree.
   */
  tree?: { input?: ScanInput; rules?: Rule[] } | false;
}

interface Occurrence {
  identity: string;
  origin: BlobOrigin;
  finding: ReturnType<typeof toFinding>;
  inline: boolean;
  ignored: boolean;
}

function historySuffix(family: Family, origin: BlobOrigin): string {
  const when = origin.authorDate ? ` of ${origin.authorDate.slice(0, 10)}` : '';
  return family === 'secret'
    ? ` (leaked in git history: commit ${shortId(origin.commit)}${when}; rotate the key, deleting it in a later commit does not unpublish it)`
    : ` (in git history: commit ${shortId(origin.commit)}${when})`;
}

/**
 * `agent-guard scan --history`: the working tree as usual, plus every blob of the commit range with the
 * history rules (secrets by default); history findings the tree scan also reports are dropped. One
 * ScanResult: tree findings first, then history findings (`properties.history === true`, with
 * `commit`, `authorDate`, `historyPath`, `blob`, `commitUrl` when the remote is known).
 */
export async function scanHistory(options: ScanHistoryOptions): Promise<HistoryScanResult> {
  const started = performance.now();
  const { root, config } = options;
  const families = options.families ?? ['secret'];
  const historyRules = options.rules ?? rulesOfFamilies(families);

  const identity = identityFunction();
  const treeIdentities = new Set<string>();
  let tree: ScanResult | null = null;
  if (options.tree !== false) {
    const input = options.tree?.input ?? workingTreeInput(root, [root.root], config);
    const rules = options.tree?.rules ?? ALL_RULES;
    tree = await runRules(
      input,
      config,
      observed(rules, (rule, file, report) => {
        treeIdentities.add(identity(file, rule.meta.id, report));
        return true;
      }),
    );
  }

  const historyStarted = performance.now();
  const input = await historyInput(root, config, { since: options.since, until: options.until, families });
  const info = input.history;
  const severities = new Map(activeRules(historyRules, config).map((a) => [a.rule.meta.id, a.severity]));
  const ignores = new ConfigIgnores(config.ignore);
  const occurrences: Occurrence[] = [];
  let historyResult: ScanResult;
  try {
    historyResult = await runRules(
      input,
      config,
      observed(historyRules, (rule, file, report) => {
        const origin = input.originOf(file);
        const severity = severities.get(rule.meta.id);
        if (!origin || !severity) return false;
        const finding = toFinding(rule.meta, severity, file.path, report, file.lineText(report.range.startLine));
        occurrences.push({
          identity: identity(file, rule.meta.id, report),
          origin,
          finding,
          inline: finding.path === file.path && inlineSuppressionFor(file, finding) !== null,
          ignored: ignores.covers(finding),
        });
        return false; // findings are chosen below, once per identity
      }),
    );
  } finally {
    input.close();
  }

  const byIdentity = new Map<string, Occurrence[]>();
  for (const o of occurrences) {
    const list = byIdentity.get(o.identity);
    if (list) list.push(o);
    else byIdentity.set(o.identity, [o]);
  }
  let suppressed = 0;
  const chosen: Occurrence['finding'][] = [];
  for (const [id, list] of byIdentity) {
    if (treeIdentities.has(id)) {
      info.alsoInTree++;
      continue;
    }
    const candidates = list.filter((o) => !o.ignored);
    if (candidates.length === 0 || list.some((o) => o.inline)) {
      suppressed++;
      continue;
    }
    candidates.sort(
      (a, b) =>
        a.origin.order - b.origin.order ||
        (a.finding.path < b.finding.path ? -1 : a.finding.path > b.finding.path ? 1 : 0) ||
        a.finding.range.startLine - b.finding.range.startLine ||
        a.finding.range.startColumn - b.finding.range.startColumn,
    );
    const first = candidates[0];
    const otherPaths = [...new Set(candidates.map((c) => c.finding.path))].filter((p) => p !== first.finding.path).sort();
    const url = commitUrl(info.provenance.repositoryUri, first.origin.commit);
    chosen.push({
      ...first.finding,
      message: first.finding.message + historySuffix(first.finding.family, first.origin),
      properties: {
        ...(first.finding.properties ?? {}),
        history: true,
        commit: first.origin.commit,
        authorDate: first.origin.authorDate,
        historyPath: first.finding.path,
        blob: first.origin.blob,
        ...(url ? { commitUrl: url } : {}),
        ...(otherPaths.length ? { alsoIn: otherPaths.slice(0, 10) } : {}),
      },
    });
  }
  const historyFindings = finalize(chosen);

  info.skippedBlobs = input.skippedBlobs.length;
  info.durationMs = Math.round(performance.now() - historyStarted);
  const rules = new Map<string, RuleMeta>();
  for (const r of [...(tree?.rules ?? []), ...historyResult.rules]) if (!rules.has(r.id)) rules.set(r.id, r);
  const byPath = (a: SkippedFile, b: SkippedFile) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  const notices = tree?.notices;
  return {
    root: root.root,
    findings: [...(tree?.findings ?? []), ...historyFindings],
    skipped: [...(tree?.skipped ?? []), ...aggregateSkipped(input.skippedBlobs).sort(byPath)],
    ruleErrors: [...(tree?.ruleErrors ?? []), ...historyResult.ruleErrors],
    rules: [...rules.values()],
    suppressed: (tree?.suppressed ?? 0) + suppressed,
    stats: {
      files: (tree?.stats.files ?? 0) + historyResult.stats.files,
      bytes: (tree?.stats.bytes ?? 0) + historyResult.stats.bytes,
      durationMs: Math.round(performance.now() - started),
    },
    ...(notices?.length ? { notices } : {}),
    history: info,
  };
}

/** One line for stderr / logs: what the history scan covered. */
export function historySummary(info: HistoryInfo): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return (
    `history ${info.range}: ${n(info.commits)} commit${info.commits === 1 ? '' : 's'}, ${n(info.blobVersions)} blob versions, ` +
    `${n(info.uniqueBlobs)} unique blob${info.uniqueBlobs === 1 ? '' : 's'} (${n(info.scannedBlobs)} scanned, ${n(info.skippedBlobs)} skipped), ` +
    `families: ${info.families.join(', ')}; ${(info.durationMs / 1000).toFixed(1)} s`
  );
}
