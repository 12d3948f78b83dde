import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { UsageError } from '../core/errors.js';
import { gitEnv, SAFE_GIT_CONFIG } from './discover.js';

/**
 * Blob contents through `git cat-file`, never through the working tree, for staged scans (index
 * entries) and history scans (every blob of a commit range) alike.
 */

/**
 * Size of each blob through one `git cat-file --batch-check` call (null when the object is missing,
 * e.g. beyond a partial clone's filter, or is not a blob), so blobs over a size cap can be skipped
 * without being read.
 */
export function blobSizes(root: string, blobs: string[], env: NodeJS.ProcessEnv = process.env): Map<string, number | null> {
  const sizes = new Map<string, number | null>();
  if (blobs.length === 0) return sizes;
  const r = spawnSync('git', [...SAFE_GIT_CONFIG, 'cat-file', '--batch-check=%(objectname) %(objecttype) %(objectsize)'], {
    cwd: root,
    env: gitEnv(root, env),
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

/**
 * What `git cat-file --batch` answered for one object id. A name that is not a blob (a tree, a
 * submodule commit) counts as missing.
 */
export type BlobAnswer = { bytes: Buffer } | { tooLarge: number } | { missing: true };

interface Pending {
  oid: string;
  maxSize: number;
  resolve(answer: BlobAnswer): void;
  reject(err: Error): void;
}

/**
 * One long-lived `git cat-file --batch` process serving every blob read of a scan (staged files, other
 * index entries read by cross-file rules, history). Requests are answered in order. A blob above
 * `maxSize` is drained from the pipe without being kept. The process is unref'd while idle, so a
 * forgotten reader never keeps Node alive; `close()` ends it once the pending answers are in, `abort()`
 * at once.
 */
export class BlobReader {
  private child?: ChildProcessWithoutNullStreams;
  private readonly queue: Pending[] = [];
  private failed?: Error;
  private closed = false;
  // parser state for the answer at the head of the queue
  private header: Buffer[] = [];
  private body: Buffer[] = [];
  private bodyLength = 0;
  private expected = -1; // bytes still to come for the current object (content + trailing LF), -1 = reading header
  private keep = true;
  private isBlob = true;
  private size = 0;

  constructor(
    private readonly cwd: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** `oid` is any object name cat-file takes: an object id, `:path` (the index), `rev:path`. */
  read(oid: string, maxSize = Number.MAX_SAFE_INTEGER): Promise<BlobAnswer> {
    return this.readMany([oid], maxSize)[0];
  }

  /** `read` for many names at once (one write to git); the answers come in the order asked. */
  readMany(oids: string[], maxSize = Number.MAX_SAFE_INTEGER): Promise<BlobAnswer>[] {
    if (this.failed || this.closed) {
      const err = this.failed ?? new Error('git cat-file reader used after close()');
      return oids.map(() => Promise.reject(err));
    }
    let request = '';
    const answers = oids.map((oid) => {
      if (/[\n\r]/.test(oid)) return Promise.resolve<BlobAnswer>({ missing: true }); // the batch protocol is line-based
      request += `${oid}\n`;
      return new Promise<BlobAnswer>((resolve, reject) => {
        this.queue.push({ oid, maxSize, resolve, reject });
      });
    });
    if (request) {
      const child = this.start();
      this.setRef(true);
      child.stdin.write(request);
    }
    return answers;
  }

  /** End the process once its pending answers are in; later reads are an error. */
  close(): void {
    this.closed = true;
    if (this.child && !this.child.stdin.destroyed) this.child.stdin.end();
  }

  /** End the process now: pending reads are rejected, later reads are an error. Safe to call more than once. */
  abort(): void {
    this.closed = true;
    const pending = this.queue.splice(0);
    if (pending.length) {
      const err = new Error(`git cat-file reader aborted with ${pending.length} read${pending.length === 1 ? '' : 's'} pending`);
      for (const p of pending) p.reject(err);
    }
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) {
      this.child.stdin.destroy();
      this.child.kill();
    }
    this.setRef(false);
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawn('git', [...SAFE_GIT_CONFIG, 'cat-file', '--batch'], {
      cwd: this.cwd,
      env: gitEnv(this.cwd, this.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    const fail = (err: Error) => {
      this.failed ??= err;
      for (const p of this.queue.splice(0)) p.reject(this.failed);
    };
    child.on('error', (err) => fail(new Error(`git cat-file failed: ${err.message}`)));
    child.on('close', (code) => {
      if (this.queue.length) fail(new Error(`git cat-file exited (${code ?? 'signal'})${stderr ? `: ${stderr.split('\n')[0]}` : ''}`));
    });
    child.stdin.on('error', () => {}); // EPIPE after an early exit is reported through 'close'
    this.child = child;
    this.setRef(false);
    return child;
  }

  private setRef(on: boolean): void {
    const c = this.child;
    if (!c) return;
    const streams = [c.stdin, c.stdout, c.stderr] as unknown as { ref?: () => void; unref?: () => void }[];
    if (on) {
      c.ref();
      for (const s of streams) s.ref?.();
    } else {
      c.unref();
      for (const s of streams) s.unref?.();
    }
  }

  private onData(chunk: Buffer): void {
    let buf = chunk;
    while (buf.length > 0) {
      if (this.expected < 0) {
        const nl = buf.indexOf(10);
        if (nl < 0) {
          this.header.push(buf);
          return;
        }
        this.header.push(buf.subarray(0, nl));
        buf = buf.subarray(nl + 1);
        const line = Buffer.concat(this.header).toString('utf8');
        this.header = [];
        const head = this.queue[0];
        if (!head) continue;
        if (line.endsWith(' missing') || line.endsWith(' ambiguous')) {
          this.finish({ missing: true });
          continue;
        }
        const parts = line.split(' ');
        this.size = Number(parts[parts.length - 1]);
        if (parts.length < 3 || !Number.isInteger(this.size) || this.size < 0) {
          this.finish({ missing: true }); // no content follows a header cat-file did not resolve
          continue;
        }
        this.isBlob = parts[parts.length - 2] === 'blob';
        this.keep = this.isBlob && this.size <= head.maxSize;
        this.expected = this.size + 1;
        this.body = [];
        this.bodyLength = 0;
        continue;
      }
      const take = Math.min(this.expected, buf.length);
      if (this.keep) {
        this.body.push(buf.subarray(0, take));
        this.bodyLength += take;
      }
      this.expected -= take;
      buf = buf.subarray(take);
      if (this.expected === 0) {
        this.expected = -1;
        if (this.keep) {
          const all = Buffer.concat(this.body, this.bodyLength);
          this.finish({ bytes: all.subarray(0, this.size) });
        } else {
          this.finish(this.isBlob ? { tooLarge: this.size } : { missing: true });
        }
        this.body = [];
      }
    }
  }

  private finish(answer: BlobAnswer): void {
    const head = this.queue.shift();
    if (this.queue.length === 0) this.setRef(false);
    head?.resolve(answer);
  }
}
