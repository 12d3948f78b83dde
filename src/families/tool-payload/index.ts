import type { Rule } from '../../core/types.js';
import invalidArguments from './rules/invalid-arguments.js';
import invalidJson from './rules/invalid-json.js';
import invalidToolSchema from './rules/invalid-tool-schema.js';
import schemaMismatch from './rules/schema-mismatch.js';
import unknownTool from './rules/unknown-tool.js';
import unpairedCall from './rules/unpaired-call.js';

/** Every rule of the tool-payload/* family. */
export const toolPayloadRules: Rule[] = [invalidJson, invalidArguments, unknownTool, invalidToolSchema, unpairedCall, schemaMismatch];
