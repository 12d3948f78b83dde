import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/**
 * Reading a file named by a flag, a config or a repository: only a regular file is read, and never more
 * than `maxBytes`. A FIFO, a socket or a device (`/dev/zero`, `/dev/urandom`) would block the scan or
 * never end: it is opened without blocking (`O_NONBLOCK`), seen by `fstat` and refused.
 */
export type RegularFileRead = { bytes: Buffer } | { refused: 'not a regular file' | 'too large'; size?: number } | { error: string };

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

export function readRegularFile(path: string, maxBytes: number): RegularFileRead {
  let fd: number | undefined;
  try {
    fd = openSync(path, OPEN_FLAGS);
    const st = fstatSync(fd);
    if (!st.isFile()) return { refused: 'not a regular file' };
    if (st.size > maxBytes) return { refused: 'too large', size: st.size };
    // Read at most maxBytes + 1: a file growing while it is read is still bounded.
    const buffer = Buffer.alloc(Math.min(st.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > maxBytes) return { refused: 'too large', size: length };
      if (length === buffer.length) break;
    }
    return { bytes: buffer.subarray(0, length) };
  } catch (err) {
    return { error: (err as NodeJS.ErrnoException).code ?? (err as Error).message };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * A JSON.parse error without the text it quotes: V8's messages show the start of the document
 * (`Unexpected token 'x', "sk-ant-api"... is not valid JSON`), which may be a key. Only the position is kept.
 */
export function jsonErrorSummary(err: unknown, text: string): string {
  const message = String((err as Error)?.message ?? err);
  const at = /position (\d+)/.exec(message);
  if (!at) return /end of JSON input/i.test(message) ? 'unexpected end of JSON input' : 'syntax error';
  const position = Number(at[1]);
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `syntax error at line ${line}, column ${column}`;
}
