/**
 * Bounds on analyzing one file, so that no repository file can overflow the stack or stall a scan.
 *
 * - Depth: an analysis that recurses over syntax enters one level per nested node it descends into. Past
 *   `maxDepth` it does not descend: it takes a conservative value for the too-deep part and records why, so
 *   the file is reported as analyzed incompletely instead of losing the whole file to a stack overflow.
 *   2,500 nested parentheses overflowed Node's default stack; real code nests a few dozen levels.
 * - Work: a cooperative budget of steps, counted at the checks the analyses make at every statement and
 *   expression they walk. Past it the analysis stops with `BudgetExceeded`; what was found before is kept
 *   and the file is reported as incomplete. Steps, not seconds: the same file stops at the same point, with
 *   the same findings, on a quiet laptop and on a loaded CI runner, whatever the number of workers and
 *   whichever file analyzed a shared helper first.
 * - Time, as a last resort only: a backstop on the analysis's own time, far above what any input within the
 *   work budget takes, so that an analysis stuck in a loop that makes no checks still ends.
 *
 * Either way the file shows up as a rule error in every format (a rule that could not finish is never a
 * clean result) and the scan goes on with the next file.
 */

/** Syntax nesting one analysis follows before it degrades (shared by the expressions, statements and callees it walks). */
export const MAX_SYNTAX_DEPTH = 200;

/**
 * Steps one family may spend on one file (a step: one statement or expression walked, in the file or in a
 * helper it calls, or one value of a local followed to decide a condition). Calibrated on real trees with
 * bench/budget-steps.ts: the file that takes most in awslabs/mcp takes 92,139 steps (the healthomics
 * server.py), in openai-agents-js 3,581, under 1% of this; the 99th percentile of files with tools is 27,358
 * and 3,581. A 40,000-assignment chain (700 KB) takes
 * 200,000. Reaching it takes input built to multiply the work (a helper analyzed again for each of thousands
 * of call sites, locals assigned back and forth), and 10 to 30 s of work on a quiet machine.
 */
export const FILE_ANALYSIS_STEPS = 10_000_000;

/**
 * The backstop: own time one family may spend on one file, whatever its step count. The largest real files
 * take a few seconds even on a loaded machine, so load alone never reaches it; it ends an analysis that spins
 * without counting steps, or whose steps are unusually slow.
 */
export const FILE_ANALYSIS_BACKSTOP_MS = 120_000;

/** What ran out: a count of steps (deterministic) or the time backstop. */
export type BudgetLimit = { steps: number } | { ms: number };

/** Thrown when an analysis passes its budget: the caller keeps what it found and reports the file incomplete. */
export class BudgetExceeded extends Error {
  constructor(
    readonly limit: BudgetLimit,
    what = 'analysis',
  ) {
    super(
      'steps' in limit
        ? `${what} stopped after ${limit.steps.toLocaleString('en-US')} steps (the per-file work budget)`
        : `${what} stopped after ${limit.ms / 1000} s (the per-file time backstop)`,
    );
    this.name = 'BudgetExceeded';
  }
}

/**
 * A rule that ran but could not analyze all of its file (too deep, out of budget). Thrown by the rule after it
 * reported what it found: the engine keeps those findings and records the reason as a rule error.
 */
export class IncompleteAnalysis extends Error {
  constructor(readonly reasons: string[]) {
    super(`incomplete analysis: ${reasons.join('; ')}`);
    this.name = 'IncompleteAnalysis';
  }
}

/**
 * Longest pause between two checks that counts against the time backstop. Files are analyzed several at a
 * time, so between two checks of one analysis the others may run: a wall-clock deadline would charge one
 * file for its neighbours. Checks come at every statement and expression, so the analysis's own work between
 * two of them is far shorter than this.
 */
export const MAX_COUNTED_PAUSE_MS = 100;

/** Work shared by several analyses (a helper's summary) being computed: its own steps and the shared work it used, by key. */
interface Frame {
  own: number;
  used: Map<string, number>;
}

export interface BudgetOptions {
  /** Steps (default FILE_ANALYSIS_STEPS). */
  steps?: number;
  maxDepth?: number;
  /** Own time backstop (default FILE_ANALYSIS_BACKSTOP_MS). */
  backstopMs?: number;
  /** Milliseconds, for the backstop (tests pass one that jumps). */
  clock?: () => number;
}

/**
 * The budget of one file's analysis by one family: a depth counter, the steps it has taken and, as a
 * backstop, the time it has spent.
 *
 * Work shared across files (a helper's summary, computed once per scan and reused) costs every analysis that
 * uses it the same: its steps are charged to the analysis that computes it and, once, to each that reuses
 * it (`shared`). So a file's count is the same whether it computed the helper or another file did first.
 */
