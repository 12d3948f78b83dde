import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  applyBaseline,
  BASELINE_FILE,
  loadBaseline,
  parseBaseline,
  serializeBaseline,
  baselineFromFindings,
  writeBaseline,
} from '../../src/engine/baseline.js';
import { scan } from '../../src/engine/engine.js';
import { REPORTERS } from '../../src/reporters/index.js';
import { fakeKey, seededRng } from '../../src/families/secret/fake-keys.js';
import { runCli } from '../helpers/cli.js';
import { git, makeRepo, tempDir, writeTree } from '../helpers/repo.js';
import { probe } from './probe.js';

const rng = seededRng(808);
const keyA = fakeKey('anthropic', rng).key;
const keyB = fakeKey('anthropic', rng).key;

describe('baseline file', () => {
  it('is sorted, has no timestamps or line numbers, one entry per line, and survives line shifts byte for byte', async () => {
    const a = makeRepo({ 'z.py': 'k = "TOKEN_Z"\n', 'a.py': 'k = "TOKEN_A"\nj = "TOKEN_A"\n' });
    const b = makeRepo({ 'z.py': '\n\n# moved down\nk = "TOKEN_Z"\n', 'a.py': 'import os\n\nk = "TOKEN_A"\n\n\nj = "TOKEN_A"\n' });
    try {
      const [ra, rb] = [await scan({ paths: [a.dir], rules: [probe] }), await scan({ paths: [b.dir], rules: [probe] })];
      writeBaseline(join(a.dir, BASELINE_FILE), ra.findings);
      writeBaseline(join(b.dir, BASELINE_FILE), rb.findings);
      const textA = readFileSync(join(a.dir, BASELINE_FILE), 'utf8');
      expect(readFileSync(join(b.dir, BASELINE_FILE), 'utf8')).toBe(textA);
      const lines = textA.split('\n');
      expect(lines.slice(0, 4)).toEqual(['{', '  "version": 1,', '  "tool": "agent-guard",', '  "findings": [']);
      const entries = lines.filter((l) => l.startsWith('    {')).map((l) => JSON.parse(l.replace(/,$/, '')));
      expect(entries.map((e) => e.path)).toEqual(['a.py', 'a.py', 'z.py']);
      expect(Object.keys(entries[0])).toEqual(['fingerprint', 'ruleId', 'path', 'message']);
      expect(textA).not.toMatch(/line|time|date|TOKEN_A[^…]/i);
      expect(loadBaseline(join(a.dir, BASELINE_FILE)).entries).toHaveLength(3);
      // no temp files left behind by the atomic write
      expect(readdirSync(a.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      a.cleanup();
      b.cleanup();
    }
  });

  it('round-trips an empty baseline', () => {
    const text = serializeBaseline(baselineFromFindings([]));
    expect(text).toBe('{\n  "version": 1,\n  "tool": "agent-guard",\n  "findings": []\n}\n');
    expect(parseBaseline(text, 'x').entries).toEqual([]);
  });

  it.each([
    ['not JSON', '{"version": 1, "findings": [', /not valid JSON/],
    ['merge conflict', '{\n<<<<<<< HEAD\n  "version": 1,\n=======\n>>>>>>> other\n}\n', /merge-conflict markers/],
    ['wrong version', '{"version": 2, "findings": []}', /key "version": expected 1/],
    ['no findings array', '{"version": 1}', /key "findings": expected an array/],
    ['bad fingerprint', '{"version": 1, "findings": [{"fingerprint": "xyz", "ruleId": "secret/a", "path": "a"}]}', /findings\[0\]\.fingerprint/],
    ['bad rule id', `{"version": 1, "findings": [{"fingerprint": "${'a'.repeat(32)}", "ruleId": "nope", "path": "a"}]}`, /findings\[0\]\.ruleId/],
    ['an array', '[]', /expected a JSON object/],
  ])('rejects a corrupt baseline (%s)', (_, text, why) => {
    expect(() => parseBaseline(text, 'b.json')).toThrow(why);
  });

  it('applyBaseline drops known findings, keeps new ones, and notes stale entries only where it looked', async () => {
    const repo = makeRepo({ 'a.py': 'k = "TOKEN_A"\n', 'b.py': 'k = "TOKEN_B"\n', 'c.py': 'k = "TOKEN_C"\n' });
    try {
      const before = await scan({ paths: [repo.dir], rules: [probe] });
      const baseline = baselineFromFindings(before.findings);
      writeTree(repo.dir, { 'a.py': 'fixed = 1\n', 'd.py': 'k = "TOKEN_D"\n' });
      const after = await scan({ paths: [repo.dir], rules: [probe] });
      const out = applyBaseline(after, baseline);
      expect(out.result.findings.map((f) => f.path)).toEqual(['d.py']);
      expect(out.baselined).toBe(2);
      expect(out.result.suppressed).toBe(2);
      expect(out.stale.map((e) => e.path)).toEqual(['a.py']);
      expect(out.result.notices).toEqual([
        { path: 'a.py', message: expect.stringMatching(/^baseline entry [0-9a-f]{12} \(secret\/probe\) no longer matches a finding/) },
      ]);
      // a partial scan (staged files, changed files) does not call entries of unscanned files stale
      expect(applyBaseline(after, baseline, { scannedPaths: ['d.py'] }).stale).toEqual([]);
      // rules that did not run do not make their entries stale
      expect(applyBaseline({ ...after, rules: [] }, baseline).stale).toEqual([]);
      // the input result is not modified
      expect(after.findings).toHaveLength(3);
    } finally {
      repo.cleanup();
    }
  });
});

describe('agent-guard baseline and scan --baseline', () => {
  it('records findings, then reports only new ones and notes entries that no longer match', async () => {
    const repo = makeRepo({ 'app.py': `KEY = "${keyA}"\n`, 'docs/readme.md': 'hello\n' });
    try {
      const written = await runCli(['baseline'], join(repo.dir, 'docs'));
      expect(written).toMatchObject({ code: 0, stderr: '' });
      expect(written.stdout).toBe(`agent-guard: wrote 1 finding to ../${BASELINE_FILE}\n`);
      const text = readFileSync(join(repo.dir, BASELINE_FILE), 'utf8');
      expect(text).not.toContain(keyA);
      expect(text).toContain('secret/anthropic-api-key');

      const clean = await runCli(['scan', '--baseline', BASELINE_FILE], repo.dir);
      expect(clean.code).toBe(0);
      expect(clean.stdout).toContain('no problems');
      expect(clean.stdout).toContain('1 finding suppressed');

      // the line moves: still baselined
      writeTree(repo.dir, { 'app.py': `import os\n\n\nKEY = "${keyA}"\n`, 'new.py': `OTHER = "${keyB}"\n` });
      const fresh = await runCli(['scan', '--baseline', BASELINE_FILE, '--format', 'json'], repo.dir);
      expect(fresh.code).toBe(1);
      const doc = JSON.parse(fresh.stdout);
      expect(doc.findings.map((f: { path: string }) => f.path)).toEqual(['new.py']);
      expect(fresh.stdout).not.toContain(keyB);

      // the baselined key is removed: its entry is stale, reported as a note (exit code unaffected)
      writeTree(repo.dir, { 'app.py': 'import os\nKEY = os.environ["ANTHROPIC_API_KEY"]\n' });
      const stale = await runCli(['scan', '--baseline', BASELINE_FILE, 'app.py'], repo.dir);
      expect(stale.code).toBe(0);
      expect(stale.stdout).toMatch(/note: 1 notice:\n {2}app\.py {2}baseline entry [0-9a-f]{12} \(secret\/anthropic-api-key\) no longer matches a finding/);

      // regenerating shrinks it
      const again = await runCli(['baseline'], repo.dir);
      expect(again.stdout).toBe(`agent-guard: wrote 1 finding to ${BASELINE_FILE} (1 new, 1 dropped)\n`);
    } finally {
      repo.cleanup();
    }
  });

  it('exits 2 with a one-line reason on a missing or corrupt baseline, never ignoring it', async () => {
    const repo = makeRepo({ 'app.py': `KEY = "${keyA}"\n`, 'broken.json': '{"version": 1, "findings": [' });
    try {
      const missing = await runCli(['scan', '--baseline', 'nope.json'], repo.dir);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/^agent-guard: baseline .*nope\.json not found \(create it with "agent-guard baseline"\)\n$/);
      const corrupt = await runCli(['scan', '--baseline', 'broken.json'], repo.dir);
      expect(corrupt.code).toBe(2);
      expect(corrupt.stderr).toMatch(/^agent-guard: baseline .*broken\.json is corrupt: not valid JSON/);
      expect(corrupt.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(corrupt.stdout).toBe('');
    } finally {
      repo.cleanup();
    }
  });

  it('writes to --output, and replaces a corrupt baseline', async () => {
    const repo = makeRepo({ 'app.py': 'x = 1\n' });
    try {
      writeFileSync(join(repo.dir, 'custom.json'), '<<<<<<< HEAD\n');
      const run = await runCli(['baseline', '--output', 'custom.json'], repo.dir);
      expect(run).toMatchObject({ code: 0, stdout: 'agent-guard: wrote 0 findings to custom.json\n' });
      expect(loadBaseline(join(repo.dir, 'custom.json')).entries).toEqual([]);
    } finally {
      repo.cleanup();
    }
  });

  it('combines with --staged: only staged files count for staleness', async () => {
    const repo = makeRepo({ 'app.py': `KEY = "${keyA}"\n`, 'b.py': 'b = 1\n' });
    try {
      await runCli(['baseline'], repo.dir);
      git(repo.dir, 'add', BASELINE_FILE);
      git(repo.dir, 'commit', '-q', '-m', 'baseline');
      writeTree(repo.dir, { 'b.py': 'b = 2\n' });
      git(repo.dir, 'add', 'b.py');
      const run = await runCli(['scan', '--staged', '--baseline', BASELINE_FILE], repo.dir);
      expect(run.code).toBe(0);
      expect(run.stdout).not.toContain('notice');
      // pre-commit passes file names: a baselined key in a passed file is not reported
      const named = await runCli(['scan', '--staged', '--baseline', BASELINE_FILE, 'app.py'], repo.dir);
      expect(named.code).toBe(0);
      expect(named.stdout).toContain('1 finding suppressed');
    } finally {
      repo.cleanup();
    }
  });

  it('keeps stale notes and reasonless suppressions visible in every report format', async () => {
    const t = tempDir();
    try {
      const result = {
        root: t.dir,
        findings: [],
        skipped: [],
        ruleErrors: [],
        rules: [],
        suppressed: 1,
        stats: { files: 1, bytes: 10, durationMs: 1 },
        notices: [
          { path: 'a.py', line: 3, message: 'agent-guard-ignore secret/x has no reason' },
          { path: 'b.py', message: 'baseline entry 0123456789ab (secret/x) no longer matches a finding' },
        ],
      };
      expect(REPORTERS.text(result)).toContain('note: 2 notices:\n  a.py:3  agent-guard-ignore secret/x has no reason\n  b.py  baseline entry');
      expect(JSON.parse(REPORTERS.json(result)).notices).toEqual(result.notices);
      const sarif = JSON.parse(REPORTERS.sarif(result));
      expect(sarif.runs[0].invocations[0].toolExecutionNotifications).toEqual([
        {
          level: 'note',
          message: { text: 'a.py:3: agent-guard-ignore secret/x has no reason' },
          locations: [{ physicalLocation: { artifactLocation: { uri: 'a.py', uriBaseId: '%SRCROOT%' }, region: { startLine: 3 } } }],
        },
        {
          level: 'note',
          message: { text: 'b.py: baseline entry 0123456789ab (secret/x) no longer matches a finding' },
          locations: [{ physicalLocation: { artifactLocation: { uri: 'b.py', uriBaseId: '%SRCROOT%' } } }],
        },
      ]);
      const closing = '::notice title=agent-guard::no findings in 1 file scanned, 1 suppressed.\n';
      expect(REPORTERS.github(result)).toBe(
        '::notice file=a.py,line=3,title=agent-guard::agent-guard-ignore secret/x has no reason\n::notice file=b.py,title=agent-guard::baseline entry 0123456789ab (secret/x) no longer matches a finding\n' +
          closing,
      );
      // without notices, nothing changes
      const plain = { ...result, notices: undefined };
      expect(JSON.parse(REPORTERS.json(plain))).not.toHaveProperty('notices');
      expect(REPORTERS.github(plain)).toBe(closing);
    } finally {
      t.cleanup();
    }
  });
});
