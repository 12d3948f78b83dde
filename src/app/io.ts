import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { globalRedactor } from '../core/redact.js';

/** Where the CLI writes: injectable so tests run commands in-process. Every write is redacted. */
export interface CliIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdoutIsTTY: boolean;
  out(text: string): void;
  err(text: string): void;
}

export function processIO(): CliIO {
  const out = writer(process.stdout);
  const err = writer(process.stderr);
  return {
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    out: (t) => out(globalRedactor.redact(t)),
    err: (t) => err(globalRedactor.redact(t)),
  };
}

const writers = new WeakMap<NodeJS.WriteStream, (text: string) => void>();

/**
 * Writes to a standard stream whose reader may go away early (`agent-guard rules | head -1`): then
 * later writes are dropped quietly, with no EPIPE crash or stack trace, and the command still ends
 * with its own exit code. Other write errors are thrown as before.
 */
function writer(stream: NodeJS.WriteStream): (text: string) => void {
  let write = writers.get(stream);
  if (!write) {
    let gone = false;
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
      gone = true;
    });
    write = (text) => {
      if (!gone && !stream.destroyed) stream.write(text);
    };
    writers.set(stream, write);
  }
  return write;
}

/** Write a file atomically: a temp file beside it, then rename, so a reader never sees half a report. */
export function writeFileAtomic(path: string, text: string): void {
  const target = resolve(path);
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, globalRedactor.redact(text));
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new UsageError(`cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

export function useColor(io: CliIO): boolean {
  return io.stdoutIsTTY && !('NO_COLOR' in io.env && io.env.NO_COLOR !== '') && io.env.TERM !== 'dumb';
}
