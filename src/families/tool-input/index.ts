import type { Rule } from '../../core/types.js';
import { rule as poisonedDescription } from './rules/poisoned-description.js';
import { pathTraversal } from './rules/path-traversal.js';
import { commandInjection } from './rules/command-injection.js';
import { argumentInjection } from './rules/argument-injection.js';
import { codeInjection } from './rules/code-injection.js';
import { sqlInjection } from './rules/sql-injection.js';
import { ssrf } from './rules/ssrf.js';
import { unsafeDeserialization } from './rules/unsafe-deserialization.js';

/** Every rule of the tool-input/* family. */
export const toolInputRules: Rule[] = [poisonedDescription, pathTraversal, commandInjection, argumentInjection, codeInjection, sqlInjection, ssrf, unsafeDeserialization];
