/**
 * The shape shared by agent-guard's own LLM-provider key rules: a rule is a provider, the key shapes it
 * issues, and samples proving what is and is not a finding. One factory keeps the matching, decoy
 * filtering and reporting identical across providers; each rule module only describes its provider.
 */
import { maskSecret } from '../../core/redact.js';
import type { Rule, RuleContext } from '../../core/types.js';
import type { SourceFile } from '../../core/source-file.js';
import { decoyReason, looksLikeIdentifier } from './decoys.js';
import type { Rng } from './fake-keys.js';
import { SECRET_RULE_BASICS } from './rule-meta.js';
import { defineRule } from '../../core/define-rule.js';
import { sha256 } from '../../core/fingerprint.js';
import { secretlintHits } from './secretlint.js';
import { sharedPrefilter, type Prefilter } from './prefilter.js';

export interface KeyShape {
  /** What kind of key this shape is ("project key", "admin key"), shown in the message. */
  kind: string;
  /**
   * Regex source of the key. The named group `body` is its random part (what the entropy and placeholder
   * checks look at); the rest is fixed format. Token boundaries are added around it.
   */
  pattern: string;
  /**
   * Keyword-anchored shapes (keys with no prefix of their own): the provider's name, env var or endpoint
   * must appear within a few lines, and the key's own line must read like a credential assignment.
   */
  near?: RegExp;
  /** The key is base62: a candidate made of hex digits only is a hash or a digest, not this key. */
  notHex?: boolean;
}

export interface RuleSamples {
  /** File texts each holding one key this rule must report. */
  findings: string[];
  /** File texts this rule must stay silent on (placeholders, decoys, other providers' keys). */
  clean: string[];
}

export interface ProviderKeySpec {
  id: string;
  provider: string;
  description: string;
  /**
   * What any file holding such a key contains: fixed substrings (case-sensitive) and regexes, one of which
   * must be present. Keep each regex a single word (`/cohere/i`): the words of every rule are searched for
   * in one pass (prefilter.ts), a regex that is more than a word is searched for on its own in every file.
   */
  prefilter: Prefilter;
  shapes: KeyShape[];
  /** The preset's own secretlint rule for this provider: its hits are reported under this rule too. */
  secretlintRuleId?: string;
  /** sha256 (hex) of keys published as documentation examples (SDK samples): found, then not reported. */
  knownPublicSha256?: ReadonlySet<string>;
  samples: (rng: Rng) => RuleSamples;
}

export type ProviderKeyRule = Rule & { samples: (rng: Rng) => RuleSamples; shapes: KeyShape[] };

/** Not preceded by a key character, except right after a `\n`-style escape inside a string literal. */
const LEFT = String.raw`(?:(?<![A-Za-z0-9_+/\-])|(?<=\\[nrt]))`;
/** Not followed by a key character (so a longer token, a base64 run or a hash is never cut into a key). */
const RIGHT = String.raw`(?![A-Za-z0-9_+/=\-])`;
/**
 * A keyword-anchored key must be assigned to (or passed as) something named like a credential: the last
 * name before it on its line (`AZURE_OPENAI_KEY=`, `api_key="`, `"apiKey": "`, `os.environ["X_API_KEY"] = "`,
 * `Authorization: Bearer `) says so. Only that name counts, not any word of the line: a digest after
 * `sha256:` or an id after `"doc_uuids": ["` in a long JSON line that mentions a token elsewhere is no key.
 */
