import type { Range } from '../../../core/location.js';
import { defineRule, type RuleDefinition } from '../../../core/define-rule.js';
import { mayRegisterTools, toolsOfFile } from '../discovery/discover.js';

/**
 * tool-input/poisoned-description: a tool's description (or other schema text the model reads) that
 * carries instructions aimed at the model — the "tool poisoning" attack: hidden-instruction tags,
 * requests to keep something from the user, to read secrets or other tools' data, or invisible Unicode.
 */
const definition = {
  id: 'tool-input/poisoned-description',
  severity: 'error',
  description:
    'A tool description or docstring carries instructions aimed at the model (hidden-instruction tags, concealment from the user, requests for secrets or files, invisible Unicode).',
  fix: 'Describe only what the tool does and its parameters; remove instructions to the model, hidden tags and invisible characters.',
  messages: {
    poisoned: 'The {{where}} of tool "{{tool}}" carries instructions aimed at the model: {{what}}.',
  },
  cwe: [1427],
  securitySeverity: 7.5,
  precision: 'medium',
} satisfies Omit<RuleDefinition, 'appliesTo' | 'check'>;

export interface PoisonSign {
  kind: 'hidden-tag' | 'conceal' | 'override' | 'sensitive-file' | 'secrets' | 'other-tools' | 'redirect' | 'invisible-unicode';
  text: string;
}

const TAG =
  /<\s*\/?\s*(important|hidden|system|secret|instructions?|admin|override|sudo|system[-_ ]?prompt|note[-_ ]to[-_ ](?:ai|assistant|model|llm))\s*>|<\|\s*(?:im_start|im_end|system|endoftext)\s*\|>|\[\s*\/?(?:system|inst|hidden|important)\s*\]/gi;

