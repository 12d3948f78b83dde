import { defaultConfig, type AgentGuardConfig } from '../../src/core/config.js';
import { runRules, type ScanResult } from '../../src/engine/engine.js';
import type { Finding, Rule } from '../../src/core/types.js';
import { decodeText } from '../../src/sources/read.js';

/**
 * Run rules over in-memory files (path -> text) without touching the disk; other files of the
 * "repository" are visible to cross-file rules through the same map.
 */
export async function runOnFiles(rules: Rule[], files: Record<string, string>, config: Partial<AgentGuardConfig> = {}): Promise<ScanResult> {
  const full = { ...defaultConfig(), ...config };
  const read = async (path: string) => (path in files ? decodeText(path, Buffer.from(files[path]), full.maxFileSize) : null);
  return runRules(
    {
      root: { root: '/virtual', isGit: false },
      entries: Object.keys(files).map((path) => ({ path, load: async () => decodeText(path, Buffer.from(files[path]), full.maxFileSize) })),
      skipped: [],
      repository: { allPaths: async () => Object.keys(files), read },
    },
    full,
    rules,
  );
}

/**
 * Lines marked in a fixture: a comment containing `expect: <rule-id>` (any comment syntax) marks the
 * line where that rule must report; the test compares the set of reported lines with the marked ones.
 */
export function expectedLines(text: string, ruleId: string): number[] {
  return markedLines(text, ruleId, 'expect');
}

/**
 * Known gaps (semgrep's `todoruleid:`): a comment `gap: <rule-id>` marks a line where that rule should
 * report but does not yet. The fixture test requires it to stay unreported, so closing a gap fails the
 * test until the marker is turned into `expect:`.
 */
export function gapLines(text: string, ruleId: string): number[] {
  return markedLines(text, ruleId, 'gap');
}

/** Every rule id named by a marker of this kind in the text (to catch a misspelt id). */
export function markedRuleIds(text: string, marker: 'expect' | 'gap'): string[] {
  return [...new Set(text.split('\n').flatMap((line) => markerIds(line, marker)))];
}

/** The rule ids a marker on one line names (`expect: a, b`). */
function markerIds(line: string, marker: 'expect' | 'gap'): string[] {
  const m = new RegExp(`\\b${marker}:\\s*([a-z0-9/,\\s-]+)`).exec(line);
  return m
    ? m[1]
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}

function markedLines(text: string, ruleId: string, marker: 'expect' | 'gap'): number[] {
  const lines: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (markerIds(line, marker).includes(ruleId)) lines.push(i + 1);
  });
  return lines;
}

export function linesOf(findings: Finding[], ruleId: string, path?: string): number[] {
  return findings
    .filter((f) => f.ruleId === ruleId && (!path || f.path === path))
    .map((f) => f.range.startLine)
    .sort((a, b) => a - b);
}
