import { describe, expect, it } from '@jest/globals';
import { WeightedLru } from '../../src/core/lru.js';
import { SharedMemo } from '../../src/core/reads.js';

describe('WeightedLru', () => {
  it('evicts the least recently used values once their weights pass the capacity', () => {
    const evicted: string[] = [];
    const lru = new WeightedLru<string, number>(10, (k) => evicted.push(k));
    lru.set('a', 1, 4);
    lru.set('b', 2, 4);
    expect(lru.get('a')).toBe(1); // a is now the most recent
    lru.set('c', 3, 4); // 12 > 10: b goes, not a
    expect(evicted).toEqual(['b']);
    expect([...lru].map(([k]) => k)).toEqual(['a', 'c']);
    expect(lru.weight).toBe(8);
    expect(lru.peek('b')).toBeUndefined();
  });

  it('keeps the value just set even when it alone is over the capacity', () => {
    const lru = new WeightedLru<string, string>(5);
    lru.set('small', 's', 2);
    lru.set('huge', 'h', 50);
    expect([...lru].map(([k]) => k)).toEqual(['huge']);
    expect(lru.get('huge')).toBe('h');
    lru.set('next', 'n', 1); // the huge one is no longer spared
    expect([...lru].map(([k]) => k)).toEqual(['next']);
  });

  it('weighs a value later, only while it is still the one held', () => {
    const lru = new WeightedLru<string, object>(10);
    const first = {};
    lru.set('k', first);
    lru.set('other', {}, 6);
    lru.weigh('k', {}, 100); // another value: ignored
    expect(lru.weight).toBe(6);
    lru.weigh('k', first, 8); // 14 > 10: the least recent other than k goes
    expect([...lru].map(([k]) => k)).toEqual(['k']);
    expect(lru.weight).toBe(8);
  });

  it('evicts down to a limit on demand and forgets deleted values', () => {
    const lru = new WeightedLru<number, number>(Infinity);
    for (let i = 0; i < 5; i++) lru.set(i, i, 10);
    lru.get(0);
    expect(lru.evictTo(25).map(([k]) => k)).toEqual([1, 2, 3]);
    expect(lru.delete(4)).toBe(true);
    expect(lru.delete(4)).toBe(false);
    expect(lru.weight).toBe(10);
    expect(lru.size).toBe(1);
  });
});

describe('SharedMemo', () => {
  it('computes a key once until forgotten, and keeps the values it is told to', async () => {
    const memo = new SharedMemo();
    let computed = 0;
    const compute = async () => ++computed;
    expect(await memo.get('tree:a', compute)).toBe(1);
    expect(await memo.get('tree:a', compute)).toBe(1);
    expect(await memo.get('plain', compute)).toBe(2);
    memo.forget((key) => key === 'plain');
    expect(await memo.get('tree:a', compute)).toBe(3);
    expect(await memo.get('plain', compute)).toBe(2);
  });

  it('counts computations that have not settled, even after they are forgotten', async () => {
    const memo = new SharedMemo();
    let release!: () => void;
    const slow = memo.get('slow', () => new Promise<void>((r) => (release = r)));
    await memo.get('fast', async () => 1);
    await new Promise((r) => setImmediate(r));
    expect(memo.pending).toBe(1);
    memo.forget(() => false);
    expect(memo.pending).toBe(1);
    release();
    await slow;
    await memo.settled();
    expect(memo.pending).toBe(0);
  });
});
