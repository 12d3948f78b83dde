/**
 * The shape shared by agent-guard's own LLM-provider key rules: a rule is a provider, the key shapes it
 * issues, and samples proving what is and is not a finding. One factory keeps the matching, decoy
 * filtering and reporting identical across providers; each rule module only describes its provider.
 */
import { maskSecret } from '../core/redact.js';
import type { Rule, RuleContext } from '../core/types.js';
import type { SourceFile } from '../sources/source-file.js';
import { decoyReason } from './decoys.js';
import type { Rng } from './fake-keys.js';
import { secretlintHits } from './secretlint.js';

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
  /** Fixed substrings (case-sensitive) or a regex one of which any file holding such a key contains. */
  prefilter: string[] | RegExp;
  shapes: KeyShape[];
  /** The preset's own secretlint rule for this provider: its hits are reported under this rule too. */
  secretlintRuleId?: string;
  samples: (rng: Rng) => RuleSamples;
}

export type ProviderKeyRule = Rule & { samples: (rng: Rng) => RuleSamples; shapes: KeyShape[] };

/** Not preceded by a key character, except right after a `\n`-style escape inside a string literal. */
const LEFT = String.raw`(?:(?<![A-Za-z0-9_+/\-])|(?<=\\[nrt]))`;
/** Not followed by a key character (so a longer token, a base64 run or a hash is never cut into a key). */
const RIGHT = String.raw`(?![A-Za-z0-9_+/=\-])`;
/** A keyword-anchored key's line must name a credential (or pass the key straight to a client). */
const CREDENTIAL_HINT = /api[_-]?key|apikey|key|token|secret|passw|credential|auth|bearer|client\s*\(/i;
const CONTEXT_LINES = 3;

interface CompiledShape extends KeyShape {
  regex: RegExp;
}

export interface KeyMatch {
  start: number;
  end: number;
  key: string;
  kind: string;
}

function compile(shape: KeyShape): CompiledShape {
  return { ...shape, regex: new RegExp(`${LEFT}(?:${shape.pattern})${RIGHT}`, 'g') };
}

function hasNearbyContext(file: SourceFile, start: number, end: number, near: RegExp): boolean {
  const lines = file.lines;
  const line = lines.positionAt(start).line;
  const lineStart = lines.offsetOfLine(line);
  const lineText = lines.lineText(line);
  if (!CREDENTIAL_HINT.test(lineText.slice(0, start - lineStart)) && !CREDENTIAL_HINT.test(lineText.slice(end - lineStart))) return false;
  const from = lines.offsetOfLine(Math.max(1, line - CONTEXT_LINES));
  const toLine = line + CONTEXT_LINES + 1;
  const to = toLine > lines.lineCount ? file.text.length : lines.offsetOfLine(toLine);
  return near.test(file.text.slice(from, to));
}

/** Every key of these shapes in the file that is not a placeholder or a low-entropy fake. */
export function findKeys(file: SourceFile, shapes: CompiledShape[]): KeyMatch[] {
  const out: KeyMatch[] = [];
  for (const shape of shapes) {
    shape.regex.lastIndex = 0;
    for (let m = shape.regex.exec(file.text); m; m = shape.regex.exec(file.text)) {
      const key = m[0];
      const start = m.index;
      const end = start + key.length;
      const body = m.groups?.body ?? key;
      if (decoyReason(body)) continue;
      if (shape.notHex && /^[0-9a-f]+$/i.test(body)) continue;
      if (shape.near && !hasNearbyContext(file, start, end, shape.near)) continue;
      if (out.some((o) => o.start < end && start < o.end)) continue; // a second shape matching the same key
      out.push({ start, end, key, kind: shape.kind });
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
  const prefilter = spec.prefilter;
  const applies =
    prefilter instanceof RegExp ? (text: string) => prefilter.test(text) : (text: string) => prefilter.some((p) => text.includes(p));
  return {
    meta: {
      id: spec.id,
      family: 'secret',
      severity: 'error',
      description: spec.description,
      fix: `Revoke the ${spec.provider} key in the provider's console, then load it from the environment or a secret store instead of the repository.`,
      messages: { key: `${spec.provider} {{kind}} committed: {{masked}}` },
    },
    samples: spec.samples,
    shapes: spec.shapes,
    appliesTo: (file) => applies(file.text),
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
        ctx.report({
          messageId: 'key',
          data: { kind: f.kind, masked: maskSecret(f.key) },
          range: ctx.file.rangeOf(f.start, f.end),
          secret: f.key,
          properties: { provider: spec.provider, keyKind: f.kind },
        });
      }
    },
  };
}
