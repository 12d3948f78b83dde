import type { Rule } from '../../core/types.js';

/** Every rule of the rate-limit/* family. */
export const rateLimitRules: Rule[] = [];
