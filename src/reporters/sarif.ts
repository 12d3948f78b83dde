import { SEVERITY_RANK, type Finding, type LocationRef, type RelatedLocation, type RuleMeta, type Severity } from '../core/types.js';
import { INFORMATION_URI, TOOL_NAME, VERSION } from '../core/identity.js';
import { derivedLineHash } from '../core/fingerprint.js';
import { plural, type Reporter } from './types.js';
import type { HistoryScanResult } from '../engine/history.js';

/**
 * GitHub code scanning's limits on one SARIF run ("SARIF support for code scanning"): above them the upload
 * is rejected, so the reporter cuts there and says so in a notification.
 */
export const SARIF_LIMITS = {
  /** Results per run. GitHub shows the 5,000 most severe, and rejects a run with more than 25,000. */
  results: 25_000,
  /** Locations (here: related locations) per result; 100 are shown. */
  locations: 1_000,
  /** Thread-flow locations (code-flow steps) per result; 1,000 are shown. */
  threadFlowLocations: 10_000,
  /** Tags per rule; 10 are shown. */
  tags: 20,
} as const;

/** The code scanning category of a run with no category given: the one upload-sarif was given before. */
export const DEFAULT_SARIF_CATEGORY = TOOL_NAME;

/** `runs[].automationDetails.id` for a category: the category and a slash (the run id after it stays empty). */
export function automationId(category: string = DEFAULT_SARIF_CATEGORY): string {
  const c = category.trim() || DEFAULT_SARIF_CATEGORY;
  return c.endsWith('/') ? c : `${c}/`;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', note: 'note' };

/** Root-relative path as a SARIF URI reference: each segment percent-encoded, `/` kept. */
export function toUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function physicalLocation(loc: LocationRef, snippet?: string) {
  const { startLine, startColumn, endLine, endColumn } = loc.range;
  return {
    artifactLocation: { uri: toUri(loc.path), uriBaseId: '%SRCROOT%' },
    region: { startLine, startColumn, endLine, endColumn, ...(snippet !== undefined ? { snippet: { text: snippet } } : {}) },
  };
}

/** The description without its asides in parentheses (lists of APIs, examples), whitespace tidied. */
function withoutAsides(text: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (depth === 0 && c === '(' && /\s/.test(text[i - 1] ?? '')) {
      depth = 1;
      out = out.trimEnd();
    } else if (depth > 0) {
      if (c === '(') depth++;
      else if (c === ')') depth--;
    } else out += c;
  }
  return out
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.;:])(?=\s|$)/g, '$1')
    .trim();
}

const SHORT_MAX = 120;

/**
 * SARIF shortDescription: the rule's summary, or the first sentence of its description without asides,
 * cut at a clause boundary when still longer than 120 characters.
 */
export function shortDescription(meta: Pick<RuleMeta, 'description' | 'summary'>): string {
  if (meta.summary) return meta.summary;
  const plain = withoutAsides(meta.description);
  const sentence = /^(.*?[.!?])(?:\s|$)/.exec(plain)?.[1] ?? plain;
  if (sentence.length <= SHORT_MAX) return sentence;
  const head = sentence.slice(0, SHORT_MAX - 1);
  const cut = Math.max(head.lastIndexOf(': '), head.lastIndexOf('; '), head.lastIndexOf(', '), head.lastIndexOf(' — '));
  if (cut >= 40) return `${head.slice(0, cut)}.`;
  return `${head.slice(0, head.lastIndexOf(' '))}…`;
}

/**
 * agent-guard's own rule text as Markdown: code spans kept, and outside them only what would change the
 * rendering escaped (emphasis in `__import__` or `fs.*`, brackets, angle brackets).
 */
