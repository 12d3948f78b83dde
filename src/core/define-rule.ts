import type { SourceFile } from './source-file.js';
import { docsUrl, FAMILIES, type Family, type FixLanguage, type Precision, type Rule, type RuleContext, type RuleMeta, type Severity } from './types.js';

/** Everything a rule module writes: its metadata beside its code. The family and docs URL follow from the id. */
export interface RuleDefinition {
  /** `family/kebab-name`; the docs page is docs/rules/<family>/<name>.md. */
  id: string;
  severity: Severity;
  /** One sentence: what the rule finds. */
  description: string;
  /** One sentence: how to fix a finding. */
  fix: string;
  /** A short title (≤ 120 characters) when the description's first clause does not make one. */
  summary?: string;
  /** Message templates; `{{name}}` is replaced from the report's data. One line: what was found and why it matters, never how to fix it. */
  messages: Record<string, string>;
  /** Fix templates per message id, when a finding of that kind has a more precise fix than `fix`. */
  fixes?: Record<string, string>;
  /** The fix phrased for the finding's language (Python; JavaScript/TypeScript), when the advice differs. */
  languageFixes?: Partial<Record<FixLanguage, string>>;
  cwe: readonly number[];
  securitySeverity: number;
  precision: Precision;
  defaultOptions?: Record<string, unknown>;
  optionsSchema?: Record<string, unknown>;
  /** Cheap filter on the file (language, path, a substring of the text). */
  appliesTo(file: SourceFile): boolean;
  check(context: RuleContext): Promise<void> | void;
}

const RULE_ID = /^([a-z-]+)\/[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The one way to make a rule (like typescript-eslint's createRule): checks the id and fills the derived metadata. */
export function defineRule<R extends RuleDefinition>(definition: R): Rule & Omit<R, keyof RuleDefinition> {
  const {
    id,
    severity,
    description,
    fix,
    summary,
    messages,
    fixes,
    languageFixes,
    cwe,
    securitySeverity,
    precision,
    defaultOptions,
    optionsSchema,
    appliesTo,
    check,
    ...extra
  } = definition;
  const family = RULE_ID.exec(id)?.[1] as Family | undefined;
  if (!family || !FAMILIES.includes(family)) throw new Error(`rule id "${id}" is not family/kebab-name with a family of ${FAMILIES.join(', ')}`);
  if (!(securitySeverity >= 0 && securitySeverity <= 10)) throw new Error(`rule ${id}: securitySeverity ${securitySeverity} is outside 0.0–10.0`);
  const meta: RuleMeta = {
    id,
    family,
    severity,
    description,
    fix,
    ...(summary ? { summary } : {}),
    messages,
    ...(fixes ? { fixes } : {}),
    ...(languageFixes ? { languageFixes } : {}),
    cwe,
    securitySeverity,
    precision,
    docs: docsUrl(id),
    ...(defaultOptions ? { defaultOptions } : {}),
    ...(optionsSchema ? { optionsSchema } : {}),
  };
  return { ...extra, meta, appliesTo, check } as Rule & Omit<R, keyof RuleDefinition>;
}
