import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { SourceFile } from '../core/source-file.js';

export type ReadResult = { file: SourceFile } | { skipped: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

/** Decide from the bytes whether a blob is scannable text; the same checks serve files, staged blobs and history. */
export function decodeText(path: string, bytes: Buffer, maxFileSize: number): ReadResult {
  if (bytes.length > maxFileSize)
    return { skipped: `larger than the size cap (${formatBytes(bytes.length)} > ${formatBytes(maxFileSize)}; raise maxFileSize to scan it)` };
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
