import { resolve } from 'node:path';
import type { AgentGuardConfig } from '../core/config.js';
import type { Rule } from '../core/types.js';
import { cacheKey, defaultCacheLocation, isInside, ScanCache } from '../engine/cache.js';
import type { RulesRunner } from '../engine/engine.js';
import { verbose, type CliIO } from './io.js';
import type { OptionSpec, ParsedArgs } from './options.js';

/** `scan --cache [--cache-location PATH]`. */
export const CACHE_OPTIONS: OptionSpec = {
  cache: { type: 'boolean' },
  'cache-location': { type: 'string' },
};

export const CACHE_USAGE = `      --cache           reuse the results of files unchanged since the last --cache scan (and whose
                        imported modules are unchanged); the report is the same as without it
      --cache-location PATH
                        the cache file (default: $XDG_CACHE_HOME/agent-guard/ or ~/.cache/agent-guard/,
                        one file per repository; never inside the scanned repository unless given here)`;

/**
 * The scan cache the flags ask for, or undefined. The default location is outside the repository; one
 * inside it (XDG_CACHE_HOME pointing there) is refused with a warning: a scan never writes into the
 * repository unless told to by --cache-location.
 */
/** `--cache` or `--cache-location` was given. */
export function wantsCache(args: ParsedArgs): boolean {
  return Boolean(args.values.cache) || args.values['cache-location'] !== undefined;
}

export function openScanCache(args: ParsedArgs, io: CliIO, root: string, config: AgentGuardConfig, rules: Rule[]): ScanCache | undefined {
  const given = args.values['cache-location'] as string | undefined;
  if (!wantsCache(args)) return undefined;
  const file = given !== undefined ? resolve(io.cwd, given) : defaultCacheLocation(root, io.env);
  if (given === undefined && isInside(file, root)) {
    io.err(
      `agent-guard: warning: the default scan cache ${file} is inside the scanned repository; scanning without a cache (give --cache-location to use it)\n`,
    );
    return undefined;
  }
  const cache = new ScanCache(file, cacheKey(config, rules));
  for (const w of cache.warnings.splice(0)) io.err(`agent-guard: warning: ${w}\n`);
  return cache;
}

/** The runner with the cache in front of it, and after the scan: its warnings, and under --verbose what it reused. */
export function withScanCache(cache: ScanCache | undefined, runner: RulesRunner, io: CliIO): { runner: RulesRunner; report(): void } {
  if (!cache) return { runner, report: () => {} };
  return {
    runner: cache.runner(runner),
    report() {
      for (const w of cache.warnings.splice(0)) io.err(`agent-guard: warning: ${w}\n`);
      const s = cache.stats;
      verbose(io, `scan cache ${cache.file}: ${s.reused} of ${s.files} files reused, ${s.analyzed} analyzed, ${s.stored} kept`);
    },
  };
}
