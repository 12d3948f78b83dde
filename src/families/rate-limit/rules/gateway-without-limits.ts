import type { Node as YamlNode, YAMLMap } from 'yaml';
import { loadYaml } from '../../../core/lazy-modules.js';
import { defineRule } from '../../../core/define-rule.js';
import type { RuleContext } from '../../../core/types.js';
import { parseCode, type Node } from '../../../parsing/parsers.js';
import { shorten } from '../options.js';
import { calleeText, descendants, importedAs, importsAny, isNoneLike, pyHasDictSplat, pyKwargs } from '../syntax.js';

export const ID = 'rate-limit/gateway-without-limits';

/** Keys that set a proxy-wide limit, per section of a LiteLLM proxy config. */
const GLOBAL_LIMIT_KEY = /^(default_)?max_parallel_requests$|^global_max_parallel_requests$|^(default_)?(rpm|tpm)(_limit)?$/;
const GLOBAL_SECTIONS = ['router_settings', 'litellm_settings', 'general_settings'];
const ENTRY_LIMIT_KEY = /^(rpm|tpm|max_parallel_requests)$/;

interface Opts {
  crewaiMaxRpm: boolean;
}

export default defineRule({
  id: ID,
  severity: 'warning',
  description:
    'LiteLLM proxy configs whose model_list entries have neither rpm nor tpm while no router or proxy-wide limit is set, and (as a note) CrewAI agents with no max_rpm on the agent or its crew.',
  fix: 'Give each model_list entry litellm_params.rpm / tpm, or set a proxy-wide limit (litellm_settings.max_parallel_requests, general_settings.global_max_parallel_requests, router_settings); give CrewAI agents or their Crew max_rpm.',
  summary: 'A LiteLLM proxy model or a CrewAI agent has no requests-per-minute or tokens-per-minute limit.',
  messages: {
    entry:
      'LiteLLM model_list entry `{{model}}` has neither `litellm_params.rpm` nor `litellm_params.tpm`, and the proxy sets no global limit: a runaway agent spends the provider quota unchecked.',
    crewai: 'CrewAI Agent{{role}} has no `max_rpm=` and no Crew in the project sets one: its model calls are not rate limited.',
  },
  fixes: {
    entry:
      "Add `rpm:` / `tpm:` under the entry's litellm_params, or `max_parallel_requests` under litellm_settings (or `global_max_parallel_requests` under general_settings).",
    crewai: 'Add `max_rpm=` to the Agent or its Crew.',
  },
  defaultOptions: { crewaiMaxRpm: true },
  optionsSchema: {
    properties: {
      crewaiMaxRpm: { type: 'boolean', description: 'Report CrewAI Agent(...) calls without max_rpm (as notes).' },
    },
  },
  cwe: [770],
  securitySeverity: 5.3,
  precision: 'high',
  appliesTo: (file) =>
    ((file.language === 'yaml' || file.language === 'json') && file.text.includes('model_list') && file.text.includes('litellm_params')) ||
    (file.language === 'python' && file.text.includes('crewai') && file.text.includes('Agent(')),
  async check(ctx) {
    if (ctx.file.language === 'python') {
      if ((ctx.options as unknown as Opts).crewaiMaxRpm !== false) await checkCrewAi(ctx);
      return;
    }
    checkLiteLlm(ctx, loadYaml());
  },
});

type Yaml = typeof import('yaml');

function hasLimit({ isMap, isScalar }: Yaml, map: unknown, key: RegExp): boolean {
  if (!isMap(map)) return false;
  return map.items.some((p) => isScalar(p.key) && key.test(String(p.key.value)) && !(isScalar(p.value) && (p.value.value === null || p.value.value === '')));
}

function checkLiteLlm(ctx: RuleContext, yaml: Yaml): void {
  const { isMap, isScalar, isSeq, parseDocument } = yaml;
  const doc = parseDocument(ctx.file.text, { keepSourceTokens: false, uniqueKeys: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return;
  const root = doc.contents as YAMLMap;
  const list = root.get('model_list', true);
  if (!isSeq(list)) return;
  const entries = list.items.filter((e): e is YAMLMap => isMap(e) && e.has('litellm_params'));
  if (entries.length === 0) return;
  if (GLOBAL_SECTIONS.some((s) => hasLimit(yaml, root.get(s, true), GLOBAL_LIMIT_KEY))) return;
  for (const e of entries) {
    if (hasLimit(yaml, e, /^(rpm|tpm)$/) || hasLimit(yaml, e.get('litellm_params', true), ENTRY_LIMIT_KEY)) continue;
    const nameNode = e.items.find((p) => isScalar(p.key) && p.key.value === 'model_name');
    const at = (nameNode?.key as YamlNode | undefined) ?? e;
    const end = (nameNode?.value as YamlNode | undefined)?.range?.[1] ?? at.range?.[1] ?? 0;
    const start = at.range?.[0] ?? 0;
    const model = isScalar(nameNode?.value) ? String(nameNode!.value.value) : '(unnamed)';
    ctx.report({ messageId: 'entry', data: { model: shorten(model) }, range: ctx.file.rangeOf(start, end) });
  }
}

async function checkCrewAi(ctx: RuleContext): Promise<void> {
  if (!importsAny(ctx.file.text, ['crewai'])) return;
  const parsed = await ctx.tree();
  if (!parsed) return;
  // A Crew in the same file decides for its agents; agents defined apart from any Crew follow the project's crews.
  const local = crewMaxRpm(parsed.root);
  if (local === null ? await crewSetsMaxRpm(ctx) : local) return;
  const agentNames = importedAs(ctx.file.text, 'crewai', ['Agent']);
  for (const n of descendants(parsed.root)) {
    if (n.type !== 'call' || !agentNames.has(calleeText(n))) continue;
    const kw = pyKwargs(n);
    if (pyHasDictSplat(n) || kw.has('config')) continue; // settings come from elsewhere (agents.yaml)
    const rpm = kw.get('max_rpm');
    if (rpm && !isNoneLike(rpm.value)) continue;
    const role = kw.get('role')?.value;
    ctx.report({
      messageId: 'crewai',
      data: { role: role?.type === 'string' ? ` ${shorten(role.text, 30)}` : '' },
      range: ctx.file.rangeOf(n.startIndex, n.endIndex),
      severity: 'note',
    });
  }
}

/** Does any Python file of the project build a Crew(...) with max_rpm set? */
function crewSetsMaxRpm(ctx: RuleContext): Promise<boolean> {
  return ctx.project.memo(`${ID}:crew-max-rpm`, async () => {
    for (const p of await ctx.project.allPaths()) {
      if (!p.endsWith('.py')) continue;
      const f = await ctx.project.getFile(p);
      if (!f || !f.text.includes('Crew(') || !f.text.includes('max_rpm')) continue;
      const parsed = await parseCode('python', f.text);
      if (!parsed) continue;
      try {
        if (crewMaxRpm(parsed.root)) return true;
      } finally {
        parsed.tree.delete();
      }
    }
    return false;
  });
}

/** null when the tree builds no Crew(...); else whether every Crew(...) it builds sets max_rpm. */
function crewMaxRpm(root: Node): boolean | null {
  let seen = false;
  for (const n of descendants(root)) {
    if (n.type !== 'call' || !/^(crewai\.)?Crew$/.test(calleeText(n))) continue;
    seen = true;
    const v = pyKwargs(n).get('max_rpm');
    if (!v || isNoneLike(v.value)) return false;
  }
  return seen ? true : null;
}
