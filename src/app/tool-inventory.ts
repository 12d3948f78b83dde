import { loadRootAndConfig, runRules } from '../engine/engine.js';
import { workingTreeInput } from '../sources/working-tree.js';
import { globalRedactor } from '../core/redact.js';
import { defineRule } from '../core/define-rule.js';
import type { SkippedFile } from '../core/types.js';
import { logSafe, visible } from '../core/display.js';
import { plural } from '../reporters/types.js';
import { ALL_RULES } from '../families/index.js';
import { secretRules } from '../families/secret/index.js';
import { sortHandlers } from '../families/tool-input/discovery/common.js';
import { mayRegisterTools, toolsOfFile } from '../families/tool-input/discovery/discover.js';
import type { SinkAnalyzer, SinkSummary } from '../families/tool-input/discovery/sinks.js';
import { analyzeSinks } from '../families/tool-input/index.js';
import type { ToolHandler, ToolParameter } from '../families/tool-input/discovery/types.js';

export interface InventoryEntry {
  handler: ToolHandler;
  /**
   * Further handlers of the same tool (same framework, name and registration): a LangChain `BaseTool`'s
   * `_arun` beside its `_run`, `Tool(func=, coroutine=)`. The tool is listed once; its sinks are those
   * of every handler.
   */
  otherHandlers?: ToolHandler['handler'][];
  sinks: SinkSummary[];
}

export interface Inventory {
  root: string;
  tools: InventoryEntry[];
  /** Whether a dataflow engine was registered to list sinks (else `sinks` are always empty). */
  sinkAnalysis: boolean;
  files: number;
  /** Files left out by the config's include/exclude globs. */
  excluded: number;
  /** Files the config calls test code (`testFiles`): tools there are test doubles, not listed. */
  testFiles: number;
  skipped: SkippedFile[];
  errors: SkippedFile[];
}

/**
 * Every tool handler of the scanned paths, with the sinks each reaches: the same file discovery, root
 * and config (include/exclude) as `scan`, one discovery per file.
 *
 * The secret rules run in the same pass, so that every key in the scanned files is registered with the
 * global redactor (as in `scan`): a key written into a tool's docstring is masked in the inventory, in
 * its description here and by the redaction of every output. Their findings are not reported.
 */
/** `sinkAnalyzer` null lists handlers only (no dataflow). */
export async function buildInventory(paths: string[], configFile?: string, sinkAnalyzer: SinkAnalyzer | null = analyzeSinks): Promise<Inventory> {
  // ALL_RULES is loaded for the config schema.
  const { root, config } = loadRootAndConfig(paths, ALL_RULES, configFile);
  const found: InventoryEntry[] = [];
  const collector = defineRule({
    id: 'tool-input/inventory',
    severity: 'note',
    description: 'Lists tool handlers (internal to `agent-guard tools`).',
    fix: 'Nothing to fix.',
    messages: {},
    cwe: [],
    securitySeverity: 0,
    precision: 'very-high',
    appliesTo: mayRegisterTools,
    async check(ctx) {
      for (const handler of await toolsOfFile(ctx)) found.push({ handler, sinks: sinkAnalyzer ? await sinkAnalyzer(handler, ctx.project) : [] });
    },
  });
  const input = workingTreeInput(root, paths, config);
  // Secret rules turned off in the config still run here: they only feed the redactor.
  const secretIds = new Set(secretRules.map((r) => r.meta.id));
  const ruleSettings = Object.fromEntries(Object.entries(config.rules).filter(([id, setting]) => !(secretIds.has(id) && setting?.severity === 'off')));
  const result = await runRules(input, { ...config, rules: ruleSettings }, [collector, ...secretRules]);
  const order = sortHandlers(found.map((f) => f.handler));
  const tools = mergeHandlers(order.map((h) => found.find((f) => f.handler === h)!)).map((entry) => ({ ...entry, handler: masked(entry.handler) }));
  return {
    root: result.root,
    tools,
    sinkAnalysis: sinkAnalyzer !== null,
    files: result.stats.files,
    excluded: result.stats.excluded ?? 0,
    testFiles: result.stats.testFiles ?? 0,
    skipped: result.skipped,
    errors: result.ruleErrors,
  };
}

/** One entry per tool: handlers of the same registration and name (sorted, so the first is kept) merged. */
function mergeHandlers(entries: InventoryEntry[]): InventoryEntry[] {
  const byTool = new Map<string, InventoryEntry>();
  const out: InventoryEntry[] = [];
  for (const entry of entries) {
    const h = entry.handler;
    const key = [h.framework, h.entry ?? 'tool', h.name, h.registration.path, h.registration.range.startLine, h.registration.range.startColumn].join('\0');
    const first = byTool.get(key);
    if (!first) {
      const copy = { ...entry, sinks: [...entry.sinks] };
      byTool.set(key, copy);
      out.push(copy);
      continue;
    }
    const same = (a: ToolHandler['handler'], b: ToolHandler['handler']) => a.path === b.path && a.startIndex === b.startIndex;
    if (!same(first.handler.handler, h.handler) && !first.otherHandlers?.some((o) => same(o, h.handler))) (first.otherHandlers ??= []).push(h.handler);
    for (const s of entry.sinks) {
      if (!first.sinks.some((t) => t.ruleId === s.ruleId && t.sink === s.sink && t.path === s.path && t.line === s.line)) first.sinks.push(s);
    }
  }
  return out;
}

