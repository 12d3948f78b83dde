import type { Rule } from '../../src/core/types.js';

/**
 * Test-only rules. `secret/probe` reports every `TOKEN_<CAPS>` word (as a masked secret), so engine-level
 * tests do not depend on the real secret rules; `tool-payload/probe-cross` reads another file of the
 * repository view (`other.txt`) and reports its first line, to show which version cross-file rules see.
 */
export const probe: Rule = {
  meta: {
    id: 'secret/probe',
    family: 'secret',
    severity: 'error',
    description: 'test probe for tokens',
    fix: 'remove the token',
    messages: { token: 'token {{token}}' },
  },
  appliesTo: (file) => file.text.includes('TOKEN_'),
  check(ctx) {
    for (const m of ctx.file.text.matchAll(/TOKEN_[A-Z0-9]+/g)) {
      ctx.report({ messageId: 'token', data: { token: m[0] }, secret: m[0], range: ctx.file.rangeOf(m.index!, m.index! + m[0].length) });
    }
  },
};

export const crossProbe: Rule = {
  meta: {
    id: 'tool-payload/probe-cross',
    family: 'tool-payload',
    severity: 'warning',
    description: 'test probe reading another file',
    fix: 'none',
    messages: { saw: 'other.txt says {{first}}' },
  },
  appliesTo: (file) => file.path === 'main.txt',
  async check(ctx) {
    const other = await ctx.project.getFile('other.txt');
    const all = await ctx.project.allPaths();
    ctx.report({ messageId: 'saw', data: { first: `${other?.lineText(1) ?? 'nothing'} (${all.length} paths)` }, range: ctx.file.rangeOf(0, 1) });
  },
};