const CREDENTIAL_HINT = /api[_-]?key|apikey|key|token|secret|passw|credential|auth|bearer|client\w*\s*\(/i;
/**
 * The last name before the value, an optional type annotation (`api_key: str = `) or Go declared type
 * (`var deepseekToken string = `, `const apiKey string = `), the punctuation between.
 */
const NAME_BEFORE_VALUE = /[A-Za-z_][\w.-]*(?:\s*:\s*[A-Za-z_][\w.[\]| ,]{0,40}?|\s+(?:string|\[\]byte))?[^\w\n]{0,12}$/;
/** An XML element opened at the end of the line before a value written on its own line (`<apiKey>`, `<add key="x">`). */
const XML_OPEN_TAG = /<([A-Za-z_][\w.:-]*)(?:\s[^<>\n]{0,200})?>\s*$/;
/** Or a comment right after the value says what it is (`"…"  # Cohere API key`). */
const COMMENT_AFTER_VALUE = /^["'`]?[\s,;)]*(?:#|\/\/|--)[^\n]{0,80}?(?:api[\s_-]?key|token|secret|credential)/i;
const CONTEXT_LINES = 3;
/** The provider's name must also be within this many characters (lines of minified JSON run long). */
const CONTEXT_CHARS = 1000;

interface CompiledShape extends KeyShape {
  /** The shape anchored where it is tried (`lastIndex`), with token boundaries. */
  sticky: RegExp;
  /** The same, global: for scanning the windows of a keyword-anchored shape. */
  global: RegExp;
  /** Text every match starts with (`sk-proj-`, `AIza`), '' when the shape has no fixed start. */
  literal: string;
  /** `near`, global: finds the windows a keyword-anchored shape is tried in. */
  nearAll?: RegExp;
}

export interface KeyMatch {
  start: number;
  end: number;
  key: string;
  kind: string;
}

/** The fixed text a pattern starts with, up to its first regex syntax (a quantified last char dropped). */
export function literalPrefix(pattern: string): string {
  if (pattern.includes('|')) return '';
  const at = pattern.search(/[\\()[\]{}|?*+.^$]/);
  const lit = at < 0 ? pattern : pattern.slice(0, at);
  return at >= 0 && '?*{'.includes(pattern[at]) ? lit.slice(0, -1) : lit;
}

function compile(shape: KeyShape): CompiledShape {
  const source = `${LEFT}(?:${shape.pattern})${RIGHT}`;
  return {
    ...shape,
    sticky: new RegExp(source, 'y'),
    global: new RegExp(source, 'g'),
    literal: literalPrefix(shape.pattern),
    ...(shape.near ? { nearAll: new RegExp(shape.near.source, shape.near.flags.replace('g', '') + 'g') } : {}),
  };
}

function namedLikeCredential(file: SourceFile, lineStart: number, start: number, end: number): boolean {
  const before = file.text.slice(Math.max(lineStart, start - 160), start);
  const name = NAME_BEFORE_VALUE.exec(before);
  if (name && CREDENTIAL_HINT.test(name[0])) return true;
  // A value alone on its line, in an XML element opened on the line before: the element names it.
  if (lineStart > 0 && /^\s*$/.test(before)) {
    const tag = XML_OPEN_TAG.exec(file.text.slice(Math.max(0, lineStart - 240), lineStart - 1));
    // The element's name, or an attribute value naming the setting (`<add key="OpenAIApiKey">`), not attribute names.
    if (tag && [tag[1], ...(tag[0].match(/"[^"]*"|'[^']*'/g) ?? [])].some((n) => CREDENTIAL_HINT.test(n))) return true;
  }
  return COMMENT_AFTER_VALUE.test(file.text.slice(end, end + 120));
}

function hasNearbyContext(file: SourceFile, start: number, end: number, near: RegExp): boolean {
  const lines = file.lines;
  const line = lines.positionAt(start).line;
  if (!namedLikeCredential(file, lines.offsetOfLine(line), start, end)) return false;
  const from = Math.max(lines.offsetOfLine(Math.max(1, line - CONTEXT_LINES)), start - CONTEXT_CHARS);
  const toLine = line + CONTEXT_LINES + 1;
  const to = Math.min(toLine > lines.lineCount ? file.text.length : lines.offsetOfLine(toLine), start + CONTEXT_CHARS);
  return near.test(file.text.slice(from, to));
}

/**
 * Stretches of the file a keyword-anchored shape can match in: the lines within CONTEXT_LINES of a
 * mention of the provider, merged. Scanning only these keeps a generic shape (`[A-Za-z0-9]{40}`) off the
 * rest of a large file that names the provider once.
 */
function nearWindows(file: SourceFile, nearAll: RegExp): [number, number][] {
  const lines = file.lines;
  const out: [number, number][] = [];
  nearAll.lastIndex = 0;
  for (let m = nearAll.exec(file.text); m; m = nearAll.exec(file.text)) {
    if (m[0].length === 0) nearAll.lastIndex++;
    const line = lines.positionAt(m.index).line;
    const from = lines.offsetOfLine(Math.max(1, line - CONTEXT_LINES));
    const toLine = line + CONTEXT_LINES + 1;
    const to = toLine > lines.lineCount ? file.text.length : lines.offsetOfLine(toLine);
    const last = out[out.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
    // Further mentions on the same line give the same window.
    if (line >= lines.lineCount) break;
    nearAll.lastIndex = Math.max(nearAll.lastIndex, lines.offsetOfLine(line + 1));
  }
  return out;
}

/** Every key of these shapes in the file that is not a placeholder or a low-entropy fake. */
export function findKeys(file: SourceFile, shapes: CompiledShape[]): KeyMatch[] {
  const out: KeyMatch[] = [];
  const text = file.text;
  const consider = (shape: CompiledShape, m: RegExpExecArray, start: number) => {
    const key = m[0];
    const end = start + key.length;
    const body = m.groups?.body ?? key;
    if (decoyReason(body)) return;
    if (shape.notHex && /^[0-9a-f]+$/i.test(body)) return;
    if (shape.near && (looksLikeIdentifier(body) || !hasNearbyContext(file, start, end, shape.near))) return;
    if (out.some((o) => o.start < end && start < o.end)) return; // a second shape matching the same key
    out.push({ start, end, key, kind: shape.kind });
  };
  for (const shape of shapes) {
    if (shape.literal) {
      // Jump from one occurrence of the fixed start to the next; try the shape only there.
      const re = shape.sticky;
      for (let at = text.indexOf(shape.literal); at >= 0; at = text.indexOf(shape.literal, at + 1)) {
        re.lastIndex = at;
        const m = re.exec(text);
        if (m) consider(shape, m, at);
      }
    } else if (shape.nearAll) {
      const re = shape.global;
      for (const [from, to] of nearWindows(file, shape.nearAll)) {
        // Windows start and end at line breaks, so the token boundaries read the same in the slice.
        const part = text.slice(from, to);
        re.lastIndex = 0;
        for (let m = re.exec(part); m; m = re.exec(part)) consider(shape, m, from + m.index);
      }
    } else {
      const re = shape.global;
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) consider(shape, m, m.index);
    }
  }
  return out;
}

/** The random part of a key found by secretlint, for the decoy check: its lowercase prefix segments dropped. */
function bodyOf(secret: string): string {
  return secret.replace(/^(?:[a-z]+[0-9]*[-_])+/, '');
}

export function providerKeyRule(spec: ProviderKeySpec): ProviderKeyRule {
  const shapes = spec.shapes.map(compile);
  const applies = sharedPrefilter(spec.prefilter);
  return defineRule({
    ...SECRET_RULE_BASICS,
    id: spec.id,
    description: spec.description,
    fix: `Revoke the ${spec.provider} key in the provider's console, then load it from the environment or a secret store instead of the repository.`,
    messages: { key: `${spec.provider} {{kind}} committed: {{masked}}` },
    samples: spec.samples,
    shapes: spec.shapes,
    appliesTo: applies,
    async check(ctx: RuleContext) {
      const found = findKeys(ctx.file, shapes);
      if (spec.secretlintRuleId) {
        for (const hit of await secretlintHits(ctx)) {
          if (hit.ruleId !== spec.secretlintRuleId) continue;
          if (found.some((f) => f.start < hit.end && hit.start < f.end)) continue;
          if (decoyReason(bodyOf(hit.secret))) continue;
          found.push({ start: hit.start, end: hit.end, key: hit.secret, kind: 'key' });
        }
      }
      for (const f of found) {
        if (spec.knownPublicSha256?.has(sha256(f.key))) continue;
        ctx.report({
          messageId: 'key',
          data: { kind: f.kind, masked: maskSecret(f.key) },
          range: ctx.file.rangeOf(f.start, f.end),
          secret: f.key,
          properties: { provider: spec.provider, keyKind: f.kind },
        });
      }
    },
  });
}