function mdRuleText(s: string): string {
  return s
    .split(/(`[^`\r\n]+`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[\\*_[\]<>]/g, '\\$&')))
    .join('');
}

const LANGUAGE_NAMES = { python: 'Python', javascript: 'JavaScript / TypeScript' } as const;

function fixLines(meta: RuleMeta): { label: string; text: string }[] {
  const variants = Object.entries(meta.languageFixes ?? {}) as [keyof typeof LANGUAGE_NAMES, string][];
  if (variants.length === 0) return [{ label: '', text: meta.fix }];
  return variants.map(([language, text]) => ({ label: LANGUAGE_NAMES[language], text }));
}

/** Rule help for code scanning's alert page: what (and how much it recognises), how to fix (per language when it differs), weakness, suppression, docs. */
function ruleHelp(meta: RuleMeta): { text: string; markdown: string } {
  const fixes = fixLines(meta);
  const cwe = meta.cwe.map((n) => `CWE-${n}`);
  const suppress = `agent-guard-ignore ${meta.id}: <reason>`;
  const list = `${meta.docs}#what-it-finds`;
  const text = [
    meta.description,
    '',
    ...(meta.coverage ? [`${meta.coverage} The list: ${list}`, ''] : []),
    ...fixes.map((f) => `Fix${f.label ? ` (${f.label})` : ''}: ${f.text}`),
    '',
    `Security severity ${meta.securitySeverity.toFixed(1)}, precision ${meta.precision}${cwe.length ? `, ${cwe.join(', ')}` : ''}.`,
    `Suppress a reviewed finding with "${suppress}" in a comment on its line or the line above.`,
    `Documentation: ${meta.docs}`,
  ].join('\n');
  const markdown = [
    mdRuleText(meta.description),
    '',
    ...(meta.coverage ? [`${mdRuleText(meta.coverage)} [The list](${list}).`, ''] : []),
    ...(fixes.length === 1 && !fixes[0].label
      ? [`**Fix:** ${mdRuleText(fixes[0].text)}`]
      : ['**Fix:**', '', ...fixes.map((f) => `- ${f.label}: ${mdRuleText(f.text)}`)]),
    '',
    `Security severity ${meta.securitySeverity.toFixed(1)} · precision ${meta.precision}${meta.cwe.map((n) => ` · [CWE-${n}](https://cwe.mitre.org/data/definitions/${n}.html)`).join('')}`,
    '',
    `Suppress a reviewed finding with \`${suppress}\` in a comment on its line or the line above.`,
    '',
    `[Rule documentation](${meta.docs}): what it finds, why it matters, bad and good examples.`,
  ].join('\n');
  return { text, markdown };
}

function ruleDescriptor(meta: RuleMeta) {
  const short = shortDescription(meta);
  return {
    id: meta.id,
    name: meta.id.split('/')[1].replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: short },
    // The whole description; when the short text already is all of it, the fix completes it.
    fullDescription: { text: short === meta.description ? `${meta.description} ${fixLines(meta)[0].text}` : meta.description },
    helpUri: meta.docs,
    help: ruleHelp(meta),
    defaultConfiguration: { level: LEVEL[meta.severity] },
    // GitHub code scanning treats a result as a security alert, ranked Critical/High/Medium/Low, by security-severity.
    properties: {
      tags: ['security', meta.family, ...meta.cwe.map((n) => `external/cwe/cwe-${n}`)].slice(0, SARIF_LIMITS.tags),
      precision: meta.precision,
      'security-severity': meta.securitySeverity.toFixed(1),
    },
  };
}

function related(list: RelatedLocation[]) {
  return list.map((r, i) => ({ id: i + 1, physicalLocation: physicalLocation(r), message: { text: r.message } }));
}

/** Text of an embedded link (SARIF §3.11.6): brackets and backslashes escaped. */
function linkText(s: string): string {
  return s.replace(/[\\[\]]/g, '\\$&');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The result's message with its related locations as embedded links (`[parameter "path"](1)`), which
 * GitHub turns into links to those locations. A related location whose message quotes a name (`tool
 * parameter "path"`) links the place the result's message names it; any other is linked after the message.
 * Link-like text already in the message (scanned names) is defused, so only our links link.
 */
export function messageWithLinks(message: string, relatedLocations: readonly { message: string }[]): string {
  let text = message.replace(/\]\(/g, '\\](');
  const trailing: string[] = [];
  relatedLocations.forEach((r, i) => {
    const id = i + 1;
    const quoted = /(?<!\w)(\w+) "([^"]+)"/.exec(r.message);
    if (quoted) {
      const [, word, name] = quoted;
      const pattern = `"${escapeRegExp(name)}(?:[.[][^"]*)?"`;
      // Not inside a link made for an earlier related location.
      const m = new RegExp(`(?<![[\\w])${escapeRegExp(word)} ${pattern}`).exec(text) ?? new RegExp(`(?<![[\\w])${pattern}`).exec(text);
      if (m) {
        text = `${text.slice(0, m.index)}[${linkText(m[0])}](${id})${text.slice(m.index + m[0].length)}`;
        return;
      }
    }
    trailing.push(`[${linkText(r.message)}](${id})`);
  });
  return trailing.length ? `${text} (${trailing.join(', ')})` : text;
}

