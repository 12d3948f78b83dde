import { defineRule } from '../../../core/define-rule.js';
import type { RuleContext } from '../../../core/types.js';
import { parseCode, type Node } from '../../../parsing/parsers.js';
import { shorten } from '../options.js';
import {
  calleeText,
  descendants,
  nodesOfType,
  enclosingScope,
  importsAny,
  isNoneLike,
  pyHasDictSplat,
  pyKwargs,
  pyPositional,
  resolveName,
  unwrap,
} from '../syntax.js';

export const ID = 'rate-limit/orchestrator-without-limits';

/**
 * async-toolformer-orchestrator, older API: `AsyncOrchestrator(llm_client=None, tools=None, config=None,
 * llm_integration=None, **kwargs)` copies each kwarg onto its OrchestratorConfig only `if hasattr(config, key)`,
 * so any other keyword is dropped without a word. These are the fields OrchestratorConfig has (unchanged
 * across the project's history, config.py b83c609..b086d92).
 */
const CONSTRUCTOR_PARAMS = ['llm_client', 'tools', 'config', 'llm_integration'];
export const ORCHESTRATOR_CONFIG_FIELDS = [
  'max_parallel_tools',
  'max_parallel_per_type',
  'tool_timeout_ms',
  'llm_timeout_ms',
  'total_timeout_ms',
  'retry_attempts',
  'retry_backoff',
  'rate_limit_config',
  'cancellation_strategy',
  'speculation_config',
  'observability_config',
  'memory_config',
  'event_loop_config',
  'enable_result_streaming',
  'result_aggregation_strategy',
  'custom_settings',
];

/** What a user most likely meant by a dropped keyword. */
function suggestion(kw: string): string {
  if (/^(max_parallel|max_concurren\w*|concurrency|max_workers|parallelism)$/.test(kw)) return 'use `max_parallel_tools=`';
  if (/speculat/.test(kw)) return 'use `speculation_config=SpeculationConfig(enabled=..., max_speculative_calls=...)`';
  if (/^(timeout|timeout_ms|timeout_s|tool_timeout|tool_timeout_s)$/.test(kw)) return 'use `tool_timeout_ms=`';
  if (/^(total_timeout|total_timeout_s|deadline\w*)$/.test(kw)) return 'use `total_timeout_ms=`';
  if (/^(llm_timeout|llm_timeout_s)$/.test(kw)) return 'use `llm_timeout_ms=`';
  if (/rate|limit|backpressure|global_max|service_limits|redis/.test(kw)) return 'pass `rate_limit_config=RateLimitConfig(...)`';
  if (/trac|metric|observab|log/.test(kw)) return 'pass `observability_config=ObservabilityConfig(...)`';
  if (/event_loop|max_tasks|executor_workers|process_pool|uvloop/.test(kw)) return 'pass `event_loop_config=EventLoopConfig(...)`';
  if (/cancel|branch/.test(kw)) return 'pass `cancellation_strategy=CancellationStrategy(...)`';
  if (/memory|gc_|compress/.test(kw)) return 'pass `memory_config=MemoryConfig(...)`';
  if (/retr/.test(kw)) return 'use `retry_attempts=`';
  return 'remove it or set the matching OrchestratorConfig field';
}

const LIMIT_LIKE = /max|limit|rate|timeout|concurren|parallel|backpressure|speculat|budget|deadline|throttl|quota|retr/;

interface Opts {
  classNames: string[];
  checkDroppedKwargs: boolean;
}

