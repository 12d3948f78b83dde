import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { SourceFile } from '../core/source-file.js';

export type ReadResult = { file: SourceFile } | { skipped: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

/** The DER/BER prefix of a PKCS#12 key store (RFC 7292): `SEQUENCE { INTEGER 3, SEQUENCE { OID pkcs7-data | pkcs7-signedData …`. */
const PKCS12_OID = Buffer.from('06092a864886f70d0107', 'hex');

export function isPkcs12(bytes: Buffer): boolean {
  if (bytes.length < 32 || bytes[0] !== 0x30) return false;
  // Long-form DER length, exactly the file's size; or BER's indefinite length (0x80).
  const n = bytes[1] === 0x80 ? 0 : bytes[1] & 0x7f;
  if (bytes[1] !== 0x80 && (bytes[1] < 0x81 || bytes[1] > 0x83)) return false;
  let length = 0;
  for (let i = 0; i < n; i++) length = length * 256 + bytes[2 + i];
  const at = 2 + n;
  if (n > 0 && at + length !== bytes.length) return false;
  if (bytes[at] !== 0x02 || bytes[at + 1] !== 0x01 || bytes[at + 2] !== 0x03 || bytes[at + 3] !== 0x30) return false;
  const oid = bytes.indexOf(PKCS12_OID, at + 4);
  return oid > 0 && oid < at + 12 && (bytes[oid + PKCS12_OID.length] === 0x01 || bytes[oid + PKCS12_OID.length] === 0x02);
}

/** How a binary PKCS#12 key store (`.p12`, `.pfx`) is read: its base64 in armor, for the secret rules to report. */
export const PKCS12_ARMOR = '-----BEGIN PKCS12-----';

/** Decide from the bytes whether a blob is scannable text; the same checks serve files, staged blobs and history. */
export function decodeText(path: string, bytes: Buffer, maxFileSize: number): ReadResult {
  if (bytes.length > maxFileSize)
    return { skipped: `larger than the size cap (${formatBytes(bytes.length)} > ${formatBytes(maxFileSize)}; raise maxFileSize to scan it)` };
  // A key store is binary and still a committed private key (GCP service account .p12 files): its
  // base64, in armor, is what the rules read (secret/private-key reports it; no other rule matches).
  if (isPkcs12(bytes)) return { file: new SourceFile(path, `${PKCS12_ARMOR}\n${bytes.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END PKCS12-----\n`) };
  const head = bytes.subarray(0, 8000);
  if (head.includes(0)) return { skipped: 'binary file' };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { skipped: 'not valid UTF-8 text' };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { file: new SourceFile(path, text) };
}

/**
 * Read a file once, checking its size before reading it whole. Synchronous on purpose: for the small
 * files of a repository, one blocking read is several times faster than four thread-pool round trips.
 */
export async function readSource(path: string, absPath: string, maxFileSize: number): Promise<ReadResult> {
  let fd: number | undefined;
  try {
    // Without blocking: a FIFO named by a config (a payload schema) or a rule must not stall the scan.
    fd = openSync(absPath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const st = fstatSync(fd);
    if (!st.isFile()) return { skipped: 'not a regular file' };
    const size = st.size;
    if (size > maxFileSize) return { skipped: `larger than the size cap (${formatBytes(size)} > ${formatBytes(maxFileSize)}; raise maxFileSize to scan it)` };
    return decodeText(path, readFileSync(fd), maxFileSize);
  } catch (err) {
    return { skipped: `unreadable (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
