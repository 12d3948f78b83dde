import { describe, expect, it } from '@jest/globals';
import { scan } from '../../src/engine/engine.js';
import { SINK_RULES } from './shared.js';

/**
 * Manual evaluation on real repositories (not run in CI): REAL_REPO=/path/to/checkout[,/other] prints
 * every tool-input finding with its flow.
 */
const repos = (process.env.REAL_REPO ?? '').split(',').filter(Boolean);

describe('tool-input on real repositories', () => {
  (repos.length ? it : it.skip)('scans', async () => {
    for (const dir of repos) {
      const r = await scan({ paths: [dir], rules: SINK_RULES });
      const lines = r.findings.map((f) => `${f.path}:${f.range.startLine} ${f.ruleId.replace('tool-input/', '')} [${f.message.split(':')[0]}]`);
      console.log(
        `${dir}: ${r.findings.length} findings, ${r.stats.files} files, ${r.stats.durationMs} ms\n${lines.join('\n')}\nerrors: ${JSON.stringify(r.ruleErrors)}`,
      );
    }
    expect(true).toBe(true);
  });
});
