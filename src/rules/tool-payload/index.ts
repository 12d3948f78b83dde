import type { Rule } from '../../core/types.js';

/** Every rule of the tool-payload/* family. */
export const toolPayloadRules: Rule[] = [];
