import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../app/io.js';

/**
 * Write the artifact's files into a fresh directory under RUNNER_TEMP: `agent-guard.sarif` and
 * `agent-guard.txt` (the text report, every finding). The upload step of action.yml takes the directory.
 */
export function writeArtifact(env: NodeJS.ProcessEnv, name: string, sarif: string, text: string): { name: string; dir: string } {
  const dir = join(env.RUNNER_TEMP || tmpdir(), 'agent-guard-artifacts', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, 'agent-guard.sarif'), sarif);
  writeFileAtomic(join(dir, 'agent-guard.txt'), text);
  return { name, dir };
}
