/**
 * No output format may print a key in full: a key of every provider is generated, scanned, and every
 * reporter's output (pure, before the output redactor) and the CLI's stdout/stderr/report file checked.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scan, type ScanResult } from '../../src/engine/engine.js';
import { maskSecret } from '../../src/core/redact.js';
import { FORMATS, REPORTERS } from '../../src/reporters/index.js';
import { secretRules } from '../../src/families/secret/index.js';
import { generateKeyPairSync } from 'node:crypto';
import {
  ALNUM,
  armor,
  FAKE_KEY_GENERATORS,
  fakeKey,
  fakePrivateKeyPem,
  openSshEd25519Container,
  randomString,
  seededRng,
  type FakeKey,
} from '../../src/families/secret/fake-keys.js';
import { runCli } from '../helpers/cli.js';
import { makeRepo } from '../helpers/repo.js';

/** The full key and the forms an output could carry it in (JSON escapes `/` in some writers, never `+`). */
function fullForms(key: string): string[] {
  return [...new Set([key, JSON.stringify(key).slice(1, -1), key.replace(/\//g, '\\/')])];
}

function expectNoKey(output: string, keys: string[], where: string): void {
  const leaked = keys.filter((k) => fullForms(k).some((form) => output.includes(form)));
  expect({ where, leaked: leaked.map(maskSecret) }).toEqual({ where, leaked: [] });
}

describe('masking in every output', () => {
  const rng = seededRng(777);
  const keys: FakeKey[] = Object.keys(FAKE_KEY_GENERATORS).map((p) => fakeKey(p, rng));
  const pem = fakePrivateKeyPem(rng);
  // Real key pairs of the three common formats: OpenSSH (built from a node Ed25519 key), PKCS#8, PKCS#1.
  const ed = generateKeyPairSync('ed25519');
  const openSsh = armor(
    'OPENSSH',
    openSshEd25519Container(
      Buffer.from(ed.privateKey.export({ format: 'jwk' }).d!, 'base64url'),
      Buffer.from(ed.publicKey.export({ format: 'jwk' }).x!, 'base64url'),
    ),
    70,
  );
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const pkcs8 = String(rsa.export({ type: 'pkcs8', format: 'pem' }));
  const pkcs1 = String(rsa.export({ type: 'pkcs1', format: 'pem' }));
  // A password in a URL secretlint's rules do not read (redis://, a `.` in it): agent-guard's own URL check.
  const urlPassword = `${randomString(rng, ALNUM, 12)}.${randomString(rng, ALNUM, 12)}`;
  const blocks = [pem, openSsh, pkcs8, pkcs1].map((b) => b.trim());
  // Every line of key material too: a reporter must not print a block's body line by line either.
  const bodyLines = blocks.flatMap((b) => b.split('\n').filter((l) => l.length >= 40 && !l.startsWith('-----')));
  const secrets = [...keys.map((k) => k.key), ...blocks, ...bodyLines, urlPassword];
  let repo: { dir: string; cleanup: () => void };
  let result: ScanResult;

  beforeAll(async () => {
    repo = makeRepo({
      '.env': keys.map((k) => `${k.envVar}=${k.key}\n`).join(''),
      'deploy/id_rsa': pem,
      'deploy/id_ed25519': openSsh,
      'deploy/key.pem': pkcs8,
      'deploy/rsa.pem': pkcs1,
      'cache.env': `REDIS_URL=redis://default:${urlPassword}@cache.internal:6379/0\n`,
      // A key inside a path-like message context: the JSON output escapes what it must.
      'agent/settings.json': `${JSON.stringify({ keys: keys.map((k) => ({ [k.envVar!]: k.key })) }, null, 2)}\n`,
    });
    result = await scan({ paths: [repo.dir], rules: secretRules });
  });
  afterAll(() => repo?.cleanup());

  it('finds every generated key (so the checks below test something)', () => {
    for (const k of keys) expect([k.provider, result.findings.some((f) => f.path === '.env' && f.ruleId === k.ruleId)]).toEqual([k.provider, true]);
    for (const path of ['deploy/id_rsa', 'deploy/id_ed25519', 'deploy/key.pem', 'deploy/rsa.pem'])
      expect([path, result.findings.filter((f) => f.path === path).map((f) => f.ruleId)]).toEqual([path, ['secret/private-key']]);
    expect(result.findings.filter((f) => f.path === 'cache.env').map((f) => f.ruleId)).toEqual(['secret/database-connection-string']);
  });

  it('shows each key only masked (first 8 and last 2 characters at most) in messages', () => {
    keys.forEach((k, i) => {
      const finding = result.findings.find((f) => f.path === '.env' && f.range.startLine === i + 1);
      // In a URL with credentials, the password is the secret.
      const reported = k.key.includes('://') ? k.key.slice(k.key.indexOf(':', k.key.indexOf('://') + 3) + 1, k.key.indexOf('@')) : k.key;
      expect([k.provider, finding?.message.includes(maskSecret(reported))]).toEqual([k.provider, true]);
      expect(maskSecret(reported).replace('…', '').length).toBeLessThanOrEqual(10);
    });
  });

  it.each(FORMATS)('the pure %s reporter never prints a key in full', (format) => {
    const out = REPORTERS[format](result);
    expect(out.length).toBeGreaterThan(0);
    expectNoKey(out, secrets, format);
  });

  it.each(FORMATS)('the CLI (--format %s) never prints a key in full on stdout, stderr or --output', async (format) => {
    const run = await runCli(['scan', '.', '--format', format], repo.dir);
    expect(run.code).toBe(1);
    expectNoKey(run.stdout + run.stderr, secrets, `cli ${format}`);
    const toFile = await runCli(['scan', '.', '--format', format, '--output', 'report.out'], repo.dir);
    expectNoKey(toFile.stdout + toFile.stderr + readFileSync(join(repo.dir, 'report.out'), 'utf8'), secrets, `cli ${format} --output`);
  });
});
