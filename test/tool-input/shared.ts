import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sinkRules } from '../../src/families/tool-input/index.js';

export const SINK_RULES = sinkRules;

export const FIXTURES = join(fileURLToPath(new URL('.', import.meta.url)), '../fixtures/tool-input');

/**
 * Fixtures are stored with a `.txt` suffix (so neither tsc nor agent-guard scanning this repository sees
 * deliberately vulnerable code) and loaded under their real names into an in-memory repository.
 */
export function loadFixtures(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const abs = join(d, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else if (name.endsWith('.txt')) out[relative(FIXTURES, abs).replace(/\.txt$/, '')] = readFileSync(abs, 'utf8');
    }
  };
  walk(dir);
  return out;
}
