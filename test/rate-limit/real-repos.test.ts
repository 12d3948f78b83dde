import { describe, expect, it } from '@jest/globals';
import { scan } from '../../src/engine/engine.js';
import { rateLimitRules } from '../../src/families/rate-limit/index.js';

/**
 * Manual check over real repositories checked out outside the project (never in CI):
 *   AGENT_GUARD_REAL_REPOS=/tmp/a:/tmp/b NODE_OPTIONS=--experimental-vm-modules npx jest test/rate-limit/real-repos
 * prints every rate-limit finding so a person can confirm each one true or false.
 */
const repos = (process.env.AGENT_GUARD_REAL_REPOS ?? '').split(':').filter(Boolean);

(repos.length ? describe : describe.skip)('rate-limit rules over real repositories', () => {
  it.each(repos.length ? repos : ['none'])(
    '%s',
    async (dir) => {
      const result = await scan({ paths: [dir], rules: rateLimitRules });
      const lines = result.findings.map((f) => `${f.path}:${f.range.startLine} ${f.ruleId} [${f.severity}] ${f.message}`);
      process.stdout.write(
        `\n== ${dir}: ${result.stats.files} files, ${result.findings.length} findings, ${result.ruleErrors.length} rule errors\n${lines.join('\n')}\n${result.ruleErrors.map((e) => `ERR ${e.path}: ${e.reason}`).join('\n')}\n`,
      );
      expect(result.ruleErrors).toEqual([]);
    },
    300_000,
  );
});
