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
  return {
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    out: (t) => process.stdout.write(globalRedactor.redact(t)),
    err: (t) => process.stderr.write(globalRedactor.redact(t)),
  };
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
