import type { ProgressListener, ScanProgress } from '../engine/engine.js';
import { visible } from '../core/display.js';
import type { CliIO } from './io.js';

/** Quiet for the first second: a scan that ends sooner (every pre-commit run) prints no progress at all. */
const FIRST_LINE_AFTER_MS = 1000;
const REDRAW_EVERY_MS = 100;

export interface ProgressLine {
  listener?: ProgressListener;
  /** Clear the line (before the report is printed). */
  stop(): void;
}

/**
 * A progress line on stderr for scans longer than a second — files done of all, the rule family at work,
 * the file — redrawn in place at most ten times a second and cleared before the report. Only for the text
 * format on an interactive stderr, and not with --quiet: machine formats, pipes and CI logs never get it.
 */
export function progressLine(io: CliIO, format: string, now: () => number = () => performance.now()): ProgressLine {
  if (!io.stderrIsTTY || format !== 'text' || io.verbosity === 'quiet' || io.env.TERM === 'dumb') return { stop() {} };
  const started = now();
  let drawnAt = -Infinity;
  let drawn = false;
  let current: ScanProgress = { done: 0, total: 0 };
  const width = Math.max(40, (io.columns ?? 80) - 1);
  return {
    listener(progress) {
      current = { ...current, ...progress };
      const t = now();
      if (t - started < FIRST_LINE_AFTER_MS || t - drawnAt < REDRAW_EVERY_MS) return;
      drawnAt = t;
      drawn = true;
      io.err(`\r${describe(current, width)}\x1b[K`);
    },
    stop() {
      if (drawn) io.err('\r\x1b[K');
    },
  };
}

/** Counts and family in full; the path cut from the left to the terminal's width, so the file name stays visible. */
function describe({ done, total, family, path }: ScanProgress, width: number): string {
  const share = total ? Math.floor((done / total) * 100) : 0;
  const head = `agent-guard: ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} files (${share}%)${family ? ` · ${family}` : ''}`;
  if (!path) return head.slice(0, width);
  const room = width - head.length - 3;
  const shown = visible(path); // control and bidi characters shown as escapes, never acted on by the terminal
  if (room < 8) return head.slice(0, width);
  return `${head} · ${shown.length <= room ? shown : `…${shown.slice(shown.length - room + 1)}`}`;
}
