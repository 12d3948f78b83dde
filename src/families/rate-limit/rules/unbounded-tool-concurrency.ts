import { defineRule } from '../../../core/define-rule.js';
import type { RuleContext } from '../../../core/types.js';
import type { Node } from '../../../parsing/parsers.js';
import { LIMITER_NAME, reachesModelOrTool, takesLimiter, unwrapTaskWrapper, type Reach } from '../calls.js';
import {
  argList,
  calleeText,
  descendants,
  fieldBinding,
  jsMethodCalls,
  nodesOfType,
  findLocalFunction,
  functionBody,
  langOf,
  numericValue,
  resolveName,
  unwrap,
  type Lang,
} from '../syntax.js';
import { compileExtraPatterns, shorten } from '../options.js';
import { mayCallModelOrTool, mayReportJsFanOut } from '../pre-check.js';

export const ID = 'rate-limit/unbounded-tool-concurrency';

interface Options {
  maxFixedFanOut: number;
  extraCallPatterns: string[];
}

/** What a gathered collection holds. */
type Coll = { kind: 'fixed' } | { kind: 'bounded' } | { kind: 'unknown' } | { kind: 'data'; element: Node; iterable: Node | null };

const PY_GATHER = /^(asyncio\.)?(gather|wait|as_completed)$/;
const JS_ALL_METHODS = ['all', 'allSettled', 'any', 'race'];
const JS_ALL = new RegExp(`^Promise\\.(${JS_ALL_METHODS.join('|')})$`);

class Analyzer {
  constructor(
    readonly lang: Lang,
    readonly text: string,
    readonly opts: Options,
    readonly extra: RegExp[],
  ) {}

  /** Is an iterable small and fixed (literal list, range(3)) or a batch (a slice, a `batch` loop variable)? */
  iterableBound(it: Node | null, depth = 0): 'fixed' | 'bounded' | null {
    if (!it || depth > 3) return null;
    const n = unwrap(it);
    if (n.type === 'list' || n.type === 'tuple' || n.type === 'set' || n.type === 'array') {
      if (n.namedChildren.some((c) => c?.type === 'list_splat' || c?.type === 'spread_element')) return null;
      return n.namedChildCount <= this.opts.maxFixedFanOut ? 'fixed' : null;
    }
    if (n.type === 'string') return 'fixed';
    if (['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression'].includes(n.type)) {
      const clause = n.namedChildren.find((c) => c?.type === 'for_in_clause');
      return this.iterableBound(clause?.childForFieldName('right') ?? null, depth + 1);
    }
    if (n.type === 'subscript' && n.namedChildren.some((c) => c?.type === 'slice')) return 'bounded';
    if (n.type === 'call' || n.type === 'call_expression') {
      const callee = calleeText(n);
      const args = argList(n);
      if (/^range$/.test(callee) && args.length) {
        const v = numericValue(args[args.length === 1 ? 0 : 1]);
        return v !== null && v <= this.opts.maxFixedFanOut ? 'fixed' : null;
      }
      if (/^(enumerate|zip|list|tuple|sorted|reversed|set|Object\.(entries|keys|values))$/.test(callee) && args[0])
        return this.iterableBound(args[0], depth + 1);
      if (/(^|\.)(slice|batched|chunked|chunks|batches|islice)$/.test(callee)) return 'bounded';
      // a fixed list filtered or copied stays at most as long: PERSONAS.filter(...), [...].concat([...])
      if (/\.(filter|concat|toSorted|toReversed|reverse|sort)$/.test(callee)) {
        const recv = n.childForFieldName('function')?.childForFieldName('object');
        const parts = callee.endsWith('.concat') ? [recv, ...args] : [recv];
        const bounds = parts.map((x) => (x ? this.iterableBound(x, depth + 1) : null));
        return bounds.every((x) => x === 'fixed') ? 'fixed' : bounds.every((x) => x) ? 'bounded' : null;
      }
      if (/\.(items|keys|values)$/.test(callee)) {
        const recv = n.childForFieldName('function')?.childForFieldName('object');
        return recv ? this.iterableBound(recv, depth + 1) : null;
      }
      return null;
    }
    if (n.type === 'identifier') {
      if (/batch|chunk/i.test(n.text)) return 'bounded';
      const v = resolveName(n.text, n, this.lang);
      if (v && v !== n) return this.iterableBound(v, depth + 1);
    }
    if (n.type === 'attribute' || n.type === 'member_expression') {
      // a class field or class constant: self.personas = [...], private readonly roles = [...], Panel.ROLES
      const field = fieldBinding(n, this.lang);
      if (!field?.values.length) return null;
      const bounds = field.values.map((v) => this.iterableBound(v, depth + 1));
      return bounds.every((x) => x === 'fixed') ? 'fixed' : bounds.every((x) => x) ? 'bounded' : null;
    }
    if (n.type === 'dictionary' || n.type === 'object') return n.namedChildCount <= this.opts.maxFixedFanOut ? 'fixed' : null;
    return null;
  }