/** The handler with every registered secret masked in the text taken from the source (name, description). */
function masked(h: ToolHandler): ToolHandler {
  const redact = (s: string) => globalRedactor.redact(s);
  return { ...h, name: redact(h.name), ...(h.description ? { description: { ...h.description, text: redact(h.description.text) } } : {}) };
}

export function parameterLabel(p: ToolParameter): string {
  if (p.shape === 'value') return p.name;
  if (p.shape === 'destructured') return `{${p.name}}`;
  return `${[p.name, ...(p.inputPath ?? [])].join('.')}.*`;
}

/** `path:line` for a terminal: control characters (newline, ANSI escapes) in a file name are shown escaped. */
function loc(path: string, line: number): string {
  return `${visible(path)}:${line}`;
}

export function formatInventoryText(inv: Inventory, options: { quiet?: boolean } = {}): string {
  const lines: string[] = [];
  for (const { handler: h, otherHandlers, sinks } of inv.tools) {
    const where = loc(h.handler.path, h.handler.range.startLine);
    const registered = h.registration.path !== h.handler.path ? `  (registered at ${loc(h.registration.path, h.registration.range.startLine)})` : '';
    const also = otherHandlers?.length ? `  (also handled at ${otherHandlers.map((o) => loc(o.path, o.range.startLine)).join(', ')})` : '';
    // An MCP resource or prompt handler says so before its name; a tool says nothing.
    lines.push(`${where}  ${h.framework}  ${h.entry ? `${h.entry} ` : ''}${visible(h.name)}${registered}${also}`);
    lines.push(`  parameters: ${h.parameters.length ? h.parameters.map((p) => visible(parameterLabel(p))).join(', ') : '(none)'}`);
    if (inv.sinkAnalysis) {
      if (!sinks.length) lines.push('  sinks: none reached');
      else {
        lines.push('  sinks:');
        for (const s of sinks) lines.push(`    ${loc(s.path, s.line)}  ${visible(s.sink)}  ${s.ruleId}`);
      }
    }
  }
  if (options.quiet) {
    for (const e of inv.errors) lines.push(`error: ${visible(e.path)}: ${visible(e.reason)}`);
    return lines.length ? logSafe(lines.join('\n')) + '\n' : '';
  }
  const files = new Set(inv.tools.map((t) => t.handler.registration.path)).size;
  const frameworks = [...new Set(inv.tools.map((t) => t.handler.framework))].sort();
  if (lines.length) lines.push('');
  const others = (['resource', 'prompt'] as const)
    .map((kind) => [kind, inv.tools.filter((t) => t.handler.entry === kind).length] as const)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => plural(n, `${kind} handler`));
  lines.push(
    inv.tools.length
      ? `${inv.tools.length} tool handler${inv.tools.length === 1 ? '' : 's'}${others.length ? ` (of which ${others.join(' and ')})` : ''} in ${files} file${files === 1 ? '' : 's'} (${frameworks.join(', ')})`
      : `no tool handlers found in ${inv.files} file${inv.files === 1 ? '' : 's'}${inv.excluded ? ` (${inv.excluded} excluded by the config)` : ''}`,
  );
  if (inv.testFiles) lines.push(`${plural(inv.testFiles, 'test file')} not searched for tools (testFiles in the config)`);
  if (!inv.sinkAnalysis) lines.push('sinks: dataflow analysis is not available in this build');
  // A file discovery could not analyze may hold tools: the list is incomplete, and says so.
  if (inv.errors.length) lines.push(`incomplete: ${plural(inv.errors.length, 'rule error')}, tools in these files may be missing:`);
  for (const e of inv.errors) lines.push(`error: ${visible(e.path)}: ${visible(e.reason)}`);
  return logSafe(lines.join('\n')) + '\n';
}

/**
 * The inventory as a JSON value. Text taken from the scanned files (names, parameters, descriptions) is
 * masked here, value by value, before it is serialized: masking never changes the document's structure.
 */
export function inventoryJson(inv: Inventory): unknown {
  return globalRedactor.redactValue({
    root: inv.root,
    tools: inv.tools.map(({ handler: h, otherHandlers, sinks }) => ({
      framework: h.framework,
      // `resource` / `prompt` for an MCP resource or prompt handler; absent for a tool
      ...(h.entry ? { kind: h.entry } : {}),
      language: h.language,
      name: h.name,
      path: h.registration.path,
      line: h.registration.range.startLine,
      handler: { path: h.handler.path, line: h.handler.range.startLine, endLine: h.handler.range.endLine },
      ...(otherHandlers?.length ? { otherHandlers: otherHandlers.map((o) => ({ path: o.path, line: o.range.startLine, endLine: o.range.endLine })) } : {}),
      parameters: h.parameters.map((p) => ({
        name: p.name,
        shape: p.shape,
        ...(p.inputPath ? { inputPath: p.inputPath } : {}),
        line: p.range.startLine,
        column: p.range.startColumn,
      })),
      ...(h.description ? { description: { text: h.description.text, path: h.description.path, line: h.description.range.startLine } } : {}),
      sinks: sinks.map((s) => ({ ruleId: s.ruleId, sink: s.sink, path: s.path, line: s.line })),
    })),
    sinkAnalysis: inv.sinkAnalysis,
    ...(inv.testFiles ? { testFiles: inv.testFiles } : {}),
    errors: inv.errors,
  });
}
