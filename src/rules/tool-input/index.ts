import type { Rule } from '../../core/types.js';

/** Every rule of the tool-input/* family. */
export const toolInputRules: Rule[] = [];
