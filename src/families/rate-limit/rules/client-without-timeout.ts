import { defineRule } from '../../../core/define-rule.js';
import type { RuleContext } from '../../../core/types.js';
import type { Node } from '../../../parsing/parsers.js';
import { numberOption } from '../options.js';
import { mayReportClientOptions } from '../pre-check.js';
import { argList, calleeText, nodesOfType, isNoneLike, jsObjectProps, langOf, numericValue, pyKwargs, unwrap, type Lang } from '../syntax.js';

export const ID = 'rate-limit/client-without-timeout';

/** OpenAI and Anthropic SDK client classes (Python and TypeScript share the names). */
const CLIENTS = /^(openai\.|anthropic\.)?(Async)?(OpenAI|AzureOpenAI|Anthropic|AnthropicBedrock|AnthropicVertex|AnthropicFoundry)$/;
/**
 * Pre-check: what the rule reads is a call of one of `CLIENTS` (`OpenAI(`, `new Anthropic /* … *\/ (`) or a
 * `with_options` / `withOptions` call, with a timeout or retries option; a file without either is not parsed
 * (most files merely name the SDKs in imports, types and comments).
 */
const CLIENT_CALLED = /\b(?:Async)?(?:OpenAI|AzureOpenAI|Anthropic(?:Bedrock|Vertex|Foundry)?)\s*(?:[(<]|\/[*/])|with_?[oO]ptions/;

interface Opts {
  maxTimeoutSeconds: number;
  flagRetriesDisabled: boolean;
}

export default defineRule({
  id: ID,
  severity: 'warning',
  description:
    'OpenAI / Anthropic SDK clients created (or re-optioned with with_options / withOptions) with the request timeout removed (`timeout=None`, `httpx.Timeout(None)`, `timeout: Infinity`), above a configurable maximum, or with retries disabled (`max_retries=0`).',
  fix: 'Keep a finite request timeout (the SDK default is 10 minutes) and the default retries with backoff.',
  summary: 'An OpenAI / Anthropic SDK client has its request timeout removed or above the maximum, or its retries disabled.',
  messages: {
    noTimeout: '{{client}} is created with `{{param}}` removed ({{value}}): a hung request holds the agent forever.',
    longTimeout: '{{client}} has `{{param}}` = {{value}}, above the maximum of {{max}} s: a hung request holds the agent that long.',
    noRetries: '{{client}} is created with `{{param}}=0`: rate-limit (429) and overload responses fail instead of backing off.',
  },
  fixes: {
    noTimeout: 'Pass a finite `{{param}}` (seconds{{unit}}).',
    longTimeout: 'Lower `{{param}}` to at most {{max}} s.',
    noRetries: 'Keep `{{param}}` at 2 or more (the SDK default retries with backoff).',
  },
  defaultOptions: { maxTimeoutSeconds: 900, flagRetriesDisabled: true },
  optionsSchema: {
    properties: {
      maxTimeoutSeconds: {
        type: 'number',
        minimum: 1,
        description: 'Highest accepted client timeout, in seconds (JS values are milliseconds and are converted).',
      },
      flagRetriesDisabled: { type: 'boolean', description: 'Report max_retries=0 / maxRetries: 0.' },
    },
  },
  cwe: [1088],
  securitySeverity: 4.3,
  precision: 'high',
  appliesTo: (file) => file.isCode && /timeout|max_retries|maxRetries/i.test(file.text) && CLIENT_CALLED.test(file.text),
  async check(ctx) {
    const opts = { maxTimeoutSeconds: numberOption(ctx.options, 'maxTimeoutSeconds', 900), flagRetriesDisabled: ctx.options.flagRetriesDisabled !== false };
    // most files set these options to small literals (tests: `maxRetries: 2`, `timeout: 25`): not parsed
    if (!mayReportClientOptions(ctx.file.text, opts, ctx.file.language === 'python' ? 'python' : 'js')) return;
    const parsed = await ctx.tree();
    if (!parsed) return;
    const lang = langOf(parsed.language);
    const clientVars = new Set<string>();
    for (const n of nodesOfType(parsed.root, ['call', 'call_expression', 'new_expression'])) {
      const isCall = n.type === 'call' || n.type === 'call_expression' || n.type === 'new_expression';
      if (!isCall) continue;
      const callee = calleeText(n);
      if (CLIENTS.test(callee)) {
        const name = bindingName(n);
        if (name) clientVars.add(name);
        checkOptions(ctx, n, lang, callee.replace(/^(openai|anthropic)\./, '') + '(...)', opts);
      } else if (/\.(with_options|withOptions)$/.test(callee)) {
        const recv = callee.slice(0, callee.lastIndexOf('.'));
        if (clientVars.has(recv) || /client|openai|anthropic|claude|llm/i.test(recv))
          checkOptions(ctx, n, lang, `${recv}.${callee.slice(callee.lastIndexOf('.') + 1)}(...)`, opts);
      }
    }
  },
});

function bindingName(call: Node): string | null {
  const p = call.parent?.type === 'await_expression' ? call.parent.parent : call.parent;
  if (p?.type === 'assignment') return p.childForFieldName('left')?.text ?? null;
  if (p?.type === 'variable_declarator') return p.childForFieldName('name')?.text ?? null;
  return null;
}

function checkOptions(ctx: RuleContext, call: Node, lang: Lang, client: string, opts: Opts): void {
  let timeout: { node: Node; value: Node } | undefined;
  let retries: { node: Node; value: Node } | undefined;
  if (lang === 'python') {
    const kw = pyKwargs(call);
    timeout = kw.get('timeout');
    retries = kw.get('max_retries');
  } else {
    const first = argList(call)[0];
    const props = jsObjectProps(first ? unwrap(first) : null);
    timeout = props.get('timeout');
    retries = props.get('maxRetries');
  }
  const param = lang === 'python' ? 'timeout' : 'timeout';
  if (timeout && timeout.value !== timeout.node) {
    const v = unwrap(timeout.value);
    const unit = lang === 'python' ? ' or an httpx.Timeout' : '; milliseconds in the JS SDK';
    if (isNoneLike(v) || (lang === 'python' && /^httpx\.Timeout\(\s*(None|timeout\s*=\s*None)\s*\)$/.test(v.text.replace(/\s+/g, ' ')))) {
      report(ctx, timeout.node, 'noTimeout', { client, param, value: v.text, unit });
    } else {
      const n = numericValue(v);
      if (n === Infinity) report(ctx, timeout.node, 'noTimeout', { client, param, value: v.text, unit });
      else if (n !== null) {
        const seconds = lang === 'python' ? n : n / 1000;
        if (seconds > opts.maxTimeoutSeconds) report(ctx, timeout.node, 'longTimeout', { client, param, value: v.text, max: opts.maxTimeoutSeconds });
      }
    }
  }
  if (opts.flagRetriesDisabled && retries && retries.value !== retries.node) {
    const n = numericValue(retries.value);
    if (n === 0) report(ctx, retries.node, 'noRetries', { client, param: lang === 'python' ? 'max_retries' : 'maxRetries' });
  }
}

function report(ctx: RuleContext, node: Node, messageId: string, data: Record<string, string | number>): void {
  ctx.report({ messageId, data, range: ctx.file.rangeOf(node.startIndex, node.endIndex) });
}
