import type { Rule } from '../../core/types.js';
import { rule as poisonedDescription } from './poisoned-description.js';
import { pathTraversal } from './path-traversal.js';
import { commandInjection } from './command-injection.js';
import { argumentInjection } from './argument-injection.js';
import { codeInjection } from './code-injection.js';
import { sqlInjection } from './sql-injection.js';
import { ssrf } from './ssrf.js';
import { unsafeDeserialization } from './unsafe-deserialization.js';

/** Every rule of the tool-input/* family. */
export const toolInputRules: Rule[] = [poisonedDescription, pathTraversal, commandInjection, argumentInjection, codeInjection, sqlInjection, ssrf, unsafeDeserialization];
