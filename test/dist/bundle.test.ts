import { describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sarifErrors } from '../helpers/sarif.js';
import { tempDir } from '../helpers/repo.js';

function listFiles(dir: string, root = dir): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const abs = join(dir, name);
      return statSync(abs).isDirectory() ? listFiles(abs, root) : [relative(root, abs)];
    })
    .sort();
}

describe('the committed dist/ bundle', () => {
  it('is what the build produces from the current sources (rebuild with `npm run build` when this fails)', () => {
    const t = tempDir();
    try {
      execFileSync(process.execPath, ['scripts/build.mjs', '--out', join(t.dir, 'dist')], { stdio: 'pipe' });
      const built = listFiles(join(t.dir, 'dist'));
      expect(listFiles('dist')).toEqual(built);
      for (const file of built) {
        const same = readFileSync(join('dist', file)).equals(readFileSync(join(t.dir, 'dist', file)));
        expect({ file, same }).toEqual({ file, same: true });
      }
    } finally {
      t.cleanup();
    }
  });

  it('runs the demo from a directory with no node_modules: valid SARIF, all four families, exit codes', () => {
    const t = tempDir();
    try {
      for (const part of ['bin', 'dist', 'package.json']) cpSync(part, join(t.dir, part), { recursive: true });
      const bin = join(t.dir, 'bin', 'agent-guard.js');
      const run = spawnSync(process.execPath, [bin, 'demo', '--format', 'sarif', '--fail-on', 'never'], { cwd: t.dir, encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const doc = JSON.parse(run.stdout);
      expect(sarifErrors(doc)).toEqual([]);
      const families = new Set(doc.runs[0].results.map((r: { ruleId: string }) => r.ruleId.split('/')[0]));
      expect([...families].sort()).toEqual(['rate-limit', 'secret', 'tool-input', 'tool-payload']);
      expect(spawnSync(process.execPath, [bin, 'demo'], { cwd: t.dir, encoding: 'utf8' }).status).toBe(1);
    } finally {
      t.cleanup();
    }
  });
});
