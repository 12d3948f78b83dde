/**
 * Private keys in PEM and OpenSSH armor, told from placeholders by their structure rather than by the look
 * of their text. Real key material is full of runs (`AAAAAAAA…` is base64 of zero bytes: OpenSSH
 * containers carry them in every key), so the run and entropy filters used for tokens would drop real
 * keys. Instead the body is decoded and must hold what the armor promises:
 * - `OPENSSH PRIVATE KEY`: an `openssh-key-v1\0` container whose strings and key count fit the data
 *   exactly (PROTOCOL.key, openssh-portable);
 * - `PRIVATE KEY` (PKCS#8), `RSA`/`DSA`/`EC` (PKCS#1, SEC1), `ENCRYPTED` (PKCS#8): one DER SEQUENCE whose
 *   declared length is exactly the decoded length;
 * - legacy encrypted PEM (`Proc-Type: 4,ENCRYPTED`): a whole number of cipher blocks;
 * - `PGP PRIVATE KEY BLOCK`: an OpenPGP secret-key packet first;
 * - no armor at all, one base64 run: an unencrypted PKCS#8, PKCS#1 or SEC1 key by its first DER fields;
 * - a binary PKCS#12 key store (`.p12`, `.pfx`; GCP service account keys of the P12 type), which the file
 *   reader (sources/read.ts) passes on as its base64 instead of skipping it as binary.
 * A placeholder (`...`, `xxxx`, `<key>`, a truncated key) decodes to none of these. secretlint's own rule
 * misses short keys (its minimum body is 100 characters: an Ed25519 PKCS#8 key has 64) and DER whose
 * length takes one byte (`MH…`, `MC…`: P-256 SEC1 keys); this detector replaces it.
 */

import { isPkcs12, PKCS12_ARMOR } from '../../sources/read.js';

export interface PrivateKeyHit {
  start: number;
  end: number;
  /** The whole block as written in the file (armor lines included): what masking must hide. */
  secret: string;
  /** `PrivateKey`, `OpenSSHPrivateKey`, `EncryptedPrivateKey`, `PGPPrivateKey`, `DerPrivateKey` (no armor) or `Pkcs12KeyStore`. */
  messageId: string;
}

/** The armor's first line; the label is what stands before `PRIVATE KEY`. */
const BEGIN = /-----BEGIN ?((?:[A-Z0-9]+ ){0,2})PRIVATE KEY( BLOCK)?-----/g;
/** Longest body considered (an RSA-16384 PKCS#8 key is about 13,000 characters; PGP keys with subkeys more). */
const MAX_BODY = 64_000;
/** A line of the body, once its indentation, string quotes, concatenation and JSON escapes are removed. */
const LINE_SPLIT = /\r?\n|\\r\\n|\\n|\\r/;
/** What a key split over string literals (`"…\n" +`) carries around its lines: indentation, quotes, `+`, `,`, `\`. */
function unquoteLine(raw: string): string {
  const line = raw.replace(/^[\s"'`]+/, '');
  // From the end, as `/["'`]\s*[+,;)]*\s*$/` then `/[\s\\]+$/` would, in one linear pass (a regex anchored only
  // at the end retries from every position: quadratic on a long run of blanks).
  const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\f' || c === '\v';
  let end = line.length;
  let at = end;
  while (at > 0 && isSpace(line[at - 1])) at--;
  while (at > 0 && '+,;)'.includes(line[at - 1])) at--;
  while (at > 0 && isSpace(line[at - 1])) at--;
  if (at > 0 && '"\'`'.includes(line[at - 1])) end = at - 1;
  while (end > 0 && (isSpace(line[end - 1]) || line[end - 1] === '\\')) end--;
  const kept = line.slice(0, end);
  return /^[+,;)]*$/.test(kept) ? '' : kept;
}

/** The key's bytes and the armor headers (`Proc-Type: …`) of a body, or null when it is not base64. */
function decodeBody(body: string, pgp: boolean): { bytes: Buffer; headers: string[] } | null {
  const headers: string[] = [];
  let b64 = '';
  for (const raw of body.split(LINE_SPLIT)) {
    const line = unquoteLine(raw);
    if (!line) continue;
    if (/^[A-Za-z][\w-]*: /.test(line)) {
      headers.push(line);
      continue;
    }
    // The OpenPGP armor checksum (`=AbCd`) follows the data.
    if (pgp && /^=[A-Za-z0-9+/]{4}$/.test(line)) continue;
    b64 += line;
  }
  if (b64.length < 40 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 === 1) return null;
  return { bytes: Buffer.from(b64, 'base64'), headers };
}

/** One DER element spanning exactly the whole buffer, tagged SEQUENCE. */
export function isDerSequence(b: Buffer): boolean {
  if (b.length < 8 || b[0] !== 0x30) return false;
  let length = b[1];
  let header = 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0 || n > 3 || b.length < 2 + n) return false;
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + b[2 + i];
    header += n;
  }
  return header + length === b.length;
}

