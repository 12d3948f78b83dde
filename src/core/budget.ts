/**
 * Bounds on analyzing one file, so that no repository file can overflow the stack or stall a scan.
 *
 * - Depth: an analysis that recurses over syntax enters one level per nested node it descends into. Past
 *   `maxDepth` it does not descend: it takes a conservative value for the too-deep part and records why, so
 *   the file is reported as analyzed incompletely instead of losing the whole file to a stack overflow.
 *   2,500 nested parentheses overflowed Node's default stack; real code nests a few dozen levels.
 * - Time: a cooperative deadline checked inside the analyses' loops. Past it the analysis stops with
 *   `BudgetExceeded`; what was found before is kept and the file is reported as incomplete.
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

/** The budget of one file's analysis by one family: a depth counter and a deadline. */
export class AnalysisBudget {
  private readonly deadline: number;
  private level = 0;
  private ticks = 0;

  constructor(
    readonly ms: number = FILE_ANALYSIS_MS,
    readonly maxDepth: number = MAX_SYNTAX_DEPTH,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.deadline = clock() + ms;
  }

  /** Current nesting. */
  get depth(): number {
    return this.level;
  }

  /** Enter one level of syntax: false (and not entered) past the depth limit. Checks the deadline too. */
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

  /** Throws `BudgetExceeded` once the deadline has passed (the clock is read every 64 calls). */
  tick(): void {
    if ((++this.ticks & 63) === 0) this.checkTime();
  }

  /** Throws `BudgetExceeded` if the deadline has passed. */
  checkTime(): void {
    if (this.clock() > this.deadline) throw new BudgetExceeded(this.ms);
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
