/**
 * Private keys of every common format, generated at run time (node's crypto, and ssh-keygen when the
 * machine has it), must all be reported by secret/private-key, in every way a file holds them; blocks
 * that only look like keys must not. OpenSSH keys are the default of `ssh-keygen` and carry runs of `A`
 * (encoded zero bytes): the placeholder run filter once dropped every one of them.
 */
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync, type KeyExportOptions, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { secretRules } from '../../src/families/secret/index.js';
import { armor, openSshEd25519Container, seededRng, randomString, ALNUM } from '../../src/families/secret/fake-keys.js';
import { findPrivateKeys, isDerSequence, isOpenSshContainer } from '../../src/families/secret/private-keys.js';
import { maskSecret } from '../../src/core/redact.js';
import { isPkcs12 } from '../../src/sources/read.js';
import { scan } from '../../src/engine/engine.js';
import { REPORTERS } from '../../src/reporters/index.js';
import { makeRepo } from '../helpers/repo.js';
import { runOnFiles } from '../helpers/rules.js';

const MARKER = ['PRIVATE', 'KEY'].join(' ');

/** An Ed25519 key from node's crypto, written as `ssh-keygen -t ed25519 -N ''` writes it. */
function openSshFromNode(): string {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
  const pub = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  return armor('OPENSSH', openSshEd25519Container(seed, pub, 'dev@laptop', 0x1234abcd), 70);
}

