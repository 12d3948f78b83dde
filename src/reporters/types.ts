import type { ScanResult } from '../engine/engine.js';

export type FormatName = 'text' | 'json' | 'sarif' | 'github';
export const FORMATS: readonly FormatName[] = ['text', 'json', 'sarif', 'github'];

export interface ReportOptions {
  /** ANSI colour (text format only): on a TTY and without NO_COLOR. */
  color?: boolean;
  /**
   * SARIF only: the code scanning category of the run (`runs[].automationDetails.id` is the category and a
   * slash). Default `agent-guard`. Two scans uploaded for one commit (two paths of a monorepo) need two
   * categories, or the second replaces the first. upload-sarif's own `category` input is ignored when the
   * file sets one, so this is where the category is chosen.
   */
  category?: string;
}

/** A reporter is a pure function from a scan result to the text written out. */
export type Reporter = (result: ScanResult, options?: ReportOptions) => string;

export function countBySeverity(result: Pick<ScanResult, 'findings'>): { error: number; warning: number; note: number } {
  const counts = { error: 0, warning: 0, note: 0 };
  for (const f of result.findings) counts[f.severity]++;
  return counts;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
