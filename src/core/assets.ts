import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Files shipped beside the code (wasm grammars, the demo repository). The bundle finds them in dist/
 * next to itself; from source they live at the repository root.
 */
export function assetPath(relative: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const bundled = join(here, relative);
  if (existsSync(bundled)) return bundled;
  // src/core/ -> repository root
  return resolve(here, '..', '..', relative);
}
