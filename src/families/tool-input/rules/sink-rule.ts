import { defineRule, type RuleDefinition } from '../../../core/define-rule.js';
import { mayRegisterTools } from '../discovery/discover.js';
import { reportFlows, type SinkKind } from '../taint/index.js';

/**
 * A tool-input rule that reports the dataflows reaching one kind of sink. Each rule module names its
 * kind beside its id: the only place the kind → rule link is written.
 */
export function defineSinkRule(definition: Omit<RuleDefinition, 'appliesTo' | 'check'> & { sinkKind: SinkKind }) {
  const flow = definition.messages.flow;
  // The same flow out of an MCP resource or prompt handler: `MCP resource handler "x" passes client-controlled ...`.
  const messages = {
    ...definition.messages,
    ...(flow?.startsWith('Tool "{{tool}}"')
      ? {
          resourceFlow: entryMessage(flow, 'MCP resource handler'),
          promptFlow: entryMessage(flow, 'MCP prompt handler'),
        }
      : {}),
  };
  return defineRule({ ...definition, messages, appliesTo: mayRegisterTools, check: (ctx) => reportFlows(ctx, definition.sinkKind) });
}

function entryMessage(flow: string, subject: string): string {
  return flow.replace(/^Tool "\{\{tool\}\}"/, `${subject} "{{tool}}"`).replace('model-controlled parameter', 'client-controlled parameter');
}