function hasSshKeygen(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v ssh-keygen'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Keys written by ssh-keygen itself, when it is installed (the node-built container above is always tested). */
function sshKeygenKeys(): Record<string, string> {
  if (!hasSshKeygen()) return {};
  const dir = mkdtempSync(join(tmpdir(), 'ag-ssh-'));
  try {
    const out: Record<string, string> = {};
    for (const [name, args] of [
      ['id_ed25519', ['-t', 'ed25519', '-N', '']],
      ['id_rsa', ['-t', 'rsa', '-b', '2048', '-N', '']],
      ['id_ecdsa', ['-t', 'ecdsa', '-N', '']],
      ['id_ed25519_protected', ['-t', 'ed25519', '-N', 'correct horse battery']],
    ] as const) {
      const file = join(dir, name);
      execFileSync('ssh-keygen', ['-q', ...args, '-C', 'test', '-f', file], { stdio: 'ignore' });
      out[`ssh-keygen/${name}`] = readFileSync(file, 'utf8');
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function nodeKeys(): Record<string, string> {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const ed = generateKeyPairSync('ed25519').privateKey;
  const pem = (k: KeyObject, options: KeyExportOptions<'pem'>) => String(k.export(options));
  return {
    'keys/rsa-pkcs8.pem': pem(rsa, { type: 'pkcs8', format: 'pem' }),
    'keys/rsa-pkcs1.pem': pem(rsa, { type: 'pkcs1', format: 'pem' }),
    'keys/ec-sec1.pem': pem(ec, { type: 'sec1', format: 'pem' }),
    'keys/ec-pkcs8.pem': pem(ec, { type: 'pkcs8', format: 'pem' }),
    'keys/ed25519-pkcs8.pem': pem(ed, { type: 'pkcs8', format: 'pem' }),
    'keys/rsa-pkcs8-encrypted.pem': pem(rsa, { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw-for-test' }),
    'keys/rsa-pkcs1-encrypted.pem': pem(rsa, { type: 'pkcs1', format: 'pem', cipher: 'aes-128-cbc', passphrase: 'pw-for-test' }),
    'keys/id_ed25519': openSshFromNode(),
  };
}

/** The ways a key block sits in a file besides a key file of its own. */
function embeddings(key: string): Record<string, string> {
  const lines = key.trimEnd().split('\n');
  return {
    'config.json': `${JSON.stringify({ name: 'deploy', private_key: key }, null, 2)}\n`,
    'settings.py': `DEPLOY_KEY = (\n${lines.map((l) => `    "${l}\\n"`).join('\n')}\n)\n`,
    'concat.js': `const key =\n${lines.map((l) => `  '${l}\\n'`).join(' +\n')};\n`,
    'values.yaml': `deploy:\n  sshKey: |\n${lines.map((l) => `    ${l}`).join('\n')}\n`,
    'windows.txt': key.replace(/\n/g, '\r\n'),
    'notes.md': `Key for the staging box:\n\n\`\`\`\n${key}\`\`\`\n`,
  };
}

describe('secret/private-key: generated keys of every format', () => {
  const keys = { ...nodeKeys(), ...sshKeygenKeys() };
  const found = async (files: Record<string, string>) => {
    const result = await runOnFiles(secretRules, files);
    expect(result.ruleErrors).toEqual([]);
    return result;
  };

  it('checks ssh-keygen output when the machine has ssh-keygen (and the node-built OpenSSH key always)', () => {
    expect(Object.keys(keys)).toContain('keys/id_ed25519');
    expect(Object.keys(keys).some((k) => k.startsWith('ssh-keygen/'))).toBe(hasSshKeygen());
  });

  it('builds a valid openssh-key-v1 container from a node Ed25519 key (ssh-keygen reads it back when installed)', () => {
    const text = keys['keys/id_ed25519'];
    const body = Buffer.from(
      text
        .split('\n')
        .filter((l) => l && !l.startsWith('-----'))
        .join(''),
      'base64',
    );
    expect(body.subarray(0, 15).toString('latin1')).toBe('openssh-key-v1\0');
    expect(isOpenSshContainer(body)).toBe(true);
    expect(isOpenSshContainer(body.subarray(0, body.length - 8))).toBe(false);
    if (!hasSshKeygen()) return;
    const dir = mkdtempSync(join(tmpdir(), 'ag-ssh-'));
    try {
      writeFileSync(join(dir, 'id'), text, { mode: 0o600 });
      expect(execFileSync('ssh-keygen', ['-y', '-f', join(dir, 'id')], { encoding: 'utf8' })).toMatch(/^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports every key, once, under secret/private-key, with its kind', async () => {
    const result = await found(keys);
    const got = Object.keys(keys).map((path) => [path, result.findings.filter((f) => f.path === path).map((f) => f.ruleId)]);
    expect(got).toEqual(Object.keys(keys).map((path) => [path, ['secret/private-key']]));
    const kinds = Object.fromEntries(result.findings.map((f) => [f.path, f.message.replace(/ committed.*/, '')]));
    expect(kinds['keys/id_ed25519']).toBe('OpenSSH private key');
    expect(kinds['keys/rsa-pkcs8.pem']).toBe('private key');
    expect(kinds['keys/rsa-pkcs1-encrypted.pem']).toBe('encrypted private key');
    expect(kinds['keys/rsa-pkcs8-encrypted.pem']).toBe('encrypted private key');
    if (keys['ssh-keygen/id_rsa']) expect(kinds['ssh-keygen/id_rsa']).toBe('OpenSSH private key');
  });

  it('covers the whole block and never quotes it', async () => {
    const result = await found(keys);
    for (const [path, text] of Object.entries(keys)) {
      const f = result.findings.find((x) => x.path === path)!;
      expect([path, f.range.startLine, f.range.endLine]).toEqual([path, 1, text.trimEnd().split('\n').length]);
      expect(f.message).toContain(maskSecret(text.trimEnd()));
      for (const line of text.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'))) expect(f.message).not.toContain(line);
    }
  });

  it.each([['keys/id_ed25519'], ['keys/rsa-pkcs8.pem'], ['keys/rsa-pkcs1.pem'], ['keys/ec-sec1.pem']])(
    'finds %s embedded in JSON, string literals, YAML, CRLF files and Markdown',
    async (name) => {
      const files = embeddings(keys[name]);
      const result = await found(files);
      expect(Object.keys(files).map((p) => [p, result.findings.filter((f) => f.path === p).map((f) => f.ruleId)])).toEqual(
        Object.keys(files).map((p) => [p, ['secret/private-key']]),
      );
    },
  );

  it('finds unencrypted keys written as bare base64 DER (no armor), not public keys', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const ed = generateKeyPairSync('ed25519');
    const der = (k: KeyObject, type: 'pkcs8' | 'pkcs1' | 'sec1') => k.export({ type, format: 'der' }).toString('base64');
    const files = {
      'pkcs8.json': `{"privateKey": "${der(rsa.privateKey, 'pkcs8')}"}\n`,
      'pkcs1.env': `SIGNING_KEY=${der(rsa.privateKey, 'pkcs1')}\n`,
      'sec1.yaml': `jwt:\n  key: ${der(ec.privateKey, 'sec1')}\n`,
      'ed25519.py': `KEY = "${der(ed.privateKey, 'pkcs8')}"\n`,
      'public.json': `{"publicKey": "${rsa.publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}"}\n`,
      'random.txt': `blob = "MII${randomString(seededRng(8), ALNUM, 1600)}"\n`,
    };
    const result = await runOnFiles(secretRules, files);
    expect(result.findings.map((f) => `${f.path} ${f.ruleId} ${f.message.replace(/ committed.*/, '')}`).sort()).toEqual([
      'ed25519.py secret/private-key private key (base64 DER)',
      'pkcs1.env secret/private-key private key (base64 DER)',
      'pkcs8.json secret/private-key private key (base64 DER)',
      'sec1.yaml secret/private-key private key (base64 DER)',
    ]);
  });

  it('leaves a key inside a GCP service account file to secret/gcp-service-account-key (one finding)', async () => {
    const key = keys['keys/rsa-pkcs8.pem'];
    const text = JSON.stringify(
      { type: 'service_account', project_id: 'demo', private_key_id: randomString(seededRng(3), ALNUM, 40), private_key: key },
      null,
      2,
    );
    const result = await found({ 'sa.json': text });
    expect(result.findings.map((f) => f.ruleId)).toEqual(['secret/gcp-service-account-key']);
  });
});

describe('secret/private-key: blocks that are not keys', () => {
  const block = (label: string, body: string) =>
    `-----BEGIN ${label ? `${label} ` : ''}${MARKER}-----\n${body}\n-----END ${label ? `${label} ` : ''}${MARKER}-----\n`;
  const real = String(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const realLines = real.trimEnd().split('\n');
  const rng = seededRng(41);

  it.each([
    ['elided body', block('RSA', 'MIIEowIBAAKCAQEA...\n...')],
    ['filler', block('OPENSSH', 'A'.repeat(64).concat('\n').repeat(6).trimEnd())],
    ['x placeholder', block('', 'x'.repeat(64).concat('\n').repeat(10).trimEnd())],
    ['template', block('RSA', '<your private key here>')],
    ['env reference', block('', '${SSH_PRIVATE_KEY}')],
    ['random base64 (no DER structure)', block('RSA', Array.from({ length: 20 }, () => randomString(rng, ALNUM, 64)).join('\n'))],
    ['truncated key (last line cut)', [...realLines.slice(0, -2), realLines[realLines.length - 1]].join('\n') + '\n'],
    ['OpenSSH armor around DER', real.replace(/-----(BEGIN|END) PRIVATE KEY-----/g, `-----$1 OPENSSH ${MARKER}-----`)],
    ['header without an end', `Paste the line \`-----BEGIN OPENSSH ${MARKER}-----\` and the rest of the file.\n`],
    ['public key', String(generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }))],
  ])('stays silent on %s', async (_name, text) => {
    const result = await runOnFiles(secretRules, { 'doc.md': text });
    expect(result.findings.map((f) => f.ruleId)).toEqual([]);
  });

  it('reads OpenPGP armor: a secret-key packet is a key, a public-key packet is not', async () => {
    const packet = (tag: number) => {
      const body = Buffer.concat([Buffer.from([4, 0x65, 0x43, 0x21, 0x10, 22]), Buffer.from(randomString(rng, ALNUM, 120))]);
      return Buffer.concat([Buffer.from([0xc0 | tag, body.length]), body]).toString('base64');
    };
    const pgp = (kind: string, b64: string) =>
      `-----BEGIN PGP ${kind} KEY BLOCK-----\nComment: test key\n\n${b64.match(/.{1,64}/g)!.join('\n')}\n=AbCd\n-----END PGP ${kind} KEY BLOCK-----\n`;
    const result = await runOnFiles(secretRules, { 'secret.asc': pgp('PRIVATE', packet(5)), 'public.asc': pgp('PRIVATE', packet(6)) });
    expect(result.findings.map((f) => `${f.path} ${f.ruleId} ${f.message.replace(/ committed.*/, '')}`)).toEqual([
      'secret.asc secret/private-key PGP private key',
    ]);
  });

  it('reads DER lengths exactly', () => {
    const der = createPrivateKey(real).export({ type: 'pkcs8', format: 'der' });
    expect(isDerSequence(der)).toBe(true);
    expect(isDerSequence(der.subarray(0, der.length - 1))).toBe(false);
    expect(isDerSequence(Buffer.concat([der, Buffer.from([0])]))).toBe(false);
  });

  it('stays linear on many unterminated headers', () => {
    const text = `-----BEGIN ${MARKER}-----\n${'MIIB'.repeat(10)}\n`.repeat(20_000);
    expect(findPrivateKeys(text)).toEqual([]);
  });
});

describe('secret/private-key: binary PKCS#12 key stores (.p12, .pfx)', () => {
  /** A DER element: tag, definite length, content. */
  const tlv = (tag: number, content: Buffer) => {
    const n = content.length;
    const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
    return Buffer.concat([Buffer.from([tag, ...length]), content]);
  };
  /** The outer structure of a PKCS#12 store (RFC 7292 PFX: version 3, authSafe as pkcs7-data, macData) around random bytes. */
  const fakePkcs12 = (rng: () => number) => {
    const random = Buffer.from(Array.from({ length: 900 }, () => Math.floor(rng() * 256)));
    const data = Buffer.from('2a864886f70d010701', 'hex');
    const authSafe = tlv(0x30, Buffer.concat([tlv(0x06, data), tlv(0xa0, tlv(0x04, random))]));
    const mac = tlv(
      0x30,
      Buffer.concat([tlv(0x30, Buffer.from(random.subarray(0, 30))), tlv(0x04, random.subarray(30, 38)), tlv(0x02, Buffer.from([0x08, 0x00]))]),
    );
    return tlv(0x30, Buffer.concat([tlv(0x02, Buffer.from([3])), authSafe, mac]));
  };

  it('reports a key store instead of skipping it as binary, masked; other binaries stay skipped', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const store = fakePkcs12(seededRng(12));
    expect(isPkcs12(store)).toBe(true);
    const tree: Record<string, Buffer> = {
      'keys/service-account.p12': store,
      'keys/key.der': rsa.export({ type: 'pkcs8', format: 'der' }),
      'assets/blob.bin': Buffer.concat([store.subarray(0, 4), Buffer.alloc(64)]),
    };
    let openssl = true;
    const dir = mkdtempSync(join(tmpdir(), 'ag-p12-'));
    try {
      writeFileSync(join(dir, 'key.pem'), String(rsa.export({ type: 'pkcs8', format: 'pem' })));
      execFileSync('openssl', ['pkcs12', '-export', '-nocerts', '-inkey', join(dir, 'key.pem'), '-passout', 'pass:notasecret', '-out', join(dir, 'k.p12')], {
        stdio: 'ignore',
      });
      tree['keys/openssl.pfx'] = readFileSync(join(dir, 'k.p12'));
    } catch {
      openssl = false; // the hand-built store above is always tested
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const repo = makeRepo(tree);
    try {
      const result = await scan({ paths: [repo.dir], rules: secretRules });
      expect(result.ruleErrors).toEqual([]);
      const expected = ['keys/service-account.p12 secret/private-key PKCS#12 key store (.p12 / .pfx)'];
      if (openssl) expected.unshift('keys/openssl.pfx secret/private-key PKCS#12 key store (.p12 / .pfx)');
      expect(result.findings.map((f) => `${f.path} ${f.ruleId} ${f.message.replace(/ committed.*/, '')}`).sort()).toEqual(expected.sort());
      expect(result.skipped.map((s) => `${s.path}: ${s.reason}`).sort()).toEqual(['assets/blob.bin: binary file', 'keys/key.der: binary file']);
      const text = REPORTERS.json(result);
      expect(text).not.toContain(store.toString('base64').slice(0, 64));
    } finally {
      repo.cleanup();
    }
  });
});