/** The steps of a flow within the limit: the first ones and the last (the sink). */
function capSteps<T>(steps: readonly T[], max: number): T[] {
  return steps.length <= max ? [...steps] : [...steps.slice(0, max - 1), steps[steps.length - 1]];
}

/** At most `max` findings, the most severe kept (report order otherwise), and how many of each severity were left out. */
function capResults(findings: readonly Finding[], max: number): { kept: Finding[]; dropped: Record<Severity, number> } {
  const dropped: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  if (findings.length <= max) return { kept: [...findings], dropped };
  const order = findings.map((f, i) => ({ f, i })).sort((a, b) => SEVERITY_RANK[b.f.severity] - SEVERITY_RANK[a.f.severity] || a.i - b.i);
  const keep = new Set(order.slice(0, max).map((x) => x.i));
  for (const x of order.slice(max)) dropped[x.f.severity]++;
  return { kept: findings.filter((_, i) => keep.has(i)), dropped };
}

function resultOf(f: Finding, ruleIndex: Map<string, number>, cut: { related: number; flow: number }) {
  const relatedLocations = f.related.slice(0, SARIF_LIMITS.locations);
  if (relatedLocations.length < f.related.length) cut.related++;
  const steps = capSteps(f.flow, SARIF_LIMITS.threadFlowLocations);
  if (steps.length < f.flow.length) cut.flow++;
  return {
    ruleId: f.ruleId,
    ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId) } : {}),
    level: LEVEL[f.severity],
    message: { text: messageWithLinks(f.message, relatedLocations) },
    locations: [{ physicalLocation: physicalLocation(f, f.snippet) }],
    ...(relatedLocations.length ? { relatedLocations: related(relatedLocations) } : {}),
    ...(steps.length
      ? {
          codeFlows: [
            {
              threadFlows: [
                {
                  locations: steps.map((step) => ({ location: { physicalLocation: physicalLocation(step), message: { text: step.message } } })),
                },
              ],
            },
          ],
        }
      : {}),
    partialFingerprints: {
      // What code scanning matches alerts by; a finding with no line in the checked-out tree (git history) gets one made from its fingerprint.
      primaryLocationLineHash: f.lineHash ?? derivedLineHash(f.fingerprint),
      'agentGuardFingerprint/v1': f.fingerprint,
    },
    ...(f.properties ? { properties: f.properties } : {}),
  };
}

/**
 * SARIF 2.1.0 for GitHub code scanning: every rule that ran in tool.driver.rules (short and full
 * description, help in Markdown, security-severity, precision, CWE tags), one result per finding (line
 * snippet, related locations linked from the message, code flow, primaryLocationLineHash), the run's
 * category in automationDetails, skipped files and anything cut to GitHub's limits as notifications; a
 * rule that failed on a file is an error notification and makes the invocation unsuccessful.
 */
