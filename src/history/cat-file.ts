import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { UsageError } from '../core/errors.js';
import { GIT_ENV } from './log.js';

/**
 * Blob contents through `git cat-file`, never through the working tree: one `--batch-check` call for
 * every size (so blobs over the cap are skipped without being read), then one long-running `--batch`
 * process that answers requests in order.
 */

/** Size of each blob (null when the object is missing, e.g. beyond a partial clone's filter). */
export function blobSizes(root: string, blobs: string[]): Map<string, number | null> {
  const sizes = new Map<string, number | null>();
  if (blobs.length === 0) return sizes;
  const r = spawnSync('git', ['cat-file', '--batch-check=%(objectname) %(objecttype) %(objectsize)'], {
    cwd: root,
    env: GIT_ENV,
    input: blobs.join('\n') + '\n',
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) throw new UsageError(`git cat-file --batch-check failed in ${root}: ${r.stderr?.toString().split('\n')[0] ?? ''}`);
  for (const line of r.stdout.toString('utf8').split('\n')) {
    if (!line) continue;
    const [id, type, size] = line.split(' ');
    sizes.set(id, type === 'blob' ? Number(size) : null);
  }
  return sizes;
}

interface Waiter {
  resolve(bytes: Buffer | null): void;
  reject(err: Error): void;
}

/** A `git cat-file --batch` process: `read(ids)` queues requests; answers arrive in request order. */
export class BlobReader {
  private child: ChildProcessWithoutNullStreams | null = null;
  private readonly waiting: Waiter[] = [];
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Size of the object whose content is being received, or -1 while waiting for a header. */
  private expect = -1;
  private expectBlob = true;
  private failure: Error | null = null;
  private closed = false;

  constructor(private readonly root: string) {}

  private start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawn('git', ['cat-file', '--batch'], { cwd: this.root, env: GIT_ENV, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      if (stderr.length < 4000) stderr += c.toString();
    });
    child.on('error', (err) => this.fail(new Error(`cannot run git cat-file: ${err.message}`)));
    child.on('close', (code) => {
      if (this.waiting.length) this.fail(new Error(`git cat-file --batch ended early (exit ${code}): ${stderr.split('\n')[0]}`));
    });
    child.stdin.on('error', () => {
      /* reported through 'close' */
    });
    this.child = child;
    return child;
  }

  private fail(err: Error): void {
    this.failure = err;
    for (const w of this.waiting.splice(0)) w.reject(err);
  }

  /** Request the contents of `ids`, in order; each promise resolves to the bytes, or null if missing. */
  read(ids: string[]): Promise<Buffer | null>[] {
    if (this.closed) throw new Error('blob reader is closed');
    const child = this.start();
    const promises = ids.map(
      (_) =>
        new Promise<Buffer | null>((resolve, reject) => {
          if (this.failure) reject(this.failure);
          else this.waiting.push({ resolve, reject });
        }),
    );
    if (ids.length) child.stdin.write(ids.join('\n') + '\n');
    return promises;
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.buffered);
    const out = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.buffered = rest.length;
    return out;
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.expect < 0) {
        // A header line: "<id> <type> <size>\n" or "<id> missing\n".
        const nl = this.indexOfNewline();
        if (nl < 0) return;
        const header = this.take(nl + 1).toString('utf8').trim();
        const parts = header.split(' ');
        if (parts.length < 3) {
          this.waiting.shift()?.resolve(null);
          continue;
        }
        this.expect = Number(parts[2]);
        this.expectBlob = parts[1] === 'blob'; // anything else is read and discarded
      }
      const size = this.expect;
      if (this.buffered < size + 1) return;
      const body = Buffer.from(this.take(size + 1).subarray(0, size));
      this.expect = -1;
      this.waiting.shift()?.resolve(this.expectBlob ? body : null);
    }
  }

  private indexOfNewline(): number {
    let offset = 0;
    for (const c of this.chunks) {
      const i = c.indexOf(10);
      if (i >= 0) return offset + i;
      offset += c.length;
    }
    return -1;
  }

  /** Ends the process; requests still waiting are rejected. Safe to call more than once. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.child) {
      this.child.stdin.end();
      if (this.waiting.length) this.child.kill();
    }
  }
}
