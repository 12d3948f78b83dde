import type { ProjectContext, RuleContext } from '../../../core/types.js';
import type { Node } from '../../../parsing/parsers.js';
import { toolsOfFile } from '../discovery/discover.js';
import type { ToolHandler } from '../discovery/types.js';
import { ALL_KINDS, parsedFile } from './core.js';
import { analyzeJsHandler } from './javascript.js';
import { analyzePythonHandler } from './python.js';
import { destructuredKey, jsonSchemaTools, schemaKinds } from './schema.js';
import { SummaryCache } from './summary.js';
import type { Flow, HandlerAnalysis, SinkKind, Taint } from './types.js';
import { AnalysisBudget, budgetProbe, IncompleteAnalysis } from '../../../core/budget.js';
import { JS_FUNCTION_TYPES, PY_FUNCTION_TYPES } from '../../../parsing/nodes.js';

export type { Flow, SinkKind } from './types.js';

const FUNCTION_NODES = new Set([...PY_FUNCTION_TYPES, ...JS_FUNCTION_TYPES]);

/** The function node of a handler, found by its offsets. */
export function handlerNode(root: Node, startIndex: number, endIndex: number): Node | null {
  let n: Node | null = root.descendantForIndex(startIndex, Math.max(startIndex, endIndex - 1));
  let best: Node | null = null;
  while (n) {
    if (n.startIndex <= startIndex && n.endIndex >= endIndex) {
      if (FUNCTION_NODES.has(n.type)) return n;
      if (n.type === 'decorated_definition') return n.childForFieldName('definition');
      if (n.type === 'variable_declarator' || n.type === 'pair') {
        const v = n.childForFieldName('value');
        if (v && FUNCTION_NODES.has(v.type)) return v;
      }
      if (!best && n.startIndex === startIndex && n.endIndex === endIndex) best = n;
      if (n.startIndex < startIndex || n.endIndex > endIndex) break;
    }
    n = n.parent;
  }
  // the handler range may cover a wrapper (decorated definition, export): look inside it
  if (best) {
    const inner = best.descendantsOfType([...FUNCTION_NODES])[0];
    if (inner) return inner;
  }
  return null;
}

function summaries(project: ProjectContext): Promise<SummaryCache> {
  return project.memo('taint:summaries', async () => new SummaryCache(project));
}

/**
 * Every flow from a handler's parameters to a sink, and what the analysis left out (too deep, out of
 * budget), analysed once per scan (shared by all seven rules and `agent-guard tools`). `budget` bounds the
 * analysis (its file's budget in a scan).
 */
export function handlerAnalysis(handler: ToolHandler, project: ProjectContext, budget: AnalysisBudget = new AnalysisBudget()): Promise<HandlerAnalysis> {
  const h = handler.handler;
  const none: HandlerAnalysis = { flows: [], incomplete: [] };
  return project.memo(`taint:handler:${h.path}:${h.startIndex}:${h.endIndex}:${handler.name}`, async () => {
    const pf = await parsedFile(project, h.path);
    if (!pf) return none;
    const fn = handlerNode(pf.parsed.root, h.startIndex, h.endIndex);
    if (!fn) return none;
    const vars = new Map<string, Taint>();
    // What the declared schema (zod shape, pydantic constraint, Enum) rules out, by property / parameter.
    const declared = await schemaKinds(handler, fn, pf, project);
    for (const p of handler.parameters) {
      const step = { path: h.path, range: p.range, message: parameterMessage(handler, p.name) };
      // A validated int/float/bool/Literal argument cannot carry injected text; a negative number is at most a
      // numeric flag (`-5`), as with zod's `z.number()` (schema.ts).
      const safe = new Set<SinkKind>(p.validated ? ALL_KINDS : []);
      if (p.shape !== 'object') for (const k of declared.get(p.shape === 'destructured' ? destructuredKey(fn, p.name) : p.name) ?? []) safe.add(k);
      vars.set(p.name, {
        origin: { handler, param: p },
        label: p.name,
        steps: [step],
        safe,
        container: p.shape === 'object' ? (p.inputPath?.length ?? 0) : undefined,
        ...(p.shape === 'object' && declared.size ? { fields: declared } : {}),
      });
    }
    if (!vars.size) return none;
    const cx = { project, summaries: await summaries(project), budget };
    // A low-level MCP handler serving several tools (discovery named it "a|b|c"): flows under
    // `if name == "a":` / `case "a":` belong to tool "a".
    const dispatch = handler.name.includes('|') ? new Set(handler.name.split('|')) : null;
    const found = pf.parsed.language === 'python' ? await analyzePythonHandler(cx, pf, fn, vars, dispatch) : await analyzeJsHandler(cx, pf, fn, vars, dispatch);
    // a low-level server's branch for one tool: the JSON Schema that tool is listed with (an enum) rules a value out
    const listed = dispatch && pf.parsed.language !== 'python' ? await jsonSchemaTools(project, pf) : null;
    const ruledOut = (f: Flow) => !!f.tool && f.tool.split('|').every((tool) => listed!.get(tool)?.get(f.label)?.includes(f.kind));
    const flows = listed?.size ? found.flows.filter((f) => !ruledOut(f)) : found.flows;
    return { flows: dedupe(flows), incomplete: found.incomplete };
  });
}

