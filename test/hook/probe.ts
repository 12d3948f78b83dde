import { probeRule } from '../helpers/probe.js';

/**
 * Test-only rules. `secret/probe` reports every `TOKEN_<CAPS>` word (as a masked secret), so engine-level
 * tests do not depend on the real secret rules; `tool-payload/probe-cross` reads another file of the
 * repository view (`other.txt`) and reports its first line, to show which version cross-file rules see.
 */
export const probe = probeRule({ id: 'secret/probe', message: 'token {{match}}', appliesTo: 'TOKEN_', pattern: /TOKEN_[A-Z0-9]+/, secret: true });

export const crossProbe = probeRule({
  id: 'tool-payload/probe-cross',
  message: 'other.txt says {{match}}',
  appliesTo: (file) => file.path === 'main.txt',
  async find(ctx) {
    const other = await ctx.project.getFile('other.txt');
    const all = await ctx.project.allPaths();
    return [{ text: `${other?.lineText(1) ?? 'nothing'} (${all.length} paths)`, start: 0, end: 1 }];
  },
});