export default defineRule({
  id: ID,
  severity: 'warning',
  description:
    'async-toolformer-orchestrator set up without rate limits: an older-API AsyncOrchestrator(...) with no explicit RateLimitConfig, keyword arguments the constructor silently drops, or newer-API @registry.tool(...) tools with neither calls_per_min nor timeout_s while run() gets no default_timeout_s.',
  fix: 'Pass rate_limit_config=RateLimitConfig(...) (older API) or give each @registry.tool(...) calls_per_min= / timeout_s= (newer API), and spell keyword arguments as OrchestratorConfig fields.',
  messages: {
    noRateLimit: '`{{call}}` gets no explicit RateLimitConfig, so its tool calls run on the library default limits.',
    droppedKwarg: '`{{name}}=` is silently dropped by AsyncOrchestrator: OrchestratorConfig has no `{{name}}` field, so the limit it suggests does not exist.',
    toolNoLimits:
      'Tool `{{tool}}` is registered with neither `calls_per_min=` nor `timeout_s=`, and no AsyncOrchestrator.run() passes `default_timeout_s=`: its calls are neither rate limited nor timed out.',
  },
  fixes: {
    noRateLimit: 'Pass `rate_limit_config=RateLimitConfig(global_max=..., service_limits=...)`{{where}}.',
    droppedKwarg: 'Instead of `{{name}}=`: {{suggestion}}.',
    toolNoLimits: "Add `calls_per_min=` and `timeout_s=` to the tool's `@registry.tool(...)`.",
  },
  defaultOptions: { classNames: ['AsyncOrchestrator'], checkDroppedKwargs: true },
  optionsSchema: {
    properties: {
      classNames: { type: 'array', items: { type: 'string' }, description: 'Class names treated as the async-toolformer orchestrator.' },
      checkDroppedKwargs: { type: 'boolean', description: 'Report keyword arguments the older-API constructor silently drops.' },
    },
  },
  cwe: [770],
  securitySeverity: 5.3,
  precision: 'high',
  appliesTo: (file) => file.language === 'python' && /AsyncOrchestrator|ToolRegistry|ToolSpec|async_toolformer/.test(file.text),
  async check(ctx) {
    const parsed = await ctx.tree();
    if (!parsed) return;
    const opts = ctx.options as unknown as Opts;
    const classes = new Set(opts.classNames ?? ['AsyncOrchestrator']);
    const text = ctx.file.text;
    const fromLibrary = importsAny(text, ['async_toolformer']);
    const registries = registryNames(parsed.root);
    const toolCandidates: { node: Node; tool: string; decorator: string }[] = [];

    for (const n of nodesOfType(parsed.root, ['call', 'decorator'])) {
      if (n.type === 'call') {
        const callee = calleeText(n);
        const cls = callee.slice(callee.lastIndexOf('.') + 1);
        if (classes.has(cls) && !isNewerApiCall(n, registries)) checkOlder(ctx, n, callee, opts);
        if (cls === 'ToolSpec' && (fromLibrary || registries.size > 0)) {
          const kw = pyKwargs(n);
          if (!pyHasDictSplat(n) && !hasValue(kw, 'calls_per_min') && !hasValue(kw, 'timeout_s')) {
            const name = kw.get('name')?.value.text ?? pyPositional(n)[0]?.text ?? 'tool';
            toolCandidates.push({ node: n, tool: shorten(name.replace(/^['"]|['"]$/g, ''), 30), decorator: 'ToolSpec(...)' });
          }
        }
      } else if (n.type === 'decorator') {
        const call = unwrap(n.namedChildren[0]!);
        const deco = call.type === 'call' ? calleeText(call) : call.text;
        const m = /^([\w.]+)\.tool$/.exec(deco);
        if (!m || !(registries.has(m[1]) || (fromLibrary && /registry$/i.test(m[1])))) continue;
        const kw = call.type === 'call' ? pyKwargs(call) : new Map();
        if (call.type === 'call' && pyHasDictSplat(call)) continue;
        if (hasValue(kw, 'calls_per_min') || hasValue(kw, 'timeout_s')) continue;
        const def = n.parent?.childForFieldName('definition');
        const name = kw.get('name')?.value.text.replace(/^['"]|['"]$/g, '') ?? def?.childForFieldName('name')?.text ?? 'tool';
        toolCandidates.push({ node: n, tool: name, decorator: `@${deco}(...)` });
      }
    }

    if (toolCandidates.length === 0) return;
    const local = runCalls(parsed.root);
    const runs = local.length ? local : await projectRuns(ctx);
    const covered = runs.length > 0 && runs.every((r) => r);
    if (covered) return;
    for (const t of toolCandidates) {
      ctx.report({ messageId: 'toolNoLimits', data: { tool: t.tool, decorator: t.decorator }, range: ctx.file.rangeOf(t.node.startIndex, t.node.endIndex) });
    }
  },
});

function hasValue(kw: Map<string, { node: Node; value: Node }>, key: string): boolean {
  const v = kw.get(key);
  return !!v && !isNoneLike(v.value);
}

/** Names bound to `ToolRegistry(...)` anywhere in the file. */
function registryNames(root: Node): Set<string> {
  const out = new Set<string>();
  for (const n of descendants(root)) {
    if (n.type !== 'assignment') continue;
    const right = n.childForFieldName('right');
    const left = n.childForFieldName('left');
    if (left && right?.type === 'call' && /(^|\.)ToolRegistry$/.test(calleeText(right))) out.add(left.text);
  }
  return out;
}

/** Newer API: `AsyncOrchestrator(registry)` — one positional argument that is a ToolRegistry. */
function isNewerApiCall(call: Node, registries: Set<string>): boolean {
  const pos = pyPositional(call);
  const kw = pyKwargs(call);
  if (pos.length !== 1 || kw.size > 0) return false;
  const a = unwrap(pos[0]);
  if (a.type === 'call' && /(^|\.)ToolRegistry$/.test(calleeText(a))) return true;
  if (registries.has(a.text)) return true;
  if (a.type === 'identifier') {
    const v = resolveName(a.text, call, 'python');
    if (v?.type === 'call' && /(^|\.)ToolRegistry$/.test(calleeText(v))) return true;
    return /registry$/i.test(a.text);
  }
  return /(^|\.)registry$/i.test(a.text);
}

function checkOlder(ctx: RuleContext, call: Node, callee: string, opts: Opts): void {
  const kw = pyKwargs(call);
  if (opts.checkDroppedKwargs !== false) {
    for (const [name, { node }] of kw) {
      if (CONSTRUCTOR_PARAMS.includes(name) || ORCHESTRATOR_CONFIG_FIELDS.includes(name)) continue;
      ctx.report({
        messageId: 'droppedKwarg',
        data: { name, suggestion: suggestion(name) },
        range: ctx.file.rangeOf(node.startIndex, node.endIndex),
        ...(LIMIT_LIKE.test(name) ? {} : { severity: 'note' as const }),
      });
    }
  }
  if (kw.has('rate_limit_config') || pyHasDictSplat(call)) return;
  const configArg = kw.get('config')?.value ?? pyPositional(call)[2] ?? null;
  let related: { node: Node; message: string } | null = null;
  if (configArg) {
    const v = unwrap(configArg);
    let value: Node | null = v;
    if (v.type === 'identifier') {
      value = resolveName(v.text, call, 'python');
      if (!value) return; // a parameter or an import: cannot tell
      if (attributeAssigned(call, v.text, 'rate_limit_config')) return;
    }
    if (!value || value.type !== 'call' || !/(^|\.)OrchestratorConfig$/.test(calleeText(value))) return;
    const ckw = pyKwargs(value);
    if (ckw.has('rate_limit_config') || pyHasDictSplat(value)) return;
    related = { node: value, message: 'OrchestratorConfig without rate_limit_config' };
  }
  const head = callee.slice(callee.lastIndexOf('.') + 1);
  ctx.report({
    messageId: 'noRateLimit',
    data: { call: `${head}(...)`, where: related ? ' (here or in its OrchestratorConfig)' : '' },
    range: ctx.file.rangeOf(call.startIndex, call.endIndex),
    related: related ? [{ path: ctx.file.path, range: ctx.file.rangeOf(related.node.startIndex, related.node.endIndex), message: related.message }] : undefined,
  });
}

/** `name.attr = ...` in the scope of `at` or the module. */
function attributeAssigned(at: Node, name: string, attr: string): boolean {
  const scope = enclosingScope(at, 'python');
  let root: Node = at;
  while (root.parent) root = root.parent;
  for (const s of [scope, root]) {
    for (const d of descendants(s)) {
      if (d.type === 'assignment' && d.childForFieldName('left')?.text.replace(/\s+/g, '') === `${name}.${attr}`) return true;
    }
  }
  return false;
}

/** `orch.run(...)` / `orch.stream(...)` on names bound to AsyncOrchestrator(...): true when it passes default_timeout_s. */
function runCalls(root: Node): boolean[] {
  const orchs = new Set<string>();
  for (const n of descendants(root)) {
    if (n.type !== 'assignment') continue;
    const right = n.childForFieldName('right');
    if (right?.type === 'call' && /(^|\.)AsyncOrchestrator$/.test(calleeText(right))) orchs.add(n.childForFieldName('left')!.text);
  }
  const out: boolean[] = [];
  for (const n of descendants(root)) {
    if (n.type !== 'call') continue;
    const callee = calleeText(n);
    const m = /^(.*)\.(run|stream)$/.exec(callee);
    if (!m || !(orchs.has(m[1]) || /AsyncOrchestrator\(/.test(m[1]))) continue;
    out.push(hasValue(pyKwargs(n), 'default_timeout_s'));
  }
  return out;
}

async function projectRuns(ctx: RuleContext): Promise<boolean[]> {
  return ctx.project.memo(`${ID}:runs`, async () => {
    const out: boolean[] = [];
    for (const p of await ctx.project.allPaths()) {
      if (!p.endsWith('.py')) continue;
      const f = await ctx.project.getFile(p);
      if (!f || !/AsyncOrchestrator/.test(f.text) || !/\.(run|stream)\(/.test(f.text)) continue;
      const parsed = await parseCode('python', f.text);
      if (!parsed) continue;
      try {
        out.push(...runCalls(parsed.root));
      } finally {
        parsed.tree.delete();
      }
    }
    return out;
  });
}
