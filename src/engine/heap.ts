/**
 * Garbage-collection pacing for an analysis session. The analyses make a lot of short-lived garbage (every
 * parse-tree node crossing the wasm boundary is a JS object), and V8 lets its heap grow far past what is
 * live before a full collection: on openai-agents-js the scan thread's heap reached 110-140 MB while at most
 * 30 MB of it was live at any point between files. So after each file, when the heap has grown by more than
 * `step` (or by half of what was live after the last collection, whichever is more: the cost of collecting
 * stays proportional to what was allocated) since the last collection, the session asks V8 for one.
 * It is off unless `sessionLimits.gcStepBytes` is set (engine.ts): the forced collections cost CPU on V8's
 * background threads, which a scan using every core pays in wall time (figures there).
 *
 * The young generation is kept at its initial size too (`--semi-space-growth-factor=1`, a process-wide V8
 * flag): V8 otherwise grows the scan thread's to 2 x 16 MB of semi-spaces, memory a worker does not have
 * (its young generation is capped at 4 MB, parallel.ts). openai-agents-js, default --jobs, under load:
 * peak RSS 330 -> 305 MB with the pacing alone, -> 280 MB with both, CPU seconds within the noise.
 *
 * A collection changes no result; it only decides when memory is given back. The collector is reached as
 * jest's leak detector does: `--expose-gc` set at run time, then `gc` taken from a fresh context.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let exposedGc: (() => void) | undefined;
let youngCapped = false;
let heapGrowth = 0;

/**
 * How far V8 lets the old generation grow past what its last full collection left live before it starts the
 * next one: `percent` % (a process-wide V8 flag, every thread; the last call wins). V8 alone picks up to 4 times
 * what is live when its collector is fast next to the program, as it is in a scan, so the heap (and peak RSS)
 * is a multiple of what a scan keeps: on a 50,000-file generated repository, --jobs 1, a live heap of about
 * 60 MB let the heap reach 260 MB (peak RSS 349-399 MiB); at 25 % it stays near 90 MB (peak RSS 233-240 MiB),
 * for the same CPU seconds within the noise (V8 still chooses when, and marks on its background threads).
 * 0: V8 decides alone.
 */
export function limitHeapGrowth(percent: number): void {
  if (percent <= 0 || percent === heapGrowth) return;
  heapGrowth = percent;
  setFlagsFromString(`--heap-growing-percent=${Math.max(1, Math.round(percent))}`);
}

/** Stop V8 growing the young generation past its initial size, in every thread of the process (once). */
export function capYoungGeneration(): void {
  if (youngCapped) return;
  youngCapped = true;
  setFlagsFromString('--semi-space-growth-factor=1');
}

/** V8's full collection for this thread (each worker's isolate has its own). */
export function collectGarbage(): void {
  if (!exposedGc) {
    setFlagsFromString('--expose-gc');
    exposedGc = runInNewContext('gc') as () => void;
  }
  exposedGc();
}

/** Bytes of the V8 heap in use in this thread (live and not yet collected). */
export function heapUsed(): number {
  return getHeapStatistics().used_heap_size;
}

/** Collections may take this share of the session's time at most: after one that took d ms, none for 20 d ms. */
const MAX_GC_SHARE = 1 / 20;

export class HeapPacer {
  /** Heap in use just after the last collection (0 before the first). */
  private live = 0;
  /** When the last collection ended (ms), and how long it took. */
  private lastEnd = -Infinity;
  private lastMs = 0;
  /** Collections asked for so far (tests, benchmarks). */
  collections = 0;

  /** `step`: bytes the heap may grow by between collections (0: never collect, and leave the young generation alone). */
  constructor(
    private readonly step: number,
    private readonly used: () => number = heapUsed,
    private readonly collect: () => void = collectGarbage,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (step > 0 && collect === collectGarbage) capYoungGeneration();
  }

  /**
   * Called between files: collect if the heap grew past the step since the last collection, unless the last
   * one was too recent for its cost (a large live heap: a 50,000-file repository) — pacing then costs at most
   * a twentieth of the time, and V8's own collections do the rest.
   */
  check(): void {
    if (this.step <= 0 || this.used() < this.live + Math.max(this.step, this.live / 2)) return;
    const start = this.now();
    if (start - this.lastEnd < this.lastMs / MAX_GC_SHARE) return;
    this.collect();
    this.collections++;
    this.live = this.used();
    this.lastEnd = this.now();
    this.lastMs = this.lastEnd - start;
  }
}
