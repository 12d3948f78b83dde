// Types of bench/lib/tool-input-real.mjs (a plain ESM module the benchmark runs without a build).
export interface ReportFinding {
  ruleId: string;
  path: string;
  message?: string;
  range?: { startLine: number };
}
export interface Key {
  path: string;
  line: number;
  rule: string;
  tool: string | null;
  param: string | null;
}
export interface TriageEntry extends Key {
  verdict: 'true' | 'false' | null;
  why: string;
}
export interface TriageDoc {
  repo: string;
  commit: string;
  findings: TriageEntry[];
}
export interface Row extends Key {
  message?: string;
  verdict: 'true' | 'false' | 'UNREAD';
  why: string | null;
}
export interface RepoScore {
  findings: Row[];
  true: number;
  false: number;
  unread: number;
  stale: TriageEntry[];
}
export function keyOf(finding: ReportFinding): Key;
export function readingOf(finding: ReportFinding, entries: TriageEntry[]): TriageEntry | undefined;
export function scoreRepo(findings: ReportFinding[], entries: TriageEntry[]): RepoScore;
export function totals(scores: RepoScore[]): {
  repos: number;
  findings: number;
  true: number;
  false: number;
  unread: number;
  stale: number;
  precision: number | null;
};
export function byRule(scores: RepoScore[]): Record<string, { true: number; false: number; unread: number }>;
export function checkTriage(doc: unknown, file?: string): string[];
export function withSkeleton(doc: TriageDoc, findings: ReportFinding[]): TriageDoc;