export class AnalysisBudget {
  readonly steps: number;
  readonly maxDepth: number;
  readonly backstopMs: number;
  private readonly clock: () => number;
  private level = 0;
  /** Steps charged: the base frame's own steps and shared costs, plus the partial work of the frames open above it. */
  private charged = 0;
  /** Open frames above the base that count nothing (shared work this analysis already paid for, computed again). */
  private unpaid = 0;
  private readonly frames: Frame[] = [{ own: 0, used: new Map() }];
  private spent = 0;
  private last: number;

  constructor(options: BudgetOptions = {}) {
    this.steps = options.steps ?? FILE_ANALYSIS_STEPS;
    this.maxDepth = options.maxDepth ?? MAX_SYNTAX_DEPTH;
    this.backstopMs = options.backstopMs ?? FILE_ANALYSIS_BACKSTOP_MS;
    this.clock = options.clock ?? (() => performance.now());
    this.last = this.clock();
  }

  /** Current nesting. */
  get depth(): number {
    return this.level;
  }

  /** Steps counted so far. */
  get used(): number {
    return this.charged;
  }

  /** Own time counted so far against the backstop (ms). */
  get elapsedMs(): number {
    return this.spent;
  }

  /** Enter one level of syntax: false (and not entered) past the depth limit. Counts a step. */
  enter(): boolean {
    this.tick();
    if (this.level >= this.maxDepth) return false;
    this.level++;
    return true;
  }

  /** Leave a level entered with `enter()`. */
  leave(): void {
    this.level--;
  }

  /** Count `n` steps (and the time since the last check, at most MAX_COUNTED_PAUSE_MS of it); throws `BudgetExceeded` once either is spent. */
  tick(n = 1): void {
    this.frames[this.frames.length - 1].own += n;
    if (!this.unpaid) {
      this.charged += n;
      if (this.charged > this.steps) throw new BudgetExceeded({ steps: this.steps });
    }
    const now = this.clock();
    this.spent += Math.min(Math.max(now - this.last, 0), MAX_COUNTED_PAUSE_MS);
    this.last = now;
    if (this.spent > this.backstopMs) throw new BudgetExceeded({ ms: this.backstopMs });
  }

  /**
   * Use work shared across analyses, named `key` (unique in the scan): `cost` is its step count when another
   * analysis already computed it (charged here once per key: the frame that reuses it pays for it), else
   * `compute` runs here, its steps counted as it goes. Resolves to the value and the work's cost, which is the
   * same either way: its own steps and, once each, those of the shared work it used in turn.
   */
  async shared<T>(key: string, cost: number | undefined, compute: () => Promise<T>): Promise<{ value: T; cost: number }> {
    if (cost !== undefined) {
      this.pay(key, cost);
      return { value: await compute(), cost };
    }
    const parent = this.frames[this.frames.length - 1];
    const free = parent.used.has(key) || this.unpaid > 0;
    const frame: Frame = { own: 0, used: new Map() };
    this.frames.push(frame);
    if (free) this.unpaid++;
    let value: T;
    try {
      value = await compute();
    } finally {
      this.frames.splice(this.frames.lastIndexOf(frame), 1);
      if (free) this.unpaid--;
    }
    let total = frame.own;
    for (const c of frame.used.values()) total += c;
    if (!free) this.charged -= total; // counted as it went: charged again, as a whole, by pay()
    this.pay(key, total);
    return { value, cost: total };
  }

  /** Charge shared work `key` of `cost` steps to the innermost frame, unless it already paid for it. */
  private pay(key: string, cost: number): void {
    const frame = this.frames[this.frames.length - 1];
    if (frame.used.has(key)) return;
    frame.used.set(key, cost);
    if (this.unpaid) return;
    this.charged += cost;
    if (this.charged > this.steps) throw new BudgetExceeded({ steps: this.steps });
  }

  /**
   * Wait for work that is not this analysis's own: loading another file (parsing it, indexing its imports),
   * which the scan does once for every file anyway. It counts no steps, and its time is not counted against
   * the backstop, so a file is not charged for the neighbours it happens to open first.
   */
  async excluding<T>(work: () => Promise<T>): Promise<T> {
    this.tick();
    try {
      return await work();
    } finally {
      this.last = this.clock();
    }
  }

  /** Run `fn` one level deeper; `tooDeep` gives the result instead when the limit is reached. */
  nested<T>(fn: () => T, tooDeep: () => T): T {
    if (!this.enter()) return tooDeep();
    try {
      return fn();
    } finally {
      this.leave();
    }
  }
}

/** Told each file's budget once its analysis ends (bench/budget-steps.ts measures the steps real files take with it). */
export const budgetProbe: { settled?: (path: string, budget: AnalysisBudget) => void } = {};
