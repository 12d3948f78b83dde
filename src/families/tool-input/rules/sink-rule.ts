import { defineRule, type RuleDefinition } from '../../../core/define-rule.js';
import { mayRegisterTools } from '../discovery/discover.js';
import { reportFlows, type SinkKind } from '../taint/index.js';

/**
 * A tool-input rule that reports the dataflows reaching one kind of sink. Each rule module names its
 * kind beside its id: the only place the kind → rule link is written.
 */
export function defineSinkRule(definition: Omit<RuleDefinition, 'appliesTo' | 'check'> & { sinkKind: SinkKind }) {
  return defineRule({ ...definition, appliesTo: mayRegisterTools, check: (ctx) => reportFlows(ctx, definition.sinkKind) });
}
