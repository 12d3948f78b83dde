/**
 * Private keys generated at run time for the benchmark: PKCS#1 (`RSA PRIVATE KEY`), SEC1
 * (`EC PRIVATE KEY`), PKCS#8 (`PRIVATE KEY`) from node's crypto, and OpenSSH (`OPENSSH PRIVATE KEY`, the
 * default `ssh-keygen` format): an openssh-key-v1 container built here around a node-generated ed25519
 * key, plus ssh-keygen's own rsa/ecdsa/ed25519 keys when ssh-keygen is installed.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface GeneratedKey {
  kind: string;
  pem: string;
}

function sshString(b: Buffer | string): Buffer {
  const data = typeof b === 'string' ? Buffer.from(b) : b;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  return Buffer.concat([len, data]);
}

/** An unencrypted openssh-key-v1 file holding one ed25519 key (the layout of OpenSSH's PROTOCOL.key). */
export function opensshEd25519(comment = 'bench@agent-guard'): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  const seed = Buffer.from(jwk.d!, 'base64url');
  const pub = Buffer.from(jwk.x!, 'base64url');
  const publicBlob = Buffer.concat([sshString('ssh-ed25519'), sshString(pub)]);
  const check = randomBytes(4);
  let priv = Buffer.concat([check, check, sshString('ssh-ed25519'), sshString(pub), sshString(Buffer.concat([seed, pub])), sshString(comment)]);
  const pad: number[] = [];
  for (let i = 1; (priv.length + pad.length) % 8 !== 0; i++) pad.push(i);
  priv = Buffer.concat([priv, Buffer.from(pad)]);
  const count = Buffer.alloc(4);
  count.writeUInt32BE(1);
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0'),
    sshString('none'),
    sshString('none'),
    sshString(''),
    count,
    sshString(publicBlob),
    sshString(priv),
  ]);
  const lines = body.toString('base64').match(/.{1,70}/g)!;
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join('\n')}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

function sshKeygen(type: string, bits?: string): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'agent-guard-sshkey-'));
  try {
    const file = join(dir, 'id');
    execFileSync('ssh-keygen', ['-q', '-t', type, ...(bits ? ['-b', bits] : []), '-N', '', '-C', 'bench@agent-guard', '-f', file], { stdio: 'ignore' });
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function generatedPrivateKeys(): { keys: GeneratedKey[]; sshKeygen: boolean } {
  const keys: GeneratedKey[] = [];
  for (let i = 0; i < 3; i++) keys.push({ kind: 'OpenSSH ed25519 (built)', pem: opensshEd25519() });
  let haveSshKeygen = false;
  for (const [type, bits] of [['ed25519'], ['rsa', '2048'], ['ecdsa', '256']] as [string, string?][]) {
    const pem = sshKeygen(type, bits);
    if (pem) {
      haveSshKeygen = true;
      keys.push({ kind: `OpenSSH ${type} (ssh-keygen)`, pem });
    }
  }
  const rsa = (type: 'pkcs1' | 'pkcs8') =>
    generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type, format: 'pem' } })
      .privateKey;
  keys.push({ kind: 'PKCS#1 RSA', pem: rsa('pkcs1') });
  keys.push({ kind: 'PKCS#1 RSA', pem: rsa('pkcs1') });
  keys.push({ kind: 'PKCS#8 RSA', pem: rsa('pkcs8') });
  keys.push({
    kind: 'PKCS#8 EC P-256',
    pem: generateKeyPairSync('ec', {
      namedCurve: 'P-256',
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    }).privateKey,
  });
  keys.push({
    kind: 'PKCS#8 ed25519',
    pem: generateKeyPairSync('ed25519', { publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } })
      .privateKey,
  });
  keys.push({
    kind: 'SEC1 EC P-256',
    pem: generateKeyPairSync('ec', {
      namedCurve: 'P-256',
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'sec1', format: 'pem' },
    }).privateKey,
  });
  return { keys, sshKeygen: haveSshKeygen };
}
