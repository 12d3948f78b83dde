import type { ProjectContext } from '../../../core/types.js';
import { SharedValue } from '../../../core/reads.js';
import { capSteps, culprit, nodeKey, taintKey, withStep, type FunctionRef, type Summary } from './core.js';
import type { Flow, Step, Taint } from './types.js';

/**
 * Memo of callee summaries, keyed by function and the taint of each parameter (without the steps that
 * led there): a helper called from several tools or several times is analysed once per taint pattern.
 */
export class SummaryCache {
  private readonly table = new Map<string, SharedValue<Summary>>();
  private readonly running = new Set<string>();

  constructor(readonly project: ProjectContext) {}

  /**
   * Summary of `ref` called with `args` (one per callee parameter, by index). `analyse` receives
   * placeholders: the callers' taints with no steps and `slot` set to the parameter index. A caller that
   * reuses a summary takes over the files computing it read (the scan cache's record, core/reads.ts).
   */
  async call(ref: FunctionRef, args: (Taint | null)[], analyze: (placeholders: (Taint | null)[]) => Promise<Summary>, extra = ''): Promise<Summary | null> {
    // `extra`: what else of the call decides the callee's flows (the string constants its branches compare parameters with)
    const key = `${nodeKey(ref)}|${args.map(taintKey).join('|')}${extra ? `|${extra}` : ''}`;
    if (this.running.has(key)) return null; // recursion
    let shared = this.table.get(key);
    if (!shared) {
      const placeholders = args.map((a, i) => (a ? placeholder(a, i) : null));
      this.running.add(key);
      const created = new SharedValue(() => analyze(placeholders).finally(() => this.running.delete(key)));
      shared = created;
      this.table.set(key, created);
      // An analysis stopped by its file's time budget is not kept: another file's analysis may finish it.
      created.promise.catch(() => {
        if (this.table.get(key) === created) this.table.delete(key);
      });
    }
    return shared.join();
  }
}

/** A caller's argument as the callee sees it: no steps, the parameter's slot (the keys of an object literal too). */
function placeholder(a: Taint, slot: number): Taint {
  const props = a.props ? new Map([...a.props].map(([k, v]) => [k, v ? placeholder(v, slot) : null])) : undefined;
  return { ...a, steps: [], slot, parts: undefined, props };
}

/** Flows of a summary as seen from one call site: the caller's steps, the call, then the callee's steps. */
export function instantiateFlows(summary: Summary, args: (Taint | null)[], callStep: (slot: number) => Step): Flow[] {
  const out: Flow[] = [];
  for (const f of summary.flows) {
    const slot = f.slot ?? 0;
    const whole = args[slot];
    if (!whole) continue;
    // a combined argument: name the part the flow's sink is unsafe for (of an object literal, the key it came from)
    const a = propFor(whole, f) ?? culprit(whole, f.kind);
    const renamed = a === whole ? {} : { handler: a.origin.handler, param: a.origin.param, label: a.label };
    out.push({ ...f, ...renamed, steps: capSteps([...a.steps, callStep(slot), ...f.steps]), slot: a.slot });
  }
  return out;
}

/** The key of an object-literal argument a callee's flow started from (same parameter and label), if any. */
function propFor(whole: Taint, f: Flow): Taint | null {
  if (!whole.props) return null;
  for (const v of whole.props.values()) if (v && v.origin.param === f.param && v.label === f.label) return propFor(v, f) ?? v;
  return null;
}

export function instantiateReturn(summary: Summary, args: (Taint | null)[], callStep: (slot: number) => Step, returnStep: Step): Taint | null {
  const r = summary.ret;
  return r ? instantiate(r, args, callStep, returnStep) : null;
}

/** A callee's value seen from the call site: the caller's steps of the argument it came from, the call, the callee's steps (per key of an object literal). */
function instantiate(r: Taint, args: (Taint | null)[], callStep: (slot: number) => Step, returnStep: Step): Taint | null {
  const slot = r.slot ?? 0;
  const a = args[slot];
  if (!a) return null;
  const props = r.props ? new Map([...r.props].map(([k, v]) => [k, v ? instantiate(v, args, callStep, returnStep) : null])) : undefined;
  return withStep({ ...r, steps: capSteps([...a.steps, callStep(slot), ...r.steps]), slot: a.slot, props }, returnStep);
}
