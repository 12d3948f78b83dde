import { resolve } from 'node:path';
import type { FailOn } from '../core/config.js';
import type { ScanResult } from '../engine/engine.js';
import { UsageError } from '../core/errors.js';
import { SEVERITY_RANK, type Severity } from '../core/types.js';
import { FORMATS, REPORTERS, type FormatName } from '../reporters/index.js';
import { textReporter } from '../reporters/text.js';
import { plural } from '../reporters/types.js';
import { didYouMean } from '../config/suggest.js';
import type { OptionSpec, ParsedArgs } from './options.js';
import { info, isQuiet, useColor, verbose, writeFileAtomic, type CliIO } from './io.js';

/** The flags every command that prints a scan report takes (scan, demo). */
export const REPORT_OPTIONS: OptionSpec = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  'fail-on': { type: 'string' },
};

export const REPORT_USAGE = `  -f, --format FORMAT   text (default), json, sarif, github
  -o, --output FILE     write the report to FILE (atomically) instead of stdout
      --fail-on LEVEL   error (default), warning, note or never: exit 1 when a finding is at or above it
                        (a rule that failed on a file counts as an error: only "never" exits 0 then)`;

/** The value of a flag that takes one of `allowed`, or a one-line error with a suggestion. */
export function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[], context = ''): T {
  if (allowed.includes(value as T)) return value as T;
  const hint = didYouMean(value, allowed);
  throw new UsageError(`unknown ${flag} "${value}"${context}${hint ? `: ${hint}` : ''} (expected one of: ${allowed.join(', ')})`);
}

export function parseFormat(value: unknown): FormatName {
  return oneOf('--format', String(value ?? 'text'), FORMATS);
}

export function parseFailOn(value: unknown, fallback: FailOn): FailOn {
  if (value === undefined) return fallback;
  return oneOf('--fail-on', String(value), ['error', 'warning', 'note', 'never'] as const);
}

/**
 * 1 when a finding is at or above `failOn`, or when a rule failed on a file: a file that could not be
 * analyzed is not a clean result, so a rule error counts as an error-level problem (as eslint counts a file
 * it cannot parse). The report is still complete for every other file, so this is 1 (the gate fails), not
 * 2 (nothing to report). `never` exits 0 whatever the report says.
 */
export function exitCodeFor(result: Pick<ScanResult, 'findings' | 'ruleErrors'>, failOn: FailOn): number {
  if (failOn === 'never') return 0;
  if (result.ruleErrors.length) return 1;
  const threshold = SEVERITY_RANK[failOn as Severity];
  return result.findings.some((f) => SEVERITY_RANK[f.severity] >= threshold) ? 1 : 0;
}

/** --verbose: what the scan read and how long it took, on stderr. */
export function describeScan(io: CliIO, result: ScanResult): void {
  const s = result.stats;
  const left = [
    result.skipped.length ? `${result.skipped.length} skipped` : '',
    s.excluded ? `${s.excluded} excluded by the config` : '',
    s.dependencyFiles ? `${s.dependencyFiles} in node_modules/ left out` : '',
    s.testFiles ? `${plural(s.testFiles, 'test file')} left out of tool-input and rate-limit (testFiles)` : '',
    result.suppressed ? `${plural(result.suppressed, 'finding')} suppressed` : '',
    result.ruleErrors.length ? plural(result.ruleErrors.length, 'rule error') : '',
  ].filter(Boolean);
  verbose(
    io,
    `scanned ${plural(s.files, 'file')} (${formatKiB(s.bytes)}) with ${plural(result.rules.length, 'rule')} in ${s.durationMs} ms${left.length ? `; ${left.join(', ')}` : ''}`,
  );
  for (const skipped of result.skipped) verbose(io, `skipped ${skipped.path}: ${skipped.reason}`);
}

/** Why the scan fails, in one phrase: "2 findings at or above fail-on: error, 1 rule error". Undefined when it passes. */
export function failureReason(result: Pick<ScanResult, 'findings' | 'ruleErrors'>, failOn: FailOn): string | undefined {
  if (exitCodeFor(result, failOn) === 0) return undefined;
  const failing = result.findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn as Severity]).length;
  const parts = [
    ...(failing ? [`${plural(failing, 'finding')} at or above fail-on: ${failOn}`] : []),
    ...(result.ruleErrors.length ? [`${plural(result.ruleErrors.length, 'rule error')} (a file could not be fully analyzed)`] : []),
  ];
  return parts.join(', ');
}

function formatKiB(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Render the report in the chosen format and write it to --output or stdout; return the exit code. */
export function emitReport(result: ScanResult, args: ParsedArgs, io: CliIO, configFailOn: FailOn): number {
  const format = parseFormat(args.values.format);
  const failOn = parseFailOn(args.values['fail-on'], configFailOn);
  const output = args.values.output as string | undefined;
  describeScan(io, result);
  const started = performance.now();
  const color = !output && format === 'text' && useColor(io);
  const text = format === 'text' ? textReporter(result, { color, quiet: isQuiet(io) }) : REPORTERS[format](result);
  if (output) {
    writeFileAtomic(resolve(io.cwd, output), text);
    if (format !== 'text') info(io, `${plural(result.findings.length, 'finding')}; ${format} report written to ${output}`);
  } else {
    io.out(text);
  }
  verbose(
    io,
    `${format} report (${formatKiB(Buffer.byteLength(text))}) written to ${output ?? 'stdout'} in ${Math.round(performance.now() - started)} ms; fail-on ${failOn}`,
  );
  return exitCodeFor(result, failOn);
}