  data(element: Node, iterable: Node | null): Coll {
    const b = this.iterableBound(iterable);
    if (b) return { kind: b };
    return { kind: 'data', element, iterable };
  }

  /** Classify the collection a gather/Promise.all receives. */
  collection(node: Node, depth = 0): Coll {
    if (depth > 4) return { kind: 'unknown' };
    const n = unwrap(node);
    switch (n.type) {
      case 'list':
      case 'tuple':
      case 'set':
      case 'array': {
        const spread = n.namedChildren.find((c) => c?.type === 'list_splat' || c?.type === 'spread_element');
        return spread?.namedChildren[0] ? this.collection(spread.namedChildren[0], depth + 1) : { kind: 'fixed' };
      }
      case 'list_comprehension':
      case 'generator_expression':
      case 'set_comprehension':
      case 'dictionary_comprehension': {
        let body = n.childForFieldName('body');
        if (body?.type === 'pair') body = body.childForFieldName('key');
        const clause = n.namedChildren.find((c) => c?.type === 'for_in_clause');
        if (!body) return { kind: 'unknown' };
        return this.data(body, clause?.childForFieldName('right') ?? null);
      }
      case 'call':
      case 'call_expression': {
        const callee = calleeText(n);
        const args = argList(n);
        if (this.lang === 'python') {
          if (callee === 'map' && args.length >= 2) return this.data(args[0], args[1]);
          if (/^(list|set|tuple|sorted)$/.test(callee) && args[0]) return this.collection(args[0], depth + 1);
          return { kind: 'unknown' };
        }
        const fn = n.childForFieldName('function');
        if (/\.(map|flatMap)$/.test(callee) && args[0]) {
          const recv = fn?.childForFieldName('object') ?? null;
          return this.data(args[0], recv);
        }
        if (callee === 'Array.from' && args.length >= 2) return this.data(args[1], args[0]);
        if (/\.(filter|concat|slice)$/.test(callee) && fn?.childForFieldName('object')) return this.collection(fn.childForFieldName('object')!, depth + 1);
        return { kind: 'unknown' };
      }
      case 'identifier': {
        const pushed = this.pushedInLoop(n);
        if (pushed) return pushed;
        const v = resolveName(n.text, n, this.lang);
        return v ? this.collection(v, depth + 1) : { kind: 'unknown' };
      }
      case 'binary_operator':
      case 'binary_expression': {
        for (const side of [n.childForFieldName('left'), n.childForFieldName('right')]) {
          if (!side) continue;
          const c = this.collection(side, depth + 1);
          if (c.kind === 'data') return c;
        }
        return { kind: 'unknown' };
      }
      default:
        return { kind: 'unknown' };
    }
  }

  /** `tasks.append(E)` / `promises.push(E)` inside a loop, in the scope where `tasks` is used. */
  pushedInLoop(id: Node): Coll | null {
    let scope: Node | null = id.parent;
    while (
      scope &&
      !['function_definition', 'module', 'function_declaration', 'arrow_function', 'function_expression', 'method_definition', 'program', 'function'].includes(
        scope.type,
      )
    )
      scope = scope.parent;
    if (!scope) return null;
    const methods = this.lang === 'python' ? /^(append|add|extend)$/ : /^(push|unshift)$/;
    for (const d of descendants(scope)) {
      if (d.type !== 'call' && d.type !== 'call_expression') continue;
      const fn = d.childForFieldName('function');
      if (!fn || (fn.type !== 'attribute' && fn.type !== 'member_expression')) continue;
      const obj = fn.childForFieldName('object');
      const prop = fn.childForFieldName(this.lang === 'python' ? 'attribute' : 'property');
      if (obj?.text !== id.text || !prop || !methods.test(prop.text)) continue;
      if (d.startIndex > id.startIndex) continue;
      const arg = argList(d)[0];
      if (!arg) continue;
      const loop = enclosingLoop(d, scope);
      if (!loop) continue;
      if (prop.text === 'extend') return this.collection(arg, 1);
      if (loop.type === 'while_statement') return { kind: 'data', element: arg, iterable: null };
      const iter = loop.childForFieldName('right') ?? loop.childForFieldName('value') ?? null;
      return this.data(arg, iter);
    }
    return null;
  }

