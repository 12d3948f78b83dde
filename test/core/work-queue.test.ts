import { describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { trackedFileCount, WorkQueue } from '../../src/engine/parallel.js';
import { git, makeRepo } from '../helpers/repo.js';

/**
 * The queue every scan thread takes its batches from (issue 16, item 2): no thread hands batches out, so a
 * thread busy with a long batch never keeps another waiting; a worker's slot names the batch it holds, so
 * the files of a worker that dies are reported as not analyzed, not lost.
 */
describe('WorkQueue', () => {
  it('hands out every index exactly once, in batches, then nothing', () => {
    const queue = WorkQueue.create(20, 1);
    const batches: [number, number][] = [];
    for (let b = queue.take(); b; b = queue.take()) batches.push(b);
    expect(batches).toEqual([
      [0, 8],
      [8, 16],
      [16, 20],
    ]);
    expect(queue.take()).toBeNull();
  });

  it('names the batch a worker holds, and none once the worker found the queue empty', () => {
    const queue = WorkQueue.create(10, 2);
    expect(queue.held(0)).toBeNull();
    expect(queue.take(1)).toEqual([0, 8]);
    expect(queue.held(1)).toEqual([0, 8]);
    expect(queue.held(0)).toBeNull();
    expect(queue.take(0)).toEqual([8, 10]);
    expect(queue.held(0)).toEqual([8, 10]);
    expect(queue.take(1)).toBeNull();
    expect(queue.held(1)).toBeNull();
    expect(queue.held(0)).toEqual([8, 10]);
  });

  it('names every batch a worker took, finished or held (its results are sent at its end), and none of the others', () => {
    const queue = WorkQueue.create(30, 2);
    expect(queue.take(0)).toEqual([0, 8]);
    expect(queue.take()).toEqual([8, 16]); // this thread's
    expect(queue.take(1)).toEqual([16, 24]);
    expect(queue.take(0)).toEqual([24, 30]);
    expect(queue.take(1)).toBeNull();
    expect(queue.takenBy(0)).toEqual([
      [0, 8],
      [24, 30],
    ]);
    expect(queue.takenBy(1)).toEqual([[16, 24]]);
  });

  it('is shared by threads: batches taken in another thread are not handed out here', async () => {
    const length = 800;
    const queue = WorkQueue.create(length, 1);
    // A worker taking batches from the same buffer at the same time as this thread (plain Atomics, the way
    // WorkQueue.take does it: a source-level worker cannot import the TypeScript module).
    const worker = new Worker(
      `const { workerData, parentPort } = require('node:worker_threads');
       const cells = new Int32Array(workerData.buffer);
       const got = [];
       for (;;) { const start = Atomics.add(cells, 0, 8); if (start >= workerData.length) break; got.push(start); }
       parentPort.postMessage(got);`,
      { eval: true, workerData: { buffer: queue.buffer, length } },
    );
    const theirs = new Promise<number[]>((resolve) => worker.once('message', resolve));
    const mine: number[] = [];
    for (let b = queue.take(); b; b = queue.take()) mine.push(b[0]);
    const all = [...mine, ...(await theirs)].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: length / 8 }, (_, i) => i * 8));
    await worker.terminate();
  });
});

/** How many files a repository tracks, read from its git index before any file is listed (warm workers). */
describe('trackedFileCount', () => {
  it('reads the number of index entries of a plain checkout', () => {
    const files = Object.fromEntries(Array.from({ length: 130 }, (_, i) => [`src/m${i}.py`, `x = ${i}\n`]));
    const repo = makeRepo(files);
    try {
      expect(trackedFileCount({ root: repo.dir, isGit: true })).toBe(130);
      git(repo.dir, 'rm', '-q', 'src/m0.py', 'src/m1.py');
      expect(trackedFileCount({ root: repo.dir, isGit: true })).toBe(128);
    } finally {
      repo.cleanup();
    }
  });

  it('gives no count outside git, for a linked worktree (.git is a file) and before anything is staged', () => {
    const plain = makeRepo({ 'a.py': 'x = 1\n' }, { git: false });
    const fresh = makeRepo({ 'a.py': 'x = 1\n' }, { commit: false });
    const repo = makeRepo({ 'a.py': 'x = 1\n' });
    try {
      expect(trackedFileCount({ root: plain.dir, isGit: false })).toBeNull();
      expect(trackedFileCount({ root: fresh.dir, isGit: true })).toBeNull();
      git(repo.dir, 'worktree', 'add', '-q', '-b', 'other', `${repo.dir}-linked`);
      expect(trackedFileCount({ root: `${repo.dir}-linked`, isGit: true })).toBeNull();
    } finally {
      plain.cleanup();
      fresh.cleanup();
      repo.cleanup();
      rmSync(`${repo.dir}-linked`, { recursive: true, force: true });
    }
  });
});
