/**
 * Bounds on analyzing one file, so that no repository file can overflow the stack or stall a scan.
 *
 * - Depth: an analysis that recurses over syntax enters one level per nested node it descends into. Past
 *   `maxDepth` it does not descend: it takes a conservative value for the too-deep part and records why, so
 *   the file is reported as analyzed incompletely instead of losing the whole file to a stack overflow.
 *   2,500 nested parentheses overflowed Node's default stack; real code nests a few dozen levels.
 * - Time: a cooperative budget checked inside the analyses' loops (time the analysis itself spends, not
 *   that of files analyzed meanwhile). Past it the analysis stops with `BudgetExceeded`; what was found
 *   before is kept and the file is reported as incomplete.
 *
 * Either way the file shows up as a rule error in every format (a rule that could not finish is never a
 * clean result) and the scan goes on with the next file.
 */

/** Syntax nesting one analysis follows before it degrades (shared by the expressions, statements and callees it walks). */
export const MAX_SYNTAX_DEPTH = 200;

/**
 * Time one family may spend on one file. A typical file takes milliseconds (5,000 files scan in about 48 s
 * with every family), so 10 s is about a thousand times the usual cost: reached only by input built to
 * stall the analysis, yet short enough that one such file cannot hold a CI job or a commit hook for long.
 */
export const FILE_ANALYSIS_MS = 10_000;

/** Thrown when an analysis passes its deadline: the caller keeps what it found and reports the file incomplete. */
export class BudgetExceeded extends Error {
  constructor(
    readonly ms: number,
    what = 'analysis',
  ) {
    super(`${what} stopped after ${ms / 1000} s (the per-file time budget)`);
    this.name = 'BudgetExceeded';
  }
}

/**
 * A rule that ran but could not analyze all of its file (too deep, out of time). Thrown by the rule after it
 * reported what it found: the engine keeps those findings and records the reason as a rule error.
 */
export class IncompleteAnalysis extends Error {
  constructor(readonly reasons: string[]) {
    super(`incomplete analysis: ${reasons.join('; ')}`);
    this.name = 'IncompleteAnalysis';
  }
}

/**
 * Longest pause between two checks that counts against a budget. Files are analyzed several at a time, so
 * between two checks of one analysis the others may run (a parse of another file takes seconds on a loaded
 * machine): a wall-clock deadline would charge one file for its neighbours. Checks come at every statement
 * and expression, so the analysis's own work between two of them is far shorter than this.
 */
export const MAX_COUNTED_PAUSE_MS = 100;

/** The budget of one file's analysis by one family: a depth counter and the time it has spent. */
export class AnalysisBudget {
  private level = 0;
  private spent = 0;
  private last: number;

  constructor(
    readonly ms: number = FILE_ANALYSIS_MS,
    readonly maxDepth: number = MAX_SYNTAX_DEPTH,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.last = clock();
  }

  /** Current nesting. */
  get depth(): number {
    return this.level;
  }

  /** Enter one level of syntax: false (and not entered) past the depth limit. Checks the time too. */
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

  /** Count the time since the last check (at most MAX_COUNTED_PAUSE_MS of it); throws `BudgetExceeded` once the budget is spent. */
  tick(): void {
    const now = this.clock();
    this.spent += Math.min(Math.max(now - this.last, 0), MAX_COUNTED_PAUSE_MS);
    this.last = now;
    if (this.spent > this.ms) throw new BudgetExceeded(this.ms);
  }

  /**
   * Wait for work that is not this analysis's own: loading another file (parsing it, indexing its imports),
   * which the scan does once for every file anyway. Its time is not counted, so a file is not charged for
   * the neighbours it happens to open first.
   */
  async excluding<T>(work: () => Promise<T>): Promise<T> {
    this.tick();
    try {
      return await work();
    } finally {
      this.last = this.clock();
    }
  }

  /** Same as `tick`: throws `BudgetExceeded` if the budget is spent. */
  checkTime(): void {
    this.tick();
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

/** A budget that never runs out of time (tools and tests that analyze one handler on their own). */
export function unlimitedTime(maxDepth = MAX_SYNTAX_DEPTH): AnalysisBudget {
  return new AnalysisBudget(Number.POSITIVE_INFINITY, maxDepth);
}
