import type { Rule } from '../../core/types.js';
import { invalidArguments } from './invalid-arguments.js';
import { invalidJson } from './invalid-json.js';
import { invalidToolSchema } from './invalid-tool-schema.js';
import { schemaMismatch } from './schema-mismatch.js';
import { unknownTool } from './unknown-tool.js';
import { unpairedCall } from './unpaired-call.js';

/** Every rule of the tool-payload/* family. */
export const toolPayloadRules: Rule[] = [invalidJson, invalidArguments, unknownTool, invalidToolSchema, unpairedCall, schemaMismatch];
