import type { ProjectContext } from '../../../core/types.js';
import { capSteps, culprit, nodeKey, taintKey, withStep, type FunctionRef, type Summary } from './core.js';
import type { Flow, Step, Taint } from './types.js';

/**
 * Memo of callee summaries, keyed by function and the taint of each parameter (without the steps that
 * led there): a helper called from several tools or several times is analysed once per taint pattern.
 */
export class SummaryCache {
  private readonly table = new Map<string, Promise<Summary>>();
  private readonly running = new Set<string>();

  constructor(readonly project: ProjectContext) {}

  /**
   * Summary of `ref` called with `args` (one per callee parameter, by index). `analyse` receives
   * placeholders: the callers' taints with no steps and `slot` set to the parameter index.
   */
  async call(ref: FunctionRef, args: (Taint | null)[], analyze: (placeholders: (Taint | null)[]) => Promise<Summary>): Promise<Summary | null> {
    const key = `${nodeKey(ref)}|${args.map(taintKey).join('|')}`;
    if (this.running.has(key)) return null; // recursion
    let p = this.table.get(key);
    if (!p) {
      const placeholders = args.map((a, i) => (a ? { ...a, steps: [], slot: i, parts: undefined } : null));
      this.running.add(key);
      p = analyze(placeholders).finally(() => this.running.delete(key));
      this.table.set(key, p);
      // An analysis stopped by its file's time budget is not kept: another file's analysis may finish it.
      const failed = p;
      failed.catch(() => {
        if (this.table.get(key) === failed) this.table.delete(key);
      });
    }
    return p;
  }
}

/** Flows of a summary as seen from one call site: the caller's steps, the call, then the callee's steps. */
export function instantiateFlows(summary: Summary, args: (Taint | null)[], callStep: (slot: number) => Step): Flow[] {
  const out: Flow[] = [];
  for (const f of summary.flows) {
    const slot = f.slot ?? 0;
    const whole = args[slot];
    if (!whole) continue;
    // a combined argument: name the part the flow's sink is unsafe for
    const a = culprit(whole, f.kind);
    const renamed = a === whole ? {} : { handler: a.origin.handler, param: a.origin.param, label: a.label };
    out.push({ ...f, ...renamed, steps: capSteps([...a.steps, callStep(slot), ...f.steps]), slot: a.slot });
  }
  return out;
}

export function instantiateReturn(summary: Summary, args: (Taint | null)[], callStep: (slot: number) => Step, returnStep: Step): Taint | null {
  const r = summary.ret;
  if (!r) return null;
  const slot = r.slot ?? 0;
  const a = args[slot];
  if (!a) return null;
  return withStep({ ...r, steps: capSteps([...a.steps, callStep(slot), ...r.steps]), slot: a.slot }, returnStep);
}
