import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { argumentInjection } from '../../src/families/tool-input/rules/argument-injection.js';
import { codeInjection } from '../../src/families/tool-input/rules/code-injection.js';
import { commandInjection } from '../../src/families/tool-input/rules/command-injection.js';
import { pathTraversal } from '../../src/families/tool-input/rules/path-traversal.js';
import { sqlInjection } from '../../src/families/tool-input/rules/sql-injection.js';
import { ssrf } from '../../src/families/tool-input/rules/ssrf.js';
import { unsafeDeserialization } from '../../src/families/tool-input/rules/unsafe-deserialization.js';

export const SINK_RULES = [pathTraversal, commandInjection, argumentInjection, codeInjection, sqlInjection, ssrf, unsafeDeserialization];

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

