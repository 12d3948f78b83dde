import type { Finding, Severity } from '../core/types.js';
import { TOOL_NAME } from '../core/identity.js';
import { bySeverity } from './job-summary.js';
import { mdText } from './markdown.js';
import { plural } from './types.js';

/**
 * The pull-request review agent-guard posts: one review per run, one comment per changed line holding
 * every finding on it. Each comment carries a hidden marker with the fingerprints it reports, so a
 * re-run updates its own earlier comments (or marks them resolved) instead of repeating them.
 */

/** A review comment already on the pull request (GET /pulls/{n}/comments). */
export interface ExistingComment {
  id: number;
  path: string;
  /** Head-side line, or null when GitHub considers the comment outdated. */
  line: number | null;
  body: string;
}

export interface ReviewComment {
  path: string;
  line: number;
  side: 'RIGHT';
  body: string;
}

/** POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews */
export interface ReviewRequest {
  commit_id: string;
  event: 'COMMENT';
  body: string;
  comments: ReviewComment[];
}

export interface ReviewPlanInput {
  findings: readonly Finding[];
  /** Repository-relative path → head-side lines the PR added or changed (null: file changed, lines unknown). */
  addedLines: ReadonlyMap<string, ReadonlySet<number> | null>;
  existing: readonly ExistingComment[];
  /** Head commit the review is made on. */
  commitId: string;
  /** Prefix from the repository root to the scan root ('' or `packages/agent/`). */
  pathPrefix?: string;
  /** Where the job summary is (link in the review body). */
  summaryUrl?: string;
  /** New comments in one review at most; the rest stay in the summary. */
  maxComments?: number;
  /**
   * The scan's code scanning category (DEFAULT_CATEGORY when omitted). Comments carry it, and a scan only
   * updates or resolves the comments of its own category: two scans of different paths on one pull request
   * (a monorepo) must not resolve each other's comments.
   */
  category?: string;
}

export interface ReviewPlan {
  /** The review to create, or null when there is nothing new to say. */
  review: ReviewRequest | null;
  /** PATCH /repos/{owner}/{repo}/pulls/comments/{comment_id}: earlier comments whose findings changed or are gone. */
  updates: { comment_id: number; body: string; resolved: boolean }[];
  /** Earlier comments that still say exactly the right thing. */
  unchanged: number;
  /** Fingerprints of findings on changed lines (commented now or earlier). */
  onDiff: Set<string>;
  /** Findings outside the diff: they go to the job summary only. */
  outsideDiff: Finding[];
  /**
   * Findings from git history (`properties.history === true`): never commented on (there is no line of
   * the head commit to put them on); they go to the job summary and annotations.
   */
  history: Finding[];
}

export const MARKER_PREFIX = `<!-- ${TOOL_NAME}:v1`;
/** The category of a scan of the whole repository; a marker without `cat=` belongs to it (as before categories). */
export const DEFAULT_CATEGORY = TOOL_NAME;
const MARKER = /<!-- agent-guard:v1 state=(open|resolved) fp=([0-9a-f,]*) rules=([a-z0-9/,-]*)(?: cat=([^\s>]+))? -->/;
const ICON: Record<Severity, string> = { error: '🔴', warning: '🟠', note: '🔵' };

export interface Marker {
  state: 'open' | 'resolved';
  fingerprints: string[];
  rules: string[];
  category: string;
}

export function parseMarker(body: string): Marker | null {
  const m = MARKER.exec(body);
  if (!m) return null;
  let category = DEFAULT_CATEGORY;
  try {
    if (m[4]) category = decodeURIComponent(m[4]);
  } catch {
    return null;
  }
  return { state: m[1] as Marker['state'], fingerprints: m[2].split(',').filter(Boolean), rules: m[3].split(',').filter(Boolean), category };
}

/** ` cat=…` for a category other than the default (percent-encoded: no space or `>` can end the comment). */
function categoryField(category: string): string {
  return category === DEFAULT_CATEGORY ? '' : ` cat=${encodeURIComponent(category)}`;
}

function markerOf(state: Marker['state'], fingerprints: readonly string[], rules: readonly string[], category: string): string {
  return `${MARKER_PREFIX} state=${state} fp=${fingerprints.join(',')} rules=${rules.join(',')}${categoryField(category)} -->`;
}

