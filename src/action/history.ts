import type { HistoryPlan } from '../app/history-options.js';
import type { Finding } from '../core/types.js';
import { isShallow } from '../sources/history-log.js';
import { git } from '../sources/discover.js';
import type { HistoryInfo, HistoryScanResult } from '../engine/history.js';
import type { RunContext } from './event.js';
import type { HistoryMode } from './inputs.js';
import { trimEndChar } from '../core/text.js';

/**
 * The `history` input of the Action: which commit range is scanned for secrets besides the working
 * tree, and how a checkout that lacks part of it (shallow clone, force push) is handled. The scan itself
 * is the CLI's (`runHistoryScan`, i.e. `scanHistory`); this module only picks the range and adapts the
 * result to the Action (commit links on the workflow's repository, the scanned path's scope).
 */

const ZERO = /^0+$/;

export interface ActionHistoryPlan extends HistoryPlan {
  /** What the range is, for the log and the summary ("pull request", "push", "full history"). */
  scope: string;
}

export interface HistoryDecision {
  plan: ActionHistoryPlan | null;
  /** Why history is not scanned, or what was adapted (for the log and the summary). */
  notes: string[];
  /**
   * In a shallow clone, the endpoints of the range the clone lacks (so the range was adapted). They are
   * not notes of their own: historyNotes folds them into the one notice about the shallow clone.
   */
  shallowMissing?: { since?: string; until?: string };
}

const short = (sha: string) => sha.slice(0, 7);

function hasCommit(root: string, sha: string): boolean {
  return git(root, ['cat-file', '-e', `${sha}^{commit}`]).ok;
}

/**
 * Decide the range from the input and the event: `pr` = base..head of the pull request, `push` =
 * before..after of the push event, `full` = all of HEAD's history, `auto` = `pr` on pull_request
 * events, `push` on push events, nothing otherwise. Endpoints missing from the checkout are adapted:
 * - the until commit (e.g. the PR head when the merge commit was checked out shallowly): HEAD instead;
 * - the since commit in a shallow clone: no lower bound, i.e. everything the clone has (the history
 *   engine then notes how far back that is);
 * - the since commit in a full clone (e.g. `before` of a force push, which the clone never fetched):
 *   history is not scanned, with a note (scanning all history instead would report old leaks on every
 *   force push).
 */
export function planHistory(mode: HistoryMode, ctx: RunContext, repoRoot: string, isGit: boolean): HistoryDecision {
  const notes: string[] = [];
  const effective = mode === 'auto' ? (ctx.pullRequest ? 'pr' : ctx.push ? 'push' : 'none') : mode;
  if (effective === 'none') return { plan: null, notes };
  if (!isGit) return { plan: null, notes: ['Git history was not scanned: the workspace is not a git repository (run actions/checkout first).'] };

  let since: string | undefined;
  let until: string | undefined;
  let scope: string;
  if (effective === 'pr') {
    if (!ctx.pullRequest)
      return { plan: null, notes: [`history: pr applies to pull_request events (this is a ${ctx.eventName || 'non-PR'} event): git history was not scanned.`] };
    since = ctx.pullRequest.baseSha || undefined;
    until = ctx.pullRequest.headSha || undefined;
    scope = "the pull request's commits";
  } else if (effective === 'push') {
    if (!ctx.push)
      return {
        plan: null,
        notes: [
          `history: push applies to push events with before/after in the payload (this is a ${ctx.eventName || 'non-push'} event): git history was not scanned.`,
        ],
      };
    if (!ctx.push.after || ZERO.test(ctx.push.after)) return { plan: null, notes: ['The push deleted the branch: there is no git history to scan.'] };
    until = ctx.push.after;
    if (ctx.push.before && !ZERO.test(ctx.push.before)) {
      since = ctx.push.before;
      scope = 'the pushed commits';
    } else {
      scope = 'the new branch (all of its history)';
    }
  } else {
    scope = 'the full history';
  }

  const shallow = isShallow(repoRoot);
  const shallowMissing: NonNullable<HistoryDecision['shallowMissing']> = {};
  if (until && !hasCommit(repoRoot, until)) {
    if (shallow) shallowMissing.until = until;
    else notes.push(`Commit ${short(until)} is not in the checkout: git history was scanned up to HEAD (what was checked out) instead.`);
    until = undefined;
  }
  if (since && !hasCommit(repoRoot, since)) {
    if (shallow) {
      shallowMissing.since = since;
      since = undefined;
    } else {
      return {
        plan: null,
        notes: [
          ...notes,
          `Git history was not scanned: commit ${short(since)} (the start of ${scope}) is not in the checkout (a force push?); run the scan with \`history: full\` or the CLI's \`--history --since REF\` to cover it.`,
        ],
      };
    }
  }
  return { plan: { since, until, families: ['secret'], scope }, notes, ...(shallow ? { shallowMissing } : {}) };
}