const CONCEAL = [
  /\b(?:do\s*n[o']?t|don't|never|must\s+not|should\s+not|shall\s+not)\s+(?:ever\s+)?(?:tell|inform|notify|alert|warn)\s+(?:the\s+)?(?:user|human|operator)s?\b/i,
  /\b(?:do\s*n[o']?t|don't|never|must\s+not|should\s+not)\s+(?:ever\s+)?(?:mention|reveal|disclose|tell|say)\s+(?:that|this|it|anything|these\s+instructions|the\s+(?:instructions?|sidenote|file|tag))\b/i,
  /\bwithout\s+(?:telling|informing|notifying|alerting|asking)\s+(?:the\s+)?(?:user|human|operator)/i,
  /\b(?:hide|conceal)\s+(?:this|it|these|that|the\s+fact)\b[^.\n]{0,30}\bfrom\s+(?:the\s+)?(?:user|human|operator)/i,
  /\bkeep\s+(?:this|it|these\s+instructions)\s+(?:secret|hidden|private)\b/i,
  /\b(?:user|human)\s+(?:must|should|need)\s+not\s+(?:know|see|notice|be\s+told)/i,
];

const OVERRIDE = [
  /\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+)?(?:of\s+)?(?:the\s+|your\s+)?(?:previous|prior|above|earlier|preceding|other|system|original|existing)\s+(?:instructions?|prompts?|rules|directions|guidelines|messages)/i,
  /\bnew\s+system\s+prompt\b/i,
];

/** Files whose contents no tool description has a reason to ask the model for. */
const STRONG_FILE =
  /(~\/\.ssh\b[^\s'"`]*|\.ssh\/[^\s'"`]*|\bid_(?:rsa|dsa|ecdsa|ed25519)\b|~\/\.aws\b[^\s'"`]*|\.aws\/credentials|\/etc\/shadow|\bmcp\.json\b|~\/\.cursor\b[^\s'"`]*|\.git-credentials|\.netrc\b|\.pypirc\b|\.npmrc\b|\.kube\/config|\.docker\/config\.json|\.gnupg\b|\bwallet\.dat\b|\.bash_history)/i;
/** Files a legitimate tool may mention; only a finding when the text also asks to pass the content on. */
const WEAK_FILE = /((?:^|[\s'"`(~/])\.env\b(?:\.[a-z]+)?|\/etc\/passwd)/i;
const IMPERATIVE =
  /\b(?:read|cat|open|include|pass|send|provide|attach|upload|copy|append|output|print|share|extract|access|fetch|retrieve|forward|leak|post|exfiltrate|collect|dump|add|load)\b/i;
const PASS_ON =
  /\b(?:pass|send|include|upload|post|forward|attach|append|copy|sidenote|leak|exfiltrate)\b|\bcontents?\s+of\b|\bas\s+(?:the\s+)?['"`]?\w+['"`]?\s+(?:parameter|argument|field)|\b(?:before|after)\s+(?:using|calling)\b/i;

const SECRETS =
  /\b(?:read|include|pass|send|provide|share|reveal|extract|collect|copy|append|attach|leak|forward|output|print|dump|exfiltrate)\b[^.\n]{0,40}?\b(?:all|any|every|the\s+user'?s|user'?s|their|other|system|environment)\b[^.\n]{0,30}?\b(?:api[\s_-]?keys?|secrets?|credentials?|passwords?|private[\s_-]?keys?|ssh[\s_-]?keys?|access[\s_-]?tokens?|auth(?:entication)?[\s_-]?tokens?|session[\s_-]?(?:tokens?|cookies?)|env(?:ironment)?[\s_-]?var(?:iable)?s)\b/i;

const OTHER_TOOLS = [
  /\b(?:when|if|whenever|while)\s+this\s+tool\s+is\s+(?:available|present|loaded|enabled|installed)\b/i,
  /\b(?:read|include|pass|send|forward|copy|append|extract|leak|collect)\b[^.\n]{0,40}?\b(?:other|another|all\s+other|previous|every)\s+tools?(?:'s|')?\s+(?:outputs?|results?|responses?|data|arguments?|parameters?|inputs?|credentials?|tokens?|descriptions?)\b/i,
];

const REDIRECT =
  /\b(?:must|should|always)\s+(?:also\s+)?(?:send|forward|bcc|cc|redirect|copy|post)\b[^.\n]{0,60}?\b(?:to)\b[^.\n]{0,40}?(?:[\w.+-]+@[\w-]+\.[\w.]+|https?:\/\/\S+)/i;

const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|\uDB40[\uDC00-\uDC7F]/g;

function snippet(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 60 ? `${one.slice(0, 57)}...` : one;
}

/** Every sign of instructions aimed at the model in one text. */
export function poisonSigns(text: string): PoisonSign[] {
  const out: PoisonSign[] = [];
  const tags = new Set<string>();
  for (const m of text.matchAll(TAG)) tags.add(m[0].replace(/\s+/g, '').replace('</', '<').toUpperCase());
  for (const t of tags) out.push({ kind: 'hidden-tag', text: `hidden-instruction tag ${t}` });
  for (const re of CONCEAL) {
    const m = re.exec(text);
    if (m) {
      out.push({ kind: 'conceal', text: `an instruction to keep something from the user ("${snippet(m[0])}")` });
      break;
    }
  }
  for (const re of OVERRIDE) {
    const m = re.exec(text);
    if (m) {
      out.push({ kind: 'override', text: `an instruction to override the model's instructions ("${snippet(m[0])}")` });
      break;
    }
  }
  const files = new Set<string>();
  for (const sentence of text.split(/(?<=[.!?])\s+|\n+/)) {
    if (!IMPERATIVE.test(sentence)) continue;
    const strong = STRONG_FILE.exec(sentence);
    if (strong) files.add(strong[1].trim());
    const weak = WEAK_FILE.exec(sentence);
    if (weak && PASS_ON.test(sentence)) files.add(weak[1].trim().replace(/^[('"`]/, ''));
  }
  if (files.size) out.push({ kind: 'sensitive-file', text: `a request to read ${[...files].join(', ')}` });
  const secrets = SECRETS.exec(text);
  if (secrets) out.push({ kind: 'secrets', text: `a request for secrets ("${snippet(secrets[0])}")` });
  for (const re of OTHER_TOOLS) {
    const m = re.exec(text);
    if (m) {
      out.push({ kind: 'other-tools', text: `an instruction about other tools ("${snippet(m[0])}")` });
      break;
    }
  }
  const redirect = REDIRECT.exec(text);
  if (redirect) out.push({ kind: 'redirect', text: `an instruction to send data elsewhere ("${snippet(redirect[0])}")` });
  const invisible = [...new Set([...text.matchAll(INVISIBLE)].map((m) => m[0].codePointAt(0)!))];
  if (invisible.length) {
    const tagChars = [...text].filter((c) => c.codePointAt(0)! >= 0xe0020 && c.codePointAt(0)! <= 0xe007e);
    const hidden = tagChars.length ? `, hiding the text "${snippet(tagChars.map((c) => String.fromCharCode(c.codePointAt(0)! - 0xe0000)).join(''))}"` : '';
    const listed = invisible.filter((cp) => cp < 0xe0000 || cp > 0xe007f).map((cp) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`);
    const parts = [...new Set(listed)];
    if (tagChars.length || invisible.some((cp) => cp >= 0xe0000)) parts.push('Unicode tag characters');
    out.push({ kind: 'invisible-unicode', text: `invisible or bidirectional Unicode (${parts.join(', ')})${hidden}` });
  }
  return out;
}

export default defineRule({
  ...definition,
  appliesTo: mayRegisterTools,
  async check(ctx) {
    const seen = new Set<string>();
    for (const handler of await toolsOfFile(ctx)) {
      const texts: { text: string; path: string; range: Range; where: string }[] = [];
      if (handler.description) texts.push({ ...handler.description, where: 'description' });
      for (const t of handler.modelTexts ?? []) texts.push({ ...t, where: 'schema text' });
      for (const t of texts) {
        const key = `${t.path}:${t.range.startLine}:${t.range.startColumn}:${t.range.endLine}:${t.range.endColumn}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const signs = poisonSigns(t.text);
        if (!signs.length) continue;
        ctx.report({
          messageId: 'poisoned',
          data: { tool: handler.name, where: t.where, what: signs.map((s) => s.text).join('; ') },
          range: t.range,
          ...(t.path !== ctx.file.path ? { path: t.path } : {}),
          fingerprintHint: `${handler.framework}:${handler.name}:${t.where}:${signs.map((s) => s.kind).join(',')}`,
        });
      }
    }
  },
});
