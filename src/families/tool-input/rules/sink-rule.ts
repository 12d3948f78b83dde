import { defineRule, type RuleDefinition } from '../../../core/define-rule.js';
import { mayRegisterTools } from '../discovery/discover.js';
import { sinkCoverage } from '../kinds/docs.js';
import { KIND_ROWS } from '../kinds/index.js';
import { reportFlows, type SinkKind } from '../taint/index.js';

/**
 * A tool-input rule that reports the dataflows reaching one kind of sink. Each rule module names its
 * kind beside its id: the only place the kind → rule link is written. The metadata's `coverage` sentence is
 * counted from the kind's rows (kinds/), whose list the rule page shows.
 */
export function defineSinkRule(definition: Omit<RuleDefinition, 'appliesTo' | 'check'> & { sinkKind: SinkKind }) {
  // The same flows out of an MCP resource or prompt handler: `MCP resource handler "x" passes client-controlled ...`.
  const messages: Record<string, string> = { ...definition.messages };
  for (const [id, flow] of Object.entries(definition.messages))
    if (/^[a-z]*Flow$|^flow$/.test(id) && flow.startsWith('Tool "{{tool}}"')) {
      const suffix = id === 'flow' ? 'Flow' : id[0].toUpperCase() + id.slice(1);
      messages[`resource${suffix}`] = entryMessage(flow, 'MCP resource handler');
      messages[`prompt${suffix}`] = entryMessage(flow, 'MCP prompt handler');
    }
  const rows = KIND_ROWS.find((k) => k.kind === definition.sinkKind);
  return defineRule({
    ...definition,
    coverage: rows && sinkCoverage(rows),
    messages,
    appliesTo: mayRegisterTools,
    check: (ctx) => reportFlows(ctx, definition.sinkKind),
  });
}

function entryMessage(flow: string, subject: string): string {
  return flow.replace(/^Tool "\{\{tool\}\}"/, `${subject} "{{tool}}"`).replace('model-controlled parameter', 'client-controlled parameter');
}