  /** For a data-built collection: the model/tool call it fans out to, unless a limiter is on the path. */
  element(el: Node): Reach | null {
    let e = this.lang === 'python' ? unwrapTaskWrapper(el, this.lang) : unwrap(el);
    // A function reference (map(f, xs), items.map(f), to_thread(f, x)) or a callback.
    if (e.type === 'identifier' || e.type === 'attribute' || e.type === 'member_expression') {
      const name = e.text.replace(/^(self|this|cls)\./, '');
      const fn = /^[\w$]+$/.test(name) ? findLocalFunction(e, name, this.lang) : null;
      if (!fn) return null;
      e = fn;
    }
    if (
      [
        'arrow_function',
        'function_expression',
        'function',
        'lambda',
        'function_definition',
        'function_declaration',
        'method_definition',
        'generator_function_declaration',
      ].includes(e.type)
    ) {
      const body = functionBody(e);
      if (!body) return null;
      if (takesLimiter(body, this.lang)) return null;
      return reachesModelOrTool(body, this.lang, this.text, 3, this.extra);
    }
    if (e.type !== 'call' && e.type !== 'call_expression') return null;
    if (argList(e).some((a) => a.type === 'identifier' && LIMITER_NAME.test(a.text))) return null;
    if (takesLimiter(e, this.lang)) return null;
    return reachesModelOrTool(e, this.lang, this.text, 3, this.extra);
  }
}

function enclosingLoop(n: Node, stop: Node): Node | null {
  let cur = n.parent;
  while (cur && cur !== stop) {
    if (['for_statement', 'for_in_statement', 'while_statement', 'for_of_statement'].includes(cur.type)) return cur;
    cur = cur.parent;
  }
  return null;
}

function report(ctx: RuleContext, at: Node, messageId: string, fn: string, reach: Reach, iterable: Node | null): void {
  ctx.report({
    messageId,
    data: {
      fn,
      callee: reach.call.callee,
      kind: reach.call.kind === 'tool' ? 'tool' : reach.call.kind === 'agent' ? 'agent' : 'model',
      iterable: iterable ? shorten(iterable.text) : 'a loop',
    },
    range: ctx.file.rangeOf(at.startIndex, at.endIndex),
    related:
      reach.node.startIndex < at.startIndex || reach.node.startIndex > at.endIndex
        ? [{ path: ctx.file.path, range: ctx.file.rangeOf(reach.node.startIndex, reach.node.endIndex), message: `the ${reach.call.kind} call fanned out` }]
        : undefined,
  });
}

