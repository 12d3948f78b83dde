import type { AnnotationProperties } from '@actions/core';
import type { Finding, Severity } from '../core/types.js';
import { bySeverity } from '../reporters/job-summary.js';
import { visible } from '../core/display.js';

/** GitHub shows at most 10 annotations of each level per step and 50 per job. */
export const ANNOTATION_LIMITS = { perLevel: 10, perJob: 50 } as const;

export type AnnotationLevel = 'error' | 'warning' | 'notice';
const LEVEL: Record<Severity, AnnotationLevel> = { error: 'error', warning: 'warning', note: 'notice' };

export interface PlannedAnnotation {
  level: AnnotationLevel;
  message: string;
  properties: AnnotationProperties;
}

export interface AnnotationPlan {
  annotations: PlannedAnnotation[];
  /** Findings not annotated; one closing notice tells how many and where they are. */
  omitted: number;
}

/**
 * A finding from git history (`properties.history === true`) is annotated without a file or line: its
 * path and line belong to an older commit, and a file-level annotation would land on line 1 of whatever
 * file has that name in the head commit (or nowhere). The message names the commit, the path at that
 * commit and the advice (rotate the key); the annotation shows in the run's summary and on the check.
 */
export function historyAnnotationOf(f: Finding, pathPrefix = ''): PlannedAnnotation {
  const p = f.properties ?? {};
  const sha = typeof p.commit === 'string' ? p.commit.slice(0, 7) : '?';
  const date = typeof p.authorDate === 'string' ? ` (${p.authorDate.slice(0, 10)})` : '';
  const link = typeof p.commitUrl === 'string' ? `\nCommit: ${p.commitUrl}` : '';
  const advice =
    f.family === 'secret'
      ? 'Rotate the key now (revoke it at the provider): it was published with that commit, and deleting it in a later commit does not unpublish it.'
      : `Fix: ${visible(f.fix)}`;
  return {
    level: LEVEL[f.severity],
    message: `${visible(f.message)}\nWhere: ${visible(`${pathPrefix}${f.path}`)}:${f.range.startLine} in commit ${sha}${date}${link}\n${advice}\nDocs: ${f.helpUri}`,
    properties: { title: `agent-guard ${f.ruleId} (git history, commit ${sha})` },
  };
}

export function annotationOf(f: Finding, pathPrefix = ''): PlannedAnnotation {
  if (f.properties?.history === true) return historyAnnotationOf(f, pathPrefix);
  const sameLine = f.range.endLine === f.range.startLine;
  return {
    level: LEVEL[f.severity],
    message: `${visible(f.message)}\nFix: ${visible(f.fix)}\nDocs: ${f.helpUri}`,
    properties: {
      title: `agent-guard ${f.ruleId}`,
      // A name with control or bidirectional characters is shown escaped (the annotation then names a
      // file GitHub cannot find, and says so visibly, rather than hiding or reordering text).
      file: visible(`${pathPrefix}${f.path}`),
      startLine: f.range.startLine,
      endLine: f.range.endLine,
      // GitHub ignores columns on multi-line annotations
      ...(sameLine ? { startColumn: f.range.startColumn, endColumn: f.range.endColumn } : {}),
    },
  };
}

/**
 * The annotations to emit, most severe first, within GitHub's limits; `reservedNotices` are notices the
 * caller emits anyway (e.g. a degraded-permissions notice), and one more is kept for the overflow notice;
 * `reservedErrors` are error annotations the caller emits anyway (rule errors).
 */
export function planAnnotations(
  findings: readonly Finding[],
  options: { pathPrefix?: string; reservedErrors?: number; reservedNotices?: number; overflowText?: (omitted: number) => string } = {},
): AnnotationPlan {
  const sorted = bySeverity(findings);
  const errorsReserved = options.reservedErrors ?? 0;
  const reserved = options.reservedNotices ?? 0;
  const pick = (noticeCap: number, jobCap: number) => {
    const used: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 };
    const cap: Record<AnnotationLevel, number> = { error: ANNOTATION_LIMITS.perLevel - errorsReserved, warning: ANNOTATION_LIMITS.perLevel, notice: noticeCap };
    const out: PlannedAnnotation[] = [];
    for (const f of sorted) {
      const level = LEVEL[f.severity];
      if (used[level] >= cap[level] || out.length >= jobCap) continue;
      used[level]++;
      out.push(annotationOf(f, options.pathPrefix));
    }
    return out;
  };
  const jobCap = ANNOTATION_LIMITS.perJob - reserved - errorsReserved;
  let annotations = pick(ANNOTATION_LIMITS.perLevel - reserved, jobCap);
  if (annotations.length < sorted.length) annotations = pick(ANNOTATION_LIMITS.perLevel - reserved - 1, jobCap - 1);
  const omitted = sorted.length - annotations.length;
  if (omitted > 0 && options.overflowText)
    annotations.push({ level: 'notice', message: options.overflowText(omitted), properties: { title: 'agent-guard: more findings' } });
  return { annotations, omitted };
}