/** How the history engine starts its note about a shallow clone (src/engine/history.ts). */
const ENGINE_SHALLOW_NOTE = 'shallow clone:';

function commitDate(root: string, sha: string): string {
  const r = git(root, ['show', '-s', '--format=%aI', sha]);
  return r.ok ? r.stdout.toString().trim().slice(0, 10) : '';
}

/**
 * Every note about the history scan, for the notices and the summary, with what a shallow clone caused
 * said once: the engine's note (how far back the clone goes) and the endpoints the Action had to adapt
 * (range start or head commit missing) become one sentence, where they used to be three notices.
 */
export function historyNotes(decision: HistoryDecision, history: HistoryInfo | undefined, root: string): string[] {
  const engineNotes = history?.notes ?? [];
  const shallow = history?.shallow ?? false;
  if (!shallow) return [...decision.notes, ...engineNotes];
  const parts: string[] = [];
  const boundaries = (history?.shallowBoundaries ?? []).map((c) => ({ c, d: commitDate(root, c) })).sort((a, b) => (a.d < b.d ? -1 : 1));
  const oldest = boundaries[0];
  parts.push(
    oldest
      ? `git history is visible back to commit ${short(oldest.c)}${oldest.d ? ` (${oldest.d})` : ''} only, older commits were not scanned`
      : 'part of the git history is missing and was not scanned',
  );
  const missing = decision.shallowMissing ?? {};
  if (missing.since) parts.push(`the range's start ${short(missing.since)} is not in the clone, so every commit the clone has was scanned instead`);
  if (missing.until) parts.push(`commit ${short(missing.until)} is not in the clone, so history was scanned up to HEAD (what was checked out)`);
  const note = `Shallow clone: ${parts.join('; ')}. To scan the whole range, set \`fetch-depth: 0\` in actions/checkout.`;
  return [...decision.notes, note, ...engineNotes.filter((n) => !n.startsWith(ENGINE_SHALLOW_NOTE))];
}

/** Blob ids of HEAD's tree: content that is in the working tree, which the tree scan owns. */
function headBlobs(root: string): Set<string> {
  const r = git(root, ['ls-tree', '-r', '-z', 'HEAD']);
  const out = new Set<string>();
  if (!r.ok) return out;
  for (const entry of r.stdout.toString('utf8').split('\0')) {
    const m = /^\d+ blob ([0-9a-f]+)\t/.exec(entry);
    if (m) out.add(m[1]);
  }
  return out;
}

export function isHistoryFinding(f: Pick<Finding, 'properties'>): boolean {
  return f.properties?.history === true;
}

/**
 * Adapt a history scan to the Action:
 * - keep history findings under the scanned `path` only (`pathScope`: root-relative directory, '' = all);
 * - drop a history finding whose blob is in HEAD's tree: that content is in the working tree, so it is
 *   the tree scan's (in changed-files mode a key in an unchanged file is not reported at all, as
 *   without history; a shallow clone's cut-off commit, which lists its whole tree, adds nothing new);
 * - count working-tree files only in `stats.files` (the history summary counts the blobs);
 * - link commits on the workflow's repository (`repositoryUrl`, e.g. https://github.com/acme/agents),
 *   and use it for SARIF's versionControlProvenance when the checkout has no public remote.
 */
export function adaptHistoryResult(result: HistoryScanResult, options: { root: string; pathScope: string; repositoryUrl?: string }): HistoryScanResult {
  const history: HistoryInfo = { ...result.history };
  const scope = trimEndChar(options.pathScope, '/');
  const inScope = (p: string) => !scope || p === scope || p.startsWith(`${scope}/`);
  let inHead: Set<string> | undefined;
  const findings: Finding[] = [];
  for (const f of result.findings) {
    if (!isHistoryFinding(f)) {
      findings.push(f);
      continue;
    }
    if (!inScope(f.path)) continue;
    const blob = f.properties?.blob;
    if (typeof blob === 'string' && (inHead ??= headBlobs(options.root)).has(blob)) {
      history.alsoInTree++;
      continue;
    }
    const url = options.repositoryUrl && typeof f.properties?.commit === 'string' ? `${options.repositoryUrl}/commit/${f.properties.commit}` : undefined;
    findings.push(url ? { ...f, properties: { ...f.properties, commitUrl: url } } : f);
  }
  if (options.repositoryUrl && !history.provenance.repositoryUri) history.provenance = { ...history.provenance, repositoryUri: options.repositoryUrl };
  // "N (changed) files scanned" in the summary counts working-tree files; the history line counts blobs.
  const stats = { ...result.stats, files: Math.max(0, result.stats.files - history.scannedBlobs) };
  return { ...result, findings, history, stats };
}
