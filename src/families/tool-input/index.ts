import type { Rule } from '../../core/types.js';
import { uniqueSortedSinks, type SinkAnalyzer } from './discovery/sinks.js';
import argumentInjection from './rules/argument-injection.js';
import codeInjection from './rules/code-injection.js';
import commandInjection from './rules/command-injection.js';
import pathTraversal from './rules/path-traversal.js';
import poisonedDescription from './rules/poisoned-description.js';
import sqlInjection from './rules/sql-injection.js';
import ssrf from './rules/ssrf.js';
import unsafeDeserialization from './rules/unsafe-deserialization.js';
import { sinksOfHandler, type SinkKind } from './taint/index.js';

/** The rules that report dataflows into sinks, one per sink kind. */
export const sinkRules = [pathTraversal, commandInjection, argumentInjection, codeInjection, sqlInjection, ssrf, unsafeDeserialization];

/** Every rule of the tool-input/* family. */
export const toolInputRules: Rule[] = [poisonedDescription, ...sinkRules];

const RULE_OF_KIND = new Map<SinkKind, string>(sinkRules.map((r) => [r.sinkKind, r.meta.id]));

/** The sinks a handler's input reaches, named by the rule that reports them (for `agent-guard tools`). */
export const analyzeSinks: SinkAnalyzer = async (handler, project) =>
  uniqueSortedSinks((await sinksOfHandler(handler, project)).map((s) => ({ ruleId: RULE_OF_KIND.get(s.kind)!, sink: s.sink, path: s.path, line: s.line })));
