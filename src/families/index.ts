import type { Family, Rule } from '../core/types.js';
import { rateLimitRules } from './rate-limit/index.js';
import { secretRules } from './secret/index.js';
import { toolInputRules } from './tool-input/index.js';
import { toolPayloadRules } from './tool-payload/index.js';

/** Every rule agent-guard has, in family order. */
export const ALL_RULES: Rule[] = [...secretRules, ...toolInputRules, ...rateLimitRules, ...toolPayloadRules];

export function rulesOfFamilies(families: readonly Family[]): Rule[] {
  return ALL_RULES.filter((r) => families.includes(r.meta.family));
}