/** One DER element at `at`: its tag and where its content starts and ends, or null when it overruns the buffer. */
function element(b: Buffer, at: number): { tag: number; start: number; end: number } | null {
  if (at + 2 > b.length) return null;
  let length = b[at + 1];
  let start = at + 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0 || n > 3 || start + n > b.length) return null;
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + b[start + i];
    start += n;
  }
  return start + length <= b.length ? { tag: b[at], start, end: start + length } : null;
}

/**
 * An unencrypted private key in DER, by its first fields: PKCS#1 / DSA (`SEQUENCE { INTEGER 0, INTEGER
 * modulus … }`), SEC1 (`SEQUENCE { INTEGER 1, OCTET STRING key … }`) or PKCS#8 (`SEQUENCE { INTEGER 0|1,
 * SEQUENCE { OID … }, OCTET STRING … }`). Public keys (`SEQUENCE { SEQUENCE, BIT STRING }`) and
 * certificates start otherwise.
 */
export function isPrivateKeyDer(b: Buffer): boolean {
  if (!isDerSequence(b)) return false;
  const top = element(b, 0)!;
  const version = element(b, top.start);
  if (!version || version.tag !== 0x02 || version.end - version.start !== 1 || b[version.start] > 1) return false;
  const next = element(b, version.end);
  if (!next) return false;
  if (next.tag === 0x02) return b[version.start] === 0 && next.end - next.start >= 64;
  if (next.tag === 0x04) return b[version.start] === 1 && next.end - next.start >= 24;
  if (next.tag !== 0x30) return false;
  const algorithm = element(b, next.start);
  const key = element(b, next.end);
  return algorithm?.tag === 0x06 && key?.tag === 0x04 && key.end - key.start >= 32;
}

/**
 * A private key written as bare base64 DER (no armor), as key stores and some configs hold it
 * (`"privateKey": "MIIEvQIBADAN…"`): one base64 run starting with a SEQUENCE header (`MI…`, `MH…`, `MC…`).
 */
const BARE_DER = /(?<![A-Za-z0-9+/\\])M[A-Za-z0-9+/]{63,16000}={0,2}(?![A-Za-z0-9+/=])/g;

const OPENSSH_MAGIC = 'openssh-key-v1\0';

/** An `openssh-key-v1` container: cipher, KDF, options, key count, public keys and private section, nothing left over. */
export function isOpenSshContainer(b: Buffer): boolean {
  if (b.length < OPENSSH_MAGIC.length + 20 || b.toString('latin1', 0, OPENSSH_MAGIC.length) !== OPENSSH_MAGIC) return false;
  let at = OPENSSH_MAGIC.length;
  const readString = (): Buffer | null => {
    if (at + 4 > b.length) return null;
    const n = b.readUInt32BE(at);
    if (at + 4 + n > b.length) return null;
    const s = b.subarray(at + 4, at + 4 + n);
    at += 4 + n;
    return s;
  };
  const cipher = readString();
  const kdf = readString();
  if (!cipher || !kdf || !/^[\w@.-]{1,64}$/.test(cipher.toString('latin1')) || !/^[\w@.-]{1,64}$/.test(kdf.toString('latin1'))) return false;
  if (!readString()) return false; // KDF options
  if (at + 4 > b.length) return false;
  const keys = b.readUInt32BE(at);
  at += 4;
  if (keys < 1 || keys > 64) return false;
  for (let i = 0; i < keys; i++) {
    const publicKey = readString();
    if (!publicKey || publicKey.length < 8) return false;
  }
  const privateSection = readString();
  return !!privateSection && privateSection.length >= 8 && privateSection.length % 8 === 0 && at === b.length;
}