function marker(state: Marker['state'], findings: readonly Pick<Finding, 'fingerprint' | 'ruleId'>[], category: string): string {
  return markerOf(
    state,
    findings.map((f) => f.fingerprint),
    [...new Set(findings.map((f) => f.ruleId))],
    category,
  );
}

/** Comment text for one line: every finding on it, most severe first, each with its rule (linked to its docs), message and fix. */
export function commentBody(findings: readonly Finding[], category: string = DEFAULT_CATEGORY): string {
  const sections = bySeverity(findings).map((f) =>
    [`${ICON[f.severity]} **${f.severity}** · [\`${f.ruleId}\`](${f.helpUri})`, '', mdText(f.message), '', `**Fix:** ${mdText(f.fix)}`].join('\n'),
  );
  return `${marker('open', findings, category)}\n${sections.join('\n\n---\n\n')}\n\n<sub>${TOOL_NAME}</sub>`;
}

/** Text of a resolved comment: what it reported is no longer found on the latest commit. */
export function resolvedBody(previous: Marker, commitId: string): string {
  const rules = previous.rules.map((r) => `\`${r}\``).join(', ');
  return `${markerOf('resolved', previous.fingerprints, previous.rules, previous.category)}\n✅ **Resolved**: ${rules || 'this finding'} no longer reported here as of ${commitId.slice(0, 7)}.\n\n<sub>${TOOL_NAME}</sub>`;
}

/**
 * Text of an earlier comment whose secret was deleted from the code but is still in the pull request's
 * commits: not "resolved" in the sense that matters, the key was published and must be rotated.
 */
export function leakedBody(previous: Marker, commitId: string, leak: Pick<Finding, 'properties'>): string {
  const rules = previous.rules.map((r) => `\`${r}\``).join(', ');
  const p = leak.properties ?? {};
  const sha = typeof p.commit === 'string' ? p.commit.slice(0, 7) : '';
  const commit = sha ? (typeof p.commitUrl === 'string' ? ` in commit [\`${sha}\`](${p.commitUrl})` : ` in commit \`${sha}\``) : '';
  return (
    `${markerOf('resolved', previous.fingerprints, previous.rules, previous.category)}\n` +
    `⚠️ **Removed from the code as of ${commitId.slice(0, 7)}, but still in the git history**: ${rules || 'this secret'} was published${commit}. ` +
    '**Rotate the key** (revoke it at the provider): deleting it in a later commit does not unpublish it.' +
    `\n\n<sub>${TOOL_NAME}</sub>`
  );
}

/** First line of the finding that the pull request added or changed, or null when none is. */
export function anchorLine(f: Pick<Finding, 'range'>, lines: ReadonlySet<number> | null | undefined): number | null {
  if (!lines) return null;
  for (let l = f.range.startLine; l <= Math.max(f.range.startLine, f.range.endLine); l++) if (lines.has(l)) return l;
  return null;
}

function reviewBody(input: {
  newComments: number;
  updated: number;
  resolved: number;
  onDiff: number;
  outside: number;
  history: number;
  omitted: number;
  findings: readonly Finding[];
  summaryUrl?: string;
  category: string;
}): string {
  const c = { error: 0, warning: 0, note: 0 };
  for (const f of input.findings) c[f.severity]++;
  const heading = input.category === DEFAULT_CATEGORY ? TOOL_NAME : `${TOOL_NAME} · \`${input.category.replace(/[`\r\n]/g, '?')}\``;
  const lines = [`${MARKER_PREFIX} review -->`, `### ${heading}`, ''];
  lines.push(
    `**${plural(input.findings.length, 'finding')}** in this pull request (${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${plural(c.note, 'note')}).`,
  );
  lines.push('');
  lines.push(
    `- ${plural(input.onDiff, 'finding')} on changed lines: ${plural(input.newComments, 'new comment')} below${input.updated ? `, ${plural(input.updated, 'earlier comment')} updated` : ''}${input.resolved ? `, ${plural(input.resolved, 'earlier comment')} resolved` : ''}.`,
  );
  if (input.omitted) lines.push(`- ${plural(input.omitted, 'more line')} with findings not commented on (comment limit): see the job summary.`);
  const summary = input.summaryUrl ? `see the [job summary](${input.summaryUrl})` : 'see the job summary';
  if (input.outside) lines.push(`- ${plural(input.outside, 'finding')} outside the diff: ${summary} and the SARIF report.`);
  if (input.history)
    lines.push(
      `- ${plural(input.history, 'secret')} leaked in the git history (no longer in the code, still published: rotate ${input.history === 1 ? 'it' : 'them'}): ${summary}.`,
    );
  return lines.join('\n');
}

