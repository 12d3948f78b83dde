import type { Rule } from '../../core/types.js';

/** Every rule of the secret/* family. */
export const secretRules: Rule[] = [];
