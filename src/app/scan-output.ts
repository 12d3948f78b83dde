import { resolve } from 'node:path';
import type { FailOn } from '../core/config.js';
import type { ScanResult } from '../engine/engine.js';
import { UsageError } from '../core/errors.js';
import { SEVERITY_RANK, type Severity } from '../core/types.js';
import { FORMATS, REPORTERS, type FormatName } from '../reporters/index.js';
import type { OptionSpec, ParsedArgs } from './options.js';
import { useColor, writeFileAtomic, type CliIO } from './io.js';

/** The flags every command that prints a scan report takes (scan, demo). */
export const REPORT_OPTIONS: OptionSpec = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  'fail-on': { type: 'string' },
};

export const REPORT_USAGE = `  -f, --format FORMAT   text (default), json, sarif, github
  -o, --output FILE     write the report to FILE (atomically) instead of stdout
      --fail-on LEVEL   error (default), warning, note or never: exit 1 when a finding is at or above it`;

export function parseFormat(value: unknown): FormatName {
  const format = (value ?? 'text') as string;
  if (!FORMATS.includes(format as FormatName)) throw new UsageError(`unknown --format "${format}" (expected one of: ${FORMATS.join(', ')})`);
  return format as FormatName;
}

export function parseFailOn(value: unknown, fallback: FailOn): FailOn {
  if (value === undefined) return fallback;
  const allowed = ['error', 'warning', 'note', 'never'];
  if (!allowed.includes(value as string)) throw new UsageError(`unknown --fail-on "${String(value)}" (expected one of: ${allowed.join(', ')})`);
  return value as FailOn;
}

export function exitCodeFor(result: Pick<ScanResult, 'findings'>, failOn: FailOn): number {
  if (failOn === 'never') return 0;
  const threshold = SEVERITY_RANK[failOn as Severity];
  return result.findings.some((f) => SEVERITY_RANK[f.severity] >= threshold) ? 1 : 0;
}

/** Render the report in the chosen format and write it to --output or stdout; return the exit code. */
export function emitReport(result: ScanResult, args: ParsedArgs, io: CliIO, configFailOn: FailOn): number {
  const format = parseFormat(args.values.format);
  const failOn = parseFailOn(args.values['fail-on'], configFailOn);
  const output = args.values.output as string | undefined;
  const text = REPORTERS[format](result, { color: !output && format === 'text' && useColor(io) });
  if (output) {
    writeFileAtomic(resolve(io.cwd, output), text);
    if (format !== 'text') io.err(`agent-guard: ${result.findings.length} finding(s); ${format} report written to ${output}\n`);
  } else {
    io.out(text);
  }
  return exitCodeFor(result, failOn);
}
