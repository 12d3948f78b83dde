/**
 * What one file's analysis read from the rest of the repository, for the scan cache (src/engine/cache.ts):
 * a cached result stays valid only while every file it read is unchanged.
 *
 * Reads are recorded where they happen (the engine's `getFile` and `allPaths`) into the read set of the
 * computation running (an AsyncLocalStorage store follows it across awaits). A value computed once and shared
 * by several files (a project memo, a taint summary of a function in another module) is computed with its own
 * read set, and every caller that uses it takes over that set: a file that reuses a summary computed for
 * another file still depends on the module the summary read. Off (no cost) unless a scan turns it on.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** Root-relative paths a computation read (present or not); `listed`: it asked for the list of every path. */
export interface ReadSet {
  paths: Set<string>;
  listed: boolean;
}

const current = new AsyncLocalStorage<ReadSet>();
let tracking = false;

/** Turn recording on for this thread (a cached scan, or a scan worker of one). */
export function trackReads(on = true): void {
  tracking = on;
}

export function isTrackingReads(): boolean {
  return tracking;
}

export function newReadSet(): ReadSet {
  return { paths: new Set(), listed: false };
}

/** Run `compute` with its reads recorded into `reads`. */
export function withReads<T>(reads: ReadSet, compute: () => Promise<T>): Promise<T> {
  return tracking ? current.run(reads, compute) : compute();
}

export function recordRead(path: string): void {
  if (tracking) current.getStore()?.paths.add(path);
}

export function recordListing(): void {
  const store = tracking ? current.getStore() : undefined;
  if (store) store.listed = true;
}

/** The reads of a shared computation join the running computation's. */
export function mergeReads(from: ReadSet): void {
  const to = tracking ? current.getStore() : undefined;
  if (!to || to === from) return;
  for (const p of from.paths) to.paths.add(p);
  if (from.listed) to.listed = true;
}

/**
 * A value computed once and used by several computations: `join()` gives the value to the caller and adds
 * what computing it read to the caller's reads (when it settles, value or error).
 */
export class SharedValue<T> {
  readonly reads = newReadSet();
  readonly promise: Promise<T>;

  constructor(compute: () => Promise<T>) {
    this.promise = withReads(this.reads, compute);
  }

  join(): Promise<T> {
    if (!tracking) return this.promise;
    return this.promise.then(
      (value) => {
        mergeReads(this.reads);
        return value;
      },
      (err: unknown) => {
        mergeReads(this.reads);
        throw err;
      },
    );
  }
}

/**
 * The scan's memo (`ProjectContext.memo`): `memoTable` (core/memo.ts) whose values carry their reads to every
 * caller, and that can be emptied between files (`forget`) so values holding parse-tree nodes do not keep
 * every tree of the repository alive for the whole scan.
 */
export class SharedMemo {
  private table = new Map<string, SharedValue<unknown>>();
  private readonly unsettled = new Set<Promise<unknown>>();

  readonly get = <T>(key: string, compute: () => Promise<T>): Promise<T> => {
    let shared = this.table.get(key) as SharedValue<T> | undefined;
    if (!shared) {
      shared = new SharedValue(compute);
      this.table.set(key, shared);
      const settled = shared.promise.then(
        () => {},
        () => {},
      );
      this.unsettled.add(settled);
      void settled.then(() => this.unsettled.delete(settled));
    }
    return shared.join();
  };

  /** Computations started and not settled yet (a caller may have stopped waiting for one: it still runs). */
  get pending(): number {
    return this.unsettled.size;
  }

  /** Settles when every computation started so far has. */
  async settled(): Promise<void> {
    while (this.unsettled.size) await Promise.all([...this.unsettled]);
  }

  /** Drop every value but those whose key `retain` accepts: the next caller computes it again. */
  forget(retain: (key: string) => boolean): void {
    const kept = new Map<string, SharedValue<unknown>>();
    for (const [key, value] of this.table) if (retain(key)) kept.set(key, value);
    this.table = kept;
  }
}

/** A `SharedMemo`'s `get`, for callers that never empty it. */
export function sharedMemoTable(): <T>(key: string, compute: () => Promise<T>) => Promise<T> {
  return new SharedMemo().get;
}