export const sarifReporter: Reporter = (result, options = {}) => {
  const rules = [...result.rules].sort((a, b) => (a.id < b.id ? -1 : 1));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const notifications: {
    level: 'note' | 'warning' | 'error';
    message: { text: string };
    locations?: unknown[];
    associatedRule?: { id: string; index?: number };
  }[] = [
    // A rule that failed on a file: an error, and the run is not successful (code scanning shows it as a tool error).
    ...result.ruleErrors.map((s) => ({ ...s, text: s.reason, level: 'error' as const })),
    ...result.skipped.map((s) => ({ ...s, text: `skipped: ${s.reason}`, level: 'note' as const })),
  ].map((n) => ({
    level: n.level,
    message: { text: `${n.path}: ${n.text}` },
    locations: [{ physicalLocation: { artifactLocation: { uri: toUri(n.path), uriBaseId: '%SRCROOT%' } } }],
    ...('ruleId' in n && n.ruleId ? { associatedRule: { id: n.ruleId, ...(ruleIndex.has(n.ruleId) ? { index: ruleIndex.get(n.ruleId) } : {}) } } : {}),
  }));
  for (const n of result.notices ?? []) {
    notifications.push({
      level: 'note',
      message: { text: `${n.path}${n.line ? `:${n.line}` : ''}: ${n.message}` },
      locations: [
        { physicalLocation: { artifactLocation: { uri: toUri(n.path), uriBaseId: '%SRCROOT%' }, ...(n.line ? { region: { startLine: n.line } } : {}) } },
      ],
    });
  }
  const { kept, dropped } = capResults(result.findings, SARIF_LIMITS.results);
  const cut = { related: 0, flow: 0 };
  const results = kept.map((f) => resultOf(f, ruleIndex, cut));
  const droppedTotal = dropped.error + dropped.warning + dropped.note;
  if (droppedTotal) {
    const which = (['error', 'warning', 'note'] as const).filter((s) => dropped[s]).map((s) => plural(dropped[s], s));
    notifications.push({
      level: 'warning',
      message: {
        text: `${result.findings.length.toLocaleString('en-US')} findings, ${SARIF_LIMITS.results.toLocaleString('en-US')} results kept: GitHub code scanning rejects a run with more. The ${droppedTotal.toLocaleString('en-US')} least severe (${which.join(', ')}) are left out of this file; the JSON and text reports list every finding.`,
      },
    });
  }
  if (cut.related)
    notifications.push({
      level: 'warning',
      message: {
        text: `${plural(cut.related, 'result')} had more than ${SARIF_LIMITS.locations.toLocaleString('en-US')} related locations (GitHub's limit per result): the first ${SARIF_LIMITS.locations.toLocaleString('en-US')} are kept.`,
      },
    });
  if (cut.flow)
    notifications.push({
      level: 'warning',
      message: {
        text: `${plural(cut.flow, 'result')} had a code flow of more than ${SARIF_LIMITS.threadFlowLocations.toLocaleString('en-US')} steps (GitHub's limit per result): its first steps and its sink are kept.`,
      },
    });
  const doc = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: VERSION,
            semanticVersion: VERSION,
            informationUri: INFORMATION_URI,
            rules: rules.map(ruleDescriptor),
          },
        },
        automationDetails: { id: automationId(options.category) },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The root of the scanned repository.' } } },
        invocations: [{ executionSuccessful: result.ruleErrors.length === 0, toolExecutionNotifications: notifications }],
        ...historyRun(result),
        results,
      },
    ],
  };
  return JSON.stringify(doc, null, 2) + '\n';
};

/**
 * With `scan --history`: `versionControlProvenance` (when the repository has a public remote URL; the
 * schema requires one) and the range's figures in the run's properties. Each history result already
 * carries its commit in `properties` (commit, authorDate, historyPath, blob).
 */
function historyRun(result: Parameters<Reporter>[0]) {
  const history = (result as Partial<HistoryScanResult>).history;
  if (!history) return {};
  const { repositoryUri, revisionId, branch } = history.provenance;
  return {
    ...(repositoryUri
      ? {
          versionControlProvenance: [
            {
              repositoryUri,
              ...(revisionId ? { revisionId } : {}),
              ...(branch ? { branch } : {}),
              mappedTo: { uriBaseId: '%SRCROOT%' },
            },
          ],
        }
      : {}),
    properties: {
      history: {
        range: history.range,
        ...(history.since ? { since: history.since } : {}),
        ...(history.until ? { until: history.until } : {}),
        families: history.families,
        commits: history.commits,
        blobVersions: history.blobVersions,
        uniqueBlobs: history.uniqueBlobs,
        scannedBlobs: history.scannedBlobs,
        skippedBlobs: history.skippedBlobs,
        shallow: history.shallow,
        ...(history.notes.length ? { notes: history.notes } : {}),
      },
    },
  };
}
