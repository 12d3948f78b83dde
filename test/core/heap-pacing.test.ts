import { describe, expect, it } from '@jest/globals';
import { collectGarbage, HeapPacer, heapUsed } from '../../src/engine/heap.js';
import { runSnippet, source } from '../helpers/snippet.js';

const MB = 1 << 20;

/** A pacer over a simulated heap: `grow` allocates, a collection leaves `live` bytes. */
function simulated(step: number) {
  let used = 0;
  let live = 0;
  const collected: number[] = [];
  // a clock that moves a second between checks and not during one: a collection takes no time and the brake
  // never holds (a loaded machine's real clock could make it hold between two checks)
  let ms = 0;
  const pacer = new HeapPacer(
    step,
    () => used,
    () => {
      collected.push(used);
      used = live;
    },
    () => ms,
  );
  return {
    pacer,
    collected,
    grow(bytes: number, liveAfter = live) {
      used += bytes;
      live = liveAfter;
      ms += 1000;
      pacer.check();
    },
  };
}

describe('garbage-collection pacing between files', () => {
  it('collects once the heap grew by the step since the last collection, not before', () => {
    const heap = simulated(16 * MB);
    heap.grow(10 * MB, 4 * MB);
    expect(heap.collected).toEqual([]);
    heap.grow(6 * MB);
    expect(heap.collected).toEqual([16 * MB]);
    // 4 MB live after it: the next one comes 16 MB later
    heap.grow(15 * MB);
    expect(heap.collected).toHaveLength(1);
    heap.grow(1 * MB);
    expect(heap.collected).toEqual([16 * MB, 20 * MB]);
    expect(heap.pacer.collections).toBe(2);
  });

  it('lets the heap grow by half of what is live when that is more than the step (collections stay proportional to allocation)', () => {
    const heap = simulated(16 * MB);
    heap.grow(100 * MB, 80 * MB);
    expect(heap.collected).toEqual([100 * MB]);
    heap.grow(39 * MB); // 80 + 39 < 80 + 40
    expect(heap.collected).toHaveLength(1);
    heap.grow(1 * MB);
    expect(heap.collected).toEqual([100 * MB, 120 * MB]);
  });

  it('never collects with a step of 0', () => {
    const heap = simulated(0);
    heap.grow(500 * MB);
    expect(heap.collected).toEqual([]);
  });

  it("reaches V8's collector of this thread: garbage is given back", () => {
    const made = (() => Array.from({ length: 200_000 }, (_, i) => ({ i, s: `x${i}` })).length)();
    const withGarbage = heapUsed();
    collectGarbage();
    expect(made).toBe(200_000);
    expect(heapUsed()).toBeLessThan(withGarbage - 5 * MB);
  });
});

describe('the young generation of a paced session', () => {
  /**
   * A child process (the flag is process-wide, so not this one): allocate objects that survive a few
   * scavenges, as an analysis does, and print the young generation's size, with or without a pacer first.
   */
  function youngGenerationMb(paced: boolean): number {
    const out = runSnippet(`import { HeapPacer } from ${source('src/engine/heap.ts')};
import { getHeapSpaceStatistics } from 'node:v8';
if (${paced}) new HeapPacer(16 << 20);
const window = new Array(50_000);
for (let i = 0; i < 400_000; i++) window[i % window.length] = { i, s: 'v' + i, a: [i, i + 1] };
const young = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
console.log(young.space_size / 1048576, window.length);`);
    return Number(out.split(' ')[0]);
  }

  it('stays at its initial size where V8 would grow it', () => {
    expect(youngGenerationMb(false)).toBeGreaterThanOrEqual(8);
    expect(youngGenerationMb(true)).toBeLessThanOrEqual(4);
  }, 60_000);
});

describe('the heap growth limit', () => {
  /**
   * A child process (the flag is process-wide): keep about 30 MB live, then make garbage that lives long
   * enough to be promoted to the old generation, as an analysis's node objects do, and print the most the
   * old generation held, with the growth limited to `percent` (0: V8 alone).
   */
  function oldGenerationPeakMb(percent: number): number {
    const out = runSnippet(`import { limitHeapGrowth } from ${source('src/engine/heap.ts')};
import { getHeapSpaceStatistics } from 'node:v8';
limitHeapGrowth(${percent});
const live = Array.from({ length: 300_000 }, (_, i) => ({ i, s: 'live' + i, a: [i] }));
const window = new Array(200_000);
let peak = 0;
for (let i = 0; i < 3_000_000; i++) {
  window[i % window.length] = { i, s: 'g' + i, a: [i, i] };
  if (i % 10_000 === 0) peak = Math.max(peak, getHeapSpaceStatistics().find((s) => s.space_name === 'old_space').space_size);
}
console.log(peak / 1048576, live.length);`);
    return Number(out.split(' ')[0]);
  }

  it('keeps the old generation near what is live where V8 alone lets it grow to several times that', () => {
    const alone = oldGenerationPeakMb(0);
    const limited = oldGenerationPeakMb(25);
    // about 30 MB live: V8 alone goes past 150 MB (300 MB on this machine), 25 % stays near 120 MB
    expect(alone).toBeGreaterThan(150);
    expect(limited).toBeLessThan(alone * 0.6);
  }, 120_000);
});

describe('the cost of pacing', () => {
  it('waits twenty times as long as the last collection took before the next one, however much the heap grew', () => {
    let used = 0;
    let clock = 0;
    const collected: number[] = [];
    const pacer = new HeapPacer(
      16 * MB,
      () => used,
      () => {
        collected.push(clock);
        clock += 10; // each collection takes 10 ms
        used = 0;
      },
      () => clock,
    );
    used = 20 * MB;
    pacer.check();
    expect(collected).toEqual([0]);
    // 100 ms later (ended at 10 ms): the heap grew past the step, but 20 x 10 ms have not passed
    clock = 110;
    used = 40 * MB;
    pacer.check();
    expect(collected).toEqual([0]);
    clock = 210;
    pacer.check();
    expect(collected).toEqual([0, 210]);
  });
});
