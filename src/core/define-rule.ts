import { docsUrl, FAMILIES, type Family, type Rule, type RuleMeta } from './types.js';

/** Everything a rule module writes: its metadata beside its code. The family and docs URL follow from the id. */
export type RuleDefinition = Omit<RuleMeta, 'family' | 'docs'> & Pick<Rule, 'appliesTo' | 'check'>;

/** The metadata keys a definition carries; anything else a factory adds (samples, sinkKind) stays on the rule. */
const META_KEYS = [
  'id',
  'severity',
  'description',
  'fix',
  'summary',
  'coverage',
  'messages',
  'fixes',
  'languageFixes',
  'cwe',
  'securitySeverity',
  'precision',
  'defaultOptions',
  'optionsSchema',
] as const satisfies readonly (keyof RuleDefinition)[];

const RULE_ID = /^([a-z-]+)\/[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The one way to make a rule (like typescript-eslint's createRule): checks the id and fills the derived metadata. */
export function defineRule<R extends RuleDefinition>(definition: R): Rule & Omit<R, keyof RuleDefinition> {
  const { id, securitySeverity, appliesTo, check } = definition;
  const family = RULE_ID.exec(id)?.[1] as Family | undefined;
  if (!family || !FAMILIES.includes(family)) throw new Error(`rule id "${id}" is not family/kebab-name with a family of ${FAMILIES.join(', ')}`);
  if (!(securitySeverity >= 0 && securitySeverity <= 10)) throw new Error(`rule ${id}: securitySeverity ${securitySeverity} is outside 0.0–10.0`);
  const meta = { family, docs: docsUrl(id) } as RuleMeta;
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(definition)) {
    if ((META_KEYS as readonly string[]).includes(key)) {
      if (value !== undefined) (meta as unknown as Record<string, unknown>)[key] = value;
    } else if (key !== 'appliesTo' && key !== 'check') extra[key] = value;
  }
  return { ...extra, meta, appliesTo, check } as Rule & Omit<R, keyof RuleDefinition>;
}
