import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/** What `git cat-file --batch` answered for one object id. */
/** A name that is not a blob (a tree, a submodule commit) counts as missing. */
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
 * forgotten reader never keeps Node alive; `close()` ends it explicitly.
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
    if (/[\n\r]/.test(oid)) return Promise.resolve({ missing: true }); // the batch protocol is line-based
    if (this.failed) return Promise.reject(this.failed);
    if (this.closed) return Promise.reject(new Error('git cat-file reader used after close()'));
    const child = this.start();
    return new Promise<BlobAnswer>((resolve, reject) => {
      this.queue.push({ oid, maxSize, resolve, reject });
      if (this.queue.length === 1) this.setRef(true);
      child.stdin.write(`${oid}\n`);
    });
  }

  /** End the process once its pending answers are in; later reads are an error. */
  close(): void {
    this.closed = true;
    if (this.child && !this.child.stdin.destroyed) this.child.stdin.end();
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawn('git', ['cat-file', '--batch'], { cwd: this.cwd, env: { ...this.env, GIT_OPTIONAL_LOCKS: '0' }, stdio: ['pipe', 'pipe', 'pipe'] });
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
