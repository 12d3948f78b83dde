import picomatch from 'picomatch';
import type { AgentGuardConfig } from '../core/config.js';
import type { Family } from '../core/types.js';

/**
 * The families that do not analyze test code (the config's `testFiles`): what they report is a property of
 * code a model or a production run reaches, which a test double is not. The secret family scans tests (a
 * key committed in a test is a real key) and tool-payload too (stored payloads mostly are test fixtures).
 */
export const TEST_EXEMPT_FAMILIES: ReadonlySet<Family> = new Set<Family>(['tool-input', 'rate-limit']);

/**
 * Whether a root-relative path is test code the rules of `families` (the active ones) partly leave alone;
 * null when none of them is test-exempt, or the config lists no test files (nothing is left out).
 */
export function testCodeFilter(config: Pick<AgentGuardConfig, 'testFiles'>, families: Iterable<Family>): ((path: string) => boolean) | null {
  if (!config.testFiles.length || ![...families].some((f) => TEST_EXEMPT_FAMILIES.has(f))) return null;
  return testFileMatcher(config);
}

const matchers = new WeakMap<readonly string[], (path: string) => boolean>();

/** Whether a root-relative path is test code by the config's `testFiles` globs (compiled once per list). */
export function testFileMatcher(config: Pick<AgentGuardConfig, 'testFiles'>): (path: string) => boolean {
  const globs = config.testFiles;
  let match = matchers.get(globs);
  if (!match) {
    match = globs.length ? picomatch([...globs], { dot: true }) : () => false;
    matchers.set(globs, match);
  }
  return match;
}