/** Decide what to post: new comments (in one review), updates and resolutions of earlier agent-guard comments. */
export function planReview(input: ReviewPlanInput): ReviewPlan {
  const prefix = input.pathPrefix ?? '';
  const maxComments = input.maxComments ?? 50;
  const category = input.category ?? DEFAULT_CATEGORY;
  // Group findings on changed lines by (path, line).
  const groups = new Map<string, { path: string; line: number; findings: Finding[] }>();
  const outsideDiff: Finding[] = [];
  const history: Finding[] = [];
  const onDiff = new Set<string>();
  for (const f of input.findings) {
    if (f.properties?.history === true) {
      history.push(f);
      continue;
    }
    const path = `${prefix}${f.path}`;
    const line = anchorLine(f, input.addedLines.get(path));
    if (line === null) {
      outsideDiff.push(f);
      continue;
    }
    onDiff.add(f.fingerprint);
    const key = `${path}\0${line}`;
    const g = groups.get(key) ?? { path, line, findings: [] };
    g.findings.push(f);
    groups.set(key, g);
  }

  // Our earlier comments (of this scan's category), matched to the groups by path, line and a shared fingerprint.
  const ours = input.existing
    .map((c) => ({ c, m: parseMarker(c.body) }))
    .filter((x): x is { c: ExistingComment; m: Marker } => x.m !== null && x.m.category === category);
  const claimed = new Set<number>();
  const updates: ReviewPlan['updates'] = [];
  let unchanged = 0;
  const fresh: { path: string; line: number; findings: Finding[] }[] = [];
  for (const g of groups.values()) {
    const fps = new Set(g.findings.map((f) => f.fingerprint));
    const match = ours.find((o) => !claimed.has(o.c.id) && o.c.path === g.path && o.c.line === g.line && o.m.fingerprints.some((fp) => fps.has(fp)));
    if (!match) {
      fresh.push(g);
      continue;
    }
    claimed.add(match.c.id);
    const body = commentBody(g.findings, category);
    if (match.c.body === body) unchanged++;
    else updates.push({ comment_id: match.c.id, body, resolved: false });
  }
  // Earlier open comments whose findings are gone (fixed, or moved to another line) are marked resolved.
  let resolved = 0;
  const leaked = new Map(history.map((f) => [f.fingerprint, f]));
  for (const o of ours) {
    if (claimed.has(o.c.id) || o.m.state === 'resolved') continue;
    const leak = o.m.fingerprints.map((fp) => leaked.get(fp)).find((f) => f !== undefined);
    updates.push({ comment_id: o.c.id, body: leak ? leakedBody(o.m, input.commitId, leak) : resolvedBody(o.m, input.commitId), resolved: true });
    resolved++;
  }

  fresh.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
  const posted = fresh.slice(0, maxComments);
  const comments: ReviewComment[] = posted.map((g) => ({ path: g.path, line: g.line, side: 'RIGHT', body: commentBody(g.findings, category) }));
  const review: ReviewRequest | null = comments.length
    ? {
        commit_id: input.commitId,
        event: 'COMMENT',
        body: reviewBody({
          newComments: comments.length,
          updated: updates.length - resolved,
          resolved,
          onDiff: onDiff.size,
          outside: outsideDiff.length,
          history: history.length,
          omitted: fresh.length - posted.length,
          findings: input.findings.filter((f) => f.properties?.history !== true),
          summaryUrl: input.summaryUrl,
          category,
        }),
        comments,
      }
    : null;
  return { review, updates, unchanged, onDiff, outsideDiff, history };
}
