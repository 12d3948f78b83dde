import type { AnalysisBudget } from '../../../core/budget.js';
import type { ProjectContext } from '../../../core/types.js';
import { SharedValue } from '../../../core/reads.js';
import { capSteps, culprit, keyedPart, nodeKey, placeholder, taintKey, withStep, type FunctionRef, type Summary } from './core.js';
import type { Flow, Step, Taint } from './types.js';

/**
 * The summaries being computed on a walker's call chain: a key already on it is recursion. Passed along
 * explicitly, walker to callee walker (an AsyncLocalStorage would turn on Node's promise hooks for every
 * promise of the scan, ≈2% of its CPU).
 */
export type SummaryChain = ReadonlySet<string>;
export const NO_SUMMARY_CHAIN: SummaryChain = new Set();

/**
 * Memo of callee summaries, keyed by function and the taint of each parameter (without the steps that
 * led there): a helper called from several tools or several times is analysed once per taint pattern.
 */
export class SummaryCache {
  private readonly table = new Map<string, SharedValue<Summary>>();
  /** Steps each summary took to compute (budget.ts): set once it is computed, charged to every analysis reusing it. */
  private readonly costs = new Map<string, number>();
  constructor(readonly project: ProjectContext) {}

  /**
   * Summary of `ref` called with `args` (one per callee parameter, by index). `analyse` receives
   * placeholders: the callers' taints with no steps and `slot` set to the parameter index. A caller that
   * reuses a summary takes over the files computing it read (the scan cache's record, core/reads.ts), and
   * the steps it took (`budget`, the caller's: the same count whichever file computed it first).
   * Recursion is told by the caller's own `chain` (the summaries being computed on its call chain, which
   * `analyze` receives with this one added for the callee's walker): another file's handler computing the same summary at the
   * same time is not recursion (taking it for one dropped that file's flows without a word); it computes
   * its own copy instead of waiting, since waiting on each other could deadlock two chains.
   */
  async call(
    ref: FunctionRef,
    args: (Taint | null)[],
    budget: AnalysisBudget,
    chain: SummaryChain,
    analyze: (placeholders: (Taint | null)[], chain: SummaryChain) => Promise<Summary>,
    extra = '',
  ): Promise<Summary | null> {
    // `extra`: what else of the call decides the callee's flows (the string constants its branches compare parameters with)
    const key = `${nodeKey(ref)}|${args.map(taintKey).join('|')}${extra ? `|${extra}` : ''}`;
    if (chain.has(key)) return null; // recursion
    const placeholders = () => args.map((a, i) => (a ? placeholder(a, i) : null));
    const inner = new Set(chain).add(key);
    const run = () => analyze(placeholders(), inner);
    const cost = this.costs.get(key);
    const done = cost === undefined ? undefined : this.table.get(key);
    if (done) return (await budget.shared(key, cost, () => done.join())).value;
    // being computed by another analysis (or stopped by its budget): a copy of our own
    if (this.table.has(key)) return new SharedValue(async () => (await budget.shared(key, undefined, run)).value).join();
    const created = new SharedValue(async () => {
      const { value, cost } = await budget.shared(key, undefined, run);
      this.costs.set(key, cost);
      return value;
    });
    this.table.set(key, created);
    // An analysis stopped by its file's budget is not kept: another file's analysis may finish it.
    created.promise.catch(() => {
      if (this.table.get(key) === created) this.table.delete(key);
    });
    return created.join();
  }
}

/** Flows of a summary as seen from one call site: the caller's steps, the call, then the callee's steps. */
export function instantiateFlows(summary: Summary, args: (Taint | null)[], callStep: (slot: number) => Step): Flow[] {
  const out: Flow[] = [];
  for (const f of summary.flows) {
    const slot = f.slot ?? 0;
    const whole = args[slot];
    if (!whole) continue;
    // a combined argument: name the part the flow's sink is unsafe for (or the key of an object literal it read)
    const a = keyedPart(whole, f.param, f.label) ?? culprit(whole, f.kind);
    const renamed = a === whole ? {} : { handler: a.origin.handler, param: a.origin.param, label: a.label };
    out.push({ ...f, ...renamed, steps: capSteps([...a.steps, callStep(slot), ...f.steps]), slot: a.slot });
  }
  return out;
}

export function instantiateReturn(summary: Summary, args: (Taint | null)[], callStep: (slot: number) => Step, returnStep: Step): Taint | null {
  const r = summary.ret;
  if (!r) return null;
  return rebase(r, args, callStep, returnStep);
}

/** A value of the callee (relative to its parameters) as the caller sees it; so for the values of its literal keys. */
function rebase(r: Taint, args: (Taint | null)[], callStep: (slot: number) => Step, returnStep: Step, depth = 0): Taint | null {
  const slot = r.slot ?? 0;
  const a = args[slot];
  if (!a) return null;
  const keys =
    r.keys && depth < 4 ? new Map([...r.keys].map(([k, v]) => [k, v ? rebase(v, args, callStep, returnStep, depth + 1) : null] as const)) : undefined;
  return withStep({ ...r, steps: capSteps([...a.steps, callStep(slot), ...r.steps]), slot: a.slot, ...(keys ? { keys } : {}) }, returnStep);
}
