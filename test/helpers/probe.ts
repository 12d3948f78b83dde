import { defineRule } from '../../src/core/define-rule.js';
import type { Family, Rule, RuleContext, Severity } from '../../src/core/types.js';
import type { SourceFile } from '../../src/core/source-file.js';

/** One thing a probe reports: the text (`{{match}}` in its message) and its character offsets in the file. */
export interface ProbeMatch {
  text: string;
  start: number;
  end: number;
}

export interface ProbeOptions {
  /** `family/name`; the family is taken from the prefix. */
  id: string;
  /** Message template; `{{match}}` is replaced with the matched text. */
  message: string;
  /** Files the probe runs on: those whose text contains this substring, or those the predicate accepts. */
  appliesTo: string | ((file: SourceFile) => boolean);
  /** What is reported: every match of this regular expression (made global) in the file text... */
  pattern?: RegExp;
  /** ...or whatever this finder returns (parse trees, other files of the repository view). */
  find?: (ctx: RuleContext) => ProbeMatch[] | Promise<ProbeMatch[]>;
  /** The matched text is a secret: the core masks it and fingerprints it by its hash. */
  secret?: boolean;
  /** Default: `error` for the secret family, else `warning`. */
  severity?: Severity;
  description?: string;
  fix?: string;
}

/**
 * A test-only rule, so engine-level tests do not depend on the real rules: it reports each match of
 * `pattern` (or each result of `find`) with `message`, as a secret when `secret` is set.
 */
export function probeRule(o: ProbeOptions): Rule {
  const family = o.id.split('/')[0] as Family;
  const pattern = o.pattern && new RegExp(o.pattern.source, o.pattern.flags.includes('g') ? o.pattern.flags : `${o.pattern.flags}g`);
  const find =
    o.find ??
    ((ctx: RuleContext): ProbeMatch[] => {
      if (!pattern) throw new Error(`probe ${o.id}: give a pattern or a find function`);
      return [...ctx.file.text.matchAll(pattern)].map((m) => ({ text: m[0], start: m.index!, end: m.index! + m[0].length }));
    });
  const applies = o.appliesTo;
  return defineRule({
    id: o.id,
    severity: o.severity ?? (family === 'secret' ? 'error' : 'warning'),
    description: o.description ?? 'test probe',
    fix: o.fix ?? 'none',
    messages: { found: o.message },
    cwe: [],
    securitySeverity: 5,
    precision: 'high',
    appliesTo: typeof applies === 'string' ? (file) => file.text.includes(applies) : applies,
    async check(ctx) {
      for (const m of await find(ctx)) {
        ctx.report({ messageId: 'found', data: { match: m.text }, ...(o.secret ? { secret: m.text } : {}), range: ctx.file.rangeOf(m.start, m.end) });
      }
    },
  });
}
