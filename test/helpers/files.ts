import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Every file under `dir` with its text, keyed by its path relative to `base` (default `dir`), with `/`
 * separators. Walked in sorted order, so fixture trees load the same way on every machine.
 */
export function readTree(dir: string, base = dir): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const abs = join(d, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else out[relative(base, abs).split('\\').join('/')] = readFileSync(abs, 'utf8');
    }
  };
  walk(dir);
  return out;
}
