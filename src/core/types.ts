import type { Range } from './location.js';
import type { ParsedTree, SourceFile } from './source-file.js';
import type { AgentGuardConfig } from './config.js';

import { DOCS_BASE_URL } from './identity.js';
import type { Severity } from './severity.js';

export { SEVERITIES, SEVERITY_RANK, type Severity } from './severity.js';

export type Family = 'secret' | 'tool-input' | 'rate-limit' | 'tool-payload';
export const FAMILIES: readonly Family[] = ['secret', 'tool-input', 'rate-limit', 'tool-payload'];

export interface RuleMeta {
  /** `family/kebab-name`; the docs page is docs/rules/<family>/<name>.md */
  id: string;
  family: Family;
  severity: Severity;
  /** One sentence: what the rule finds. */
  description: string;
  /** One sentence: how to fix a finding. Shown in PR comments and the job summary. */
  fix: string;
  /** A short title (≤ 120 characters) when the description's first clause does not make one (SARIF shortDescription). */
  summary?: string;
  /**
   * One generated sentence on how much the rule recognises (tool-input: its sink APIs per language, counted from
   * its rows), whose full list is on the docs page under `## What it finds`: SARIF rule help shows it with a link there.
   */
  coverage?: string;
  /** Message templates; `{{name}}` is replaced from the report's data. */
  messages: Record<string, string>;
  /** Fix templates for a message id, when a finding of that kind has a more precise fix than `fix` (`{{name}}` as in messages). */
  fixes?: Record<string, string>;
  /** The fix in the terms of the finding's language (Python, or JavaScript/TypeScript), when they differ. */
  languageFixes?: Partial<Record<FixLanguage, string>>;
  /** Default options, overridable in `.agent-guard.yml` `rules.<id>.options`. */
  defaultOptions?: Record<string, unknown>;
  /** JSON Schema of the options object, merged into the config schema. */
  optionsSchema?: Record<string, unknown>;
  /** CWE ids of the weakness a finding shows (SARIF tags `external/cwe/cwe-N`). */
  cwe: readonly number[];
  /** CVSS-like 0.0–10.0 score of a true finding; GitHub code scanning ranks alerts by it. */
  securitySeverity: number;
  /** How often a finding is true on real code (SARIF `precision`). */
  precision: Precision;
  /** The rule's documentation page (docs/rules/<id>.md at this version's tag). */
  docs: string;
}

export type Precision = 'very-high' | 'high' | 'medium' | 'low';

/** Languages a fix can be phrased for: `javascript` covers JavaScript and TypeScript. */
export type FixLanguage = 'python' | 'javascript';

export interface LocationRef {
  path: string;
  range: Range;
}

export interface RelatedLocation extends LocationRef {
  message: string;
}

/** What a rule hands to the core. The core turns it into a Finding (message text, masking, fingerprint). */
export interface Report {
  messageId: string;
  data?: Record<string, string | number>;
  range: Range;
  /** Path of the finding when it is not the file being checked (rare; cross-file rules). */
  path?: string;
  /** Raw secret text: the core masks it in `data` values and registers it with the output redactor. */
  secret?: string;
  related?: RelatedLocation[];
  /** Steps of a data flow from source to sink, for SARIF codeFlows. */
  flow?: RelatedLocation[];
  /** Stable text identifying the finding within its file when the line text is not enough (e.g. a JSON pointer). */
  fingerprintHint?: string;
  /** Overrides the rule's default severity for this report (e.g. undeclared keys are a warning). */
  severity?: Severity;
  properties?: Record<string, unknown>;
}

export interface Finding {
  ruleId: string;
  family: Family;
  severity: Severity;
  message: string;
  path: string;
  range: Range;
  related: RelatedLocation[];
  flow: RelatedLocation[];
  fingerprint: string;
  /** How to fix this finding (the rule's fix, or its per-message / per-language variant). */
  fix: string;
  helpUri: string;
  /** Text of the finding's first line (secrets masked, long lines cut around the finding): SARIF `region.snippet`. */
  snippet?: string;
  /** GitHub's primaryLocationLineHash of the finding's first line, computed from the file as scanned. */
  lineHash?: string;
  properties?: Record<string, unknown>;
}

/** A file (or blob) agent-guard could not scan, with the reason. Reported as a note in every format. */
export interface SkippedFile {
  path: string;
  reason: string;
}

/**
 * Something the user should know that is not a finding (family/rule ids are reserved for findings): a
 * suppression without a reason, a baseline entry that no longer matches. Reported as a note in every format.
 */
export interface Notice {
  path: string;
  /** 1-based line the notice is about, when there is one. */
  line?: number;
  message: string;
}

export interface ProjectContext {
  root: string;
  config: AgentGuardConfig;
  /** A file of the repository by root-relative path, read and cached; null if absent or unreadable. */
  getFile(relPath: string): Promise<SourceFile | null>;
  /** Root-relative paths of every file in the repository (not only the scanned ones). */
  allPaths(): Promise<string[]>;
  /** A value computed once per scan under `key`. */
  memo<T>(key: string, compute: () => Promise<T>): Promise<T>;
  /**
   * The parse tree of a repository file kept for the rest of the scan (cross-file analysis). When the
   * file is the one being checked, its tree is shared rather than parsed again. Optional: without it,
   * callers parse the file themselves.
   */
  sharedTree?(file: SourceFile): Promise<ParsedTree | null>;
}

export interface RuleContext {
  file: SourceFile;
  project: ProjectContext;
  options: Record<string, unknown>;
  /** The file's parse tree (Python, JS, TS, TSX), parsed once and shared; null for other languages. */
  tree(): Promise<ParsedTree | null>;
  /** A value computed once per file under `key`, shared between rules. */
  memo<T>(key: string, compute: () => Promise<T>): Promise<T>;
  report(report: Report): void;
}

export interface Rule {
  meta: RuleMeta;
  /** Cheap filter on the file (language, path, a substring of the text). Rules not applying are not run. */
  appliesTo(file: SourceFile): boolean;
  check(context: RuleContext): Promise<void> | void;
}

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}/${ruleId}.md`;
}
