// Types of bench/lib/advisory-score.mjs (a plain ESM module the benchmark runs without a build).
export interface Location {
  file: string;
  line: number;
}
export interface Advisory {
  id: string;
  rule: string;
  alsoRules?: string[];
  sink: Location & { tools?: string[]; params?: string[] };
  fixedSink?: Location;
}
export interface Finding {
  ruleId: string;
  path: string;
  line: number;
  message?: string;
}
export interface Score {
  id: string;
  hit: boolean;
  hitFinding?: Finding;
  exact: boolean;
  nearMiss?: Finding;
  fixedSinkQuiet: boolean;
  stillThere: Finding[];
  remaining: Finding[];
}
export const DEFAULT_WINDOW: number;
export function expectedRules(advisory: Pick<Advisory, 'rule' | 'alsoRules'>): string[];
export function flatten(finding: { ruleId: string; path: string; message?: string; range?: { startLine: number } }): Finding;
export function namedFlow(message?: string): { tools: string[]; param?: string };
export function isAdvisoryFlow(finding: Finding, sink: Advisory['sink']): boolean;
export function nearSink(findings: Finding[], rules: string[], file: string, line: number, window?: number): Finding[];
export function scoreAdvisory(advisory: Advisory, vulnerable: Finding[], fixed: Finding[], window?: number): Score;
export function totals(scores: Score[]): {
  advisories: number;
  hits: number;
  exactHits: number;
  misses: number;
  recall: number;
  fixedSinksQuiet: number;
  fixedSinksQuietOfHits: number;
  fixedCommitFindings: number;
};
export interface TriageEntry {
  advisory: string;
  path: string;
  line: number;
  rule: string;
  tool: string;
  param: string;
  verdict: 'true' | 'false';
  why: string;
}
export function triageOf(advisoryId: string, finding: Finding, entries: TriageEntry[]): TriageEntry | undefined;
export function triageTotals(scores: Score[], entries: TriageEntry[]): { true: number; false: number; unread: number };
