import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { globalRedactor } from '../core/redact.js';

/** How much the CLI says beyond its report: `--quiet` (findings and errors only), `--verbose`. */
export type Verbosity = 'quiet' | 'normal' | 'verbose';

/** Where the CLI writes: injectable so tests run commands in-process. Every write is redacted. */
export interface CliIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdoutIsTTY: boolean;
  /** Whether stderr is a terminal (a progress line is drawn there); absent = no. */
  stderrIsTTY?: boolean;
  /** The terminal's width in columns, when stderr is one. */
  columns?: number;
  out(text: string): void;
  err(text: string): void;
  /** `--quiet` / `--verbose`; absent = normal. */
  verbosity?: Verbosity;
  /** `--color` (true) / `--no-color` (false); absent = decided by the environment (see useColor). */
  color?: boolean;
}

export function processIO(): CliIO {
  const out = writer(process.stdout);
  const err = writer(process.stderr);
  return {
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    columns: process.stderr.columns,
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

/**
 * Whether to colour stdout, in the order of precedence of chalk's supports-color and Node itself:
 * `--color` / `--no-color`; then FORCE_COLOR (set: colour, even when piped; `0` or `false`: none); then
 * NO_COLOR (set and non-empty: none, https://no-color.org); then colour only on a TTY whose TERM is not
 * `dumb`.
 */
export function useColor(io: CliIO): boolean {
  if (io.color !== undefined) return io.color;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return io.stdoutIsTTY && io.env.TERM !== 'dumb';
}

/** A progress or status line on stderr (`agent-guard: …`), left out with --quiet. */
export function info(io: CliIO, text: string): void {
  if (io.verbosity !== 'quiet') io.err(`agent-guard: ${text}\n`);
}

/** A line of --verbose detail on stderr (what was scanned, timings). */
export function verbose(io: CliIO, text: string): void {
  if (io.verbosity === 'verbose') io.err(`agent-guard: ${text}\n`);
}

export function isQuiet(io: CliIO): boolean {
  return io.verbosity === 'quiet';
}