/** The flows of a handler; throws `IncompleteAnalysis` when part of it could not be analysed. */
export async function analyzeHandler(handler: ToolHandler, project: ProjectContext): Promise<Flow[]> {
  const a = await handlerAnalysis(handler, project);
  if (a.incomplete.length) throw new IncompleteAnalysis(a.incomplete);
  return a.flows;
}

function dedupe(flows: Flow[]): Flow[] {
  const seen = new Set<string>();
  const out: Flow[] = [];
  for (const f of flows) {
    const key = `${f.kind}|${f.path}|${f.range.startLine}:${f.range.startColumn}|${f.param.name}|${f.label}|${f.sink}|${f.tool ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}

/** All flows of the tools registered in the rule's file, computed once per file within one work budget. */
export function flowsOfFile(ctx: RuleContext, budget?: AnalysisBudget): Promise<HandlerAnalysis> {
  return ctx.memo('taint', async () => {
    const tools = await toolsOfFile(ctx);
    const fileBudget = budget ?? new AnalysisBudget();
    const flows: Flow[] = [];
    const incomplete: string[] = [];
    for (const t of tools) {
      const a = await handlerAnalysis(t, ctx.project, fileBudget);
      flows.push(...a.flows);
      for (const note of a.incomplete) if (!incomplete.includes(note)) incomplete.push(note);
    }
    budgetProbe.settled?.(ctx.file.path, fileBudget);
    return { flows, incomplete };
  });
}

/** The sinks a handler's input reaches, by kind, for `agent-guard tools`. */
export async function sinksOfHandler(handler: ToolHandler, project: ProjectContext): Promise<{ kind: SinkKind; sink: string; path: string; line: number }[]> {
  // a handler analysed only in part is an error of the inventory (the list would read as complete)
  return (await analyzeHandler(handler, project)).map((f) => ({ kind: f.kind, sink: f.sink, path: f.path, line: f.range.startLine }));
}

/** The step that starts a flow: a tool's parameter is model-controlled, an MCP resource's or prompt's client-controlled. */
function parameterMessage(handler: ToolHandler, name: string): string {
  return handler.entry ? `MCP ${handler.entry} parameter "${name}" (client-controlled)` : `tool parameter "${name}" (model-controlled)`;
}

/** Report the flows of one kind (the body of every tool-input sink rule). */
export async function reportFlows(ctx: RuleContext, kind: SinkKind): Promise<void> {
  const { flows, incomplete } = await flowsOfFile(ctx);
  for (const f of flows) {
    if (f.kind !== kind) continue;
    const param = f.label === f.param.name ? f.param.name : `${f.param.name}.${f.label}`;
    const tool = f.tool ?? f.handler.name;
    // a host checked before a request that follows redirects has its own wording (rules/ssrf.ts)
    const base = f.redirects ? 'redirectFlow' : 'flow';
    ctx.report({
      messageId: f.handler.entry ? `${f.handler.entry}${base[0].toUpperCase()}${base.slice(1)}` : base,
      data: { tool, param: f.label, sink: f.sink },
      range: f.range,
      ...(f.path !== ctx.file.path ? { path: f.path } : {}),
      related: [{ path: f.param.range ? f.handler.handler.path : f.path, range: f.param.range, message: parameterMessage(f.handler, f.param.name) }],
      flow: f.steps,
      fingerprintHint: `${tool}:${param}:${f.sink}`,
    });
  }
  // what was found is reported; the file is marked incomplete (a rule error in every format)
  if (incomplete.length) throw new IncompleteAnalysis(incomplete);
}