export default defineRule({
  id: ID,
  severity: 'warning',
  description:
    'asyncio.gather / asyncio.wait / TaskGroup loops and Promise.all / allSettled that start one model or tool call per item of a data-built collection with no semaphore, p-limit / p-queue / Bottleneck or bounded pool on the path.',
  fix: 'Bound the fan-out: take an asyncio.Semaphore inside the gathered coroutine, or wrap each JS call in p-limit / p-queue / Bottleneck.',
  summary: 'One model or tool call is started per item of a collection at once, with no concurrency bound.',
  messages: {
    python:
      '{{fn}} starts one {{kind}} call ({{callee}}) per item of `{{iterable}}` with no concurrency bound: a large input fires them all at once, into rate limits and cost.',
    taskGroup:
      '{{fn}} in a loop over `{{iterable}}` starts one {{kind}} call ({{callee}}) per item with no concurrency bound: a large input fires them all at once, into rate limits and cost.',
    js: '{{fn}} starts one {{kind}} call ({{callee}}) per item of `{{iterable}}` at once, with no concurrency bound: a large input fires them all, into rate limits and cost.',
  },
  fixes: {
    python: 'Take an asyncio.Semaphore inside the gathered coroutine (`async with sem:`) or use a bounded worker pool.',
    taskGroup: 'Take an asyncio.Semaphore inside the task (`async with sem:`) or use a bounded worker pool.',
    js: 'Wrap each call in a limiter (p-limit `limit(() => …)`, p-queue `queue.add(…)` or Bottleneck `limiter.schedule(…)`).',
  },
  defaultOptions: { maxFixedFanOut: 10, extraCallPatterns: [] },
  optionsSchema: {
    properties: {
      maxFixedFanOut: { type: 'integer', minimum: 0, description: 'A literal list or range(N) of at most this many items counts as a fixed, bounded fan-out.' },
      extraCallPatterns: {
        type: 'array',
        items: { type: 'string', format: 'regex' },
        description:
          'Regular expressions over callee text (e.g. "^myclient\\\\.ask$") that also count as model/tool calls. Refused when they could backtrack without bound: no repeated group holding a quantifier or an alternative, no backreference, at most 2 unbounded quantifiers, at most 200 characters; callees longer than 256 characters are not tried.',
      },
    },
  },
  cwe: [770],
  securitySeverity: 5.3,
  precision: 'medium',
  appliesTo: (file) => file.isCode && /gather|asyncio\.wait|as_completed|TaskGroup|task_group|nursery|Promise\.(all|allSettled|any|race)/.test(file.text),
  async check(ctx) {
    const opts = ctx.options as unknown as Options;
    const extra = compileExtraPatterns(opts.extraCallPatterns);
    const textLang = ctx.file.language === 'python' ? 'python' : 'js';
    // not parsed: a JS / TS file whose every Promise.all(…) passes a fixed array literal, and a file with no
    // call that may run a model or tool (unless the config adds call patterns, which may match any callee)
    if (textLang === 'js' && !mayReportJsFanOut(ctx.file.text)) return;
    if (extra.length === 0 && !mayCallModelOrTool(ctx.file.text, textLang)) return;
    const parsed = await ctx.tree();
    if (!parsed) return;
    const lang = langOf(parsed.language);
    const a = new Analyzer(lang, ctx.file.text, opts, extra);
    const candidates = lang === 'python' ? nodesOfType(parsed.root, ['call', 'with_statement']) : jsMethodCalls(parsed.root, ctx.file.text, JS_ALL_METHODS);
    for (const n of candidates) {
      if (lang === 'python' && n.type === 'call') {
        const callee = calleeText(n);
        if (PY_GATHER.test(callee) && (callee.startsWith('asyncio.') || /\basyncio\b/.test(ctx.file.text))) {
          const args = argList(n).filter((x) => x.type !== 'keyword_argument');
          let coll: Coll = { kind: 'fixed' };
          if (callee.endsWith('gather')) {
            const splat = args.find((x) => x.type === 'list_splat');
            coll = splat?.namedChildren[0] ? a.collection(splat.namedChildren[0]) : { kind: 'fixed' };
          } else if (args[0]) {
            coll = a.collection(args[0]);
          }
          if (coll.kind !== 'data') continue;
          const reach = a.element(coll.element);
          if (reach) report(ctx, n, 'python', callee, reach, coll.iterable);
        }
      } else if (lang === 'python' && n.type === 'with_statement') {
        checkTaskGroup(ctx, a, n);
      } else if (lang === 'js' && n.type === 'call_expression') {
        const callee = calleeText(n);
        if (!JS_ALL.test(callee)) continue;
        const arg = argList(n)[0];
        if (!arg) continue;
        const coll = a.collection(arg);
        if (coll.kind !== 'data') continue;
        const reach = a.element(coll.element);
        if (reach) report(ctx, n, 'js', callee, reach, coll.iterable);
      }
    }
  },
});

/** `async with asyncio.TaskGroup() as tg:` (or anyio task group / trio nursery) with `tg.create_task(...)` in a loop. */
function checkTaskGroup(ctx: RuleContext, a: Analyzer, w: Node): void {
  for (const item of w.descendantsOfType('with_item')) {
    const v = item?.childForFieldName('value');
    if (v?.type !== 'as_pattern') continue;
    const call = v.namedChildren[0];
    const alias = v.childForFieldName('alias')?.text ?? v.namedChildren[1]?.text;
    if (!call || call.type !== 'call' || !alias || !/(TaskGroup|create_task_group|open_nursery)$/.test(calleeText(call))) continue;
    const body = w.childForFieldName('body');
    if (!body) continue;
    for (const d of descendants(body)) {
      if (d.type !== 'call') continue;
      const callee = calleeText(d);
      if (callee !== `${alias}.create_task` && callee !== `${alias}.start_soon`) continue;
      const loop = enclosingLoop(d, body);
      if (!loop) continue;
      const iter = loop.type === 'while_statement' ? null : loop.childForFieldName('right');
      if (a.iterableBound(iter)) continue;
      const first = argList(d)[0];
      if (!first) continue;
      const reach = a.element(first);
      if (reach) report(ctx, d, 'taskGroup', callee, reach, iter);
    }
  }
}
