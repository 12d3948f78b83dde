import type { SourceFile } from './source-file.js';
import { docsUrl, FAMILIES, type Family, type Precision, type Rule, type RuleContext, type RuleMeta, type Severity } from './types.js';

/** Everything a rule module writes: its metadata beside its code. The family and docs URL follow from the id. */
export interface RuleDefinition {
  /** `family/kebab-name`; the docs page is docs/rules/<family>/<name>.md. */
  id: string;
  severity: Severity;
  /** One sentence: what the rule finds. */
  description: string;
  /** One sentence: how to fix a finding. */
  fix: string;
  /** Message templates; `{{name}}` is replaced from the report's data. */
  messages: Record<string, string>;
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
  const { id, severity, description, fix, messages, cwe, securitySeverity, precision, defaultOptions, optionsSchema, appliesTo, check, ...extra } = definition;
  const family = RULE_ID.exec(id)?.[1] as Family | undefined;
  if (!family || !FAMILIES.includes(family)) throw new Error(`rule id "${id}" is not family/kebab-name with a family of ${FAMILIES.join(', ')}`);
  if (!(securitySeverity >= 0 && securitySeverity <= 10)) throw new Error(`rule ${id}: securitySeverity ${securitySeverity} is outside 0.0–10.0`);
  const meta: RuleMeta = {
    id,
    family,
    severity,
    description,
    fix,
    messages,
    cwe,
    securitySeverity,
    precision,
    docs: docsUrl(id),
    ...(defaultOptions ? { defaultOptions } : {}),
    ...(optionsSchema ? { optionsSchema } : {}),
  };
  return { ...extra, meta, appliesTo, check } as Rule & Omit<R, keyof RuleDefinition>;
}