/** An OpenPGP secret-key packet (tag 5) in the old or the new packet format. */
function isPgpSecretKey(b: Buffer): boolean {
  return b.length >= 64 && ((b[0] & 0xfc) === 0x94 || b[0] === 0xc5);
}

/** What the decoded body is, or null when it does not hold the key its armor names. */
function classify(label: string, pgp: boolean, body: string): string | null {
  const decoded = decodeBody(body, pgp);
  if (!decoded) return null;
  const { bytes, headers } = decoded;
  if (pgp) return isPgpSecretKey(bytes) ? 'PGPPrivateKey' : null;
  if (isOpenSshContainer(bytes)) return 'OpenSSHPrivateKey';
  if (label === 'OPENSSH') return null;
  if (headers.some((h) => /^Proc-Type:\s*4,\s*ENCRYPTED/i.test(h))) return bytes.length >= 64 && bytes.length % 8 === 0 ? 'EncryptedPrivateKey' : null;
  if (!isDerSequence(bytes)) return null;
  return label === 'ENCRYPTED' ? 'EncryptedPrivateKey' : 'PrivateKey';
}

/** Every private key block in the text whose body is real key material. */
export function findPrivateKeys(text: string): PrivateKeyHit[] {
  const out = text.includes('PRIVATE KEY') ? armoredKeys(text) : [];
  const store = text.startsWith(PKCS12_ARMOR) ? pkcs12Store(text) : null;
  if (store) out.push(store);
  // Bare base64 DER: only a base64 run that starts at a token boundary with `M` (a SEQUENCE header) is decoded.
  BARE_DER.lastIndex = 0;
  for (let m = BARE_DER.exec(text); m; m = BARE_DER.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (out.some((o) => o.start < end && start < o.end)) continue;
    if (m[0].length % 4 === 0 && isPrivateKeyDer(Buffer.from(m[0], 'base64'))) out.push({ start, end, secret: m[0], messageId: 'DerPrivateKey' });
  }
  return out;
}

/** A binary PKCS#12 key store (`.p12`, `.pfx`), as the file reader hands it over: its base64 in armor. */
function pkcs12Store(text: string): PrivateKeyHit | null {
  const endMarker = '-----END PKCS12-----';
  const endAt = text.indexOf(endMarker);
  if (endAt < 0) return null;
  const b64 = text.slice(PKCS12_ARMOR.length, endAt).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || !isPkcs12(Buffer.from(b64, 'base64'))) return null;
  const end = endAt + endMarker.length;
  return { start: 0, end, secret: text.slice(0, end), messageId: 'Pkcs12KeyStore' };
}

/** Private keys in PEM / OpenSSH / OpenPGP armor. */
function armoredKeys(text: string): PrivateKeyHit[] {
  const out: PrivateKeyHit[] = [];
  BEGIN.lastIndex = 0;
  for (let m = BEGIN.exec(text); m; m = BEGIN.exec(text)) {
    const label = m[1].trim();
    const block = m[2] ?? '';
    const bodyStart = m.index + m[0].length;
    // `-----END` without the space is also written by some tools.
    // The body ends at the next armor line and within MAX_BODY: many unterminated headers stay linear.
    let window = text.slice(bodyStart, bodyStart + MAX_BODY + 64);
    const nextBegin = window.indexOf('-----BEGIN');
    if (nextBegin >= 0) window = window.slice(0, nextBegin);
    let endMarker = `-----END ${m[1]}PRIVATE KEY${block}-----`;
    let endAt = window.indexOf(endMarker);
    if (endAt < 0) {
      endMarker = `-----END${m[1]}PRIVATE KEY${block}-----`;
      endAt = window.indexOf(endMarker);
    }
    if (endAt < 0) continue;
    const messageId = classify(label, label === 'PGP', window.slice(0, endAt));
    const end = bodyStart + endAt + endMarker.length;
    if (messageId) out.push({ start: m.index, end, secret: text.slice(m.index, end), messageId });
    BEGIN.lastIndex = end;
  }
  return out;
}
