/**
 * Issue 18, "stay bounded": the tool-input analysis of one file runs within a budget (core/budget.ts). Past
 * its deadline it stops, keeps the flows found so far and says why the rest is missing; past the depth limit
 * it takes a conservative value for the too-deep part and says so. A flow through a long chain of
 * assignments carries a bounded number of steps (it used to copy every step at every assignment).
 */
import { describe, expect, it } from '@jest/globals';
import { AnalysisBudget, BudgetExceeded, MAX_COUNTED_PAUSE_MS, MAX_SYNTAX_DEPTH } from '../../src/core/budget.js';
import { defaultConfig } from '../../src/core/config.js';
import type { ProjectContext } from '../../src/core/types.js';
import { decodeText } from '../../src/sources/read.js';
import { analyzeHandler, handlerAnalysis } from '../../src/families/tool-input/taint/index.js';
import { MAX_STEPS } from '../../src/families/tool-input/taint/core.js';
import type { ToolHandler } from '../../src/families/tool-input/discovery/types.js';

function projectOf(files: Record<string, string>): ProjectContext {
  const memo = new Map<string, Promise<unknown>>();
  return {
    root: '/virtual',
    config: defaultConfig(),
    getFile: async (p) => {
      const r = p in files ? decodeText(p, Buffer.from(files[p]), 1e7) : null;
      return r && 'file' in r ? r.file : null;
    },
    allPaths: async () => Object.keys(files),
    memo: <T>(k: string, fn: () => Promise<T>) => {
      if (!memo.has(k)) memo.set(k, fn());
      return memo.get(k) as Promise<T>;
    },
  };
}

/** A handler `def handler(path):` spanning the whole file `h.py`. */
function handlerOf(text: string, path = 'h.py'): ToolHandler {
  const start = text.indexOf('def handler');
  const range = { startLine: 2, startColumn: 13, endLine: 2, endColumn: 17 };
  return {
    framework: 'langchain',
    language: 'python',
    name: 'handler',
    registration: { path, range },
    handler: { path, startIndex: start, endIndex: text.length - 1, range },
    parameters: [{ name: 'path', shape: 'value', range }],
  };
}

/** A clock that advances one unit per reading. */
function tickingClock(): () => number {
  let now = 0;
  return () => now++;
}

describe('the per-file time budget', () => {
  it('stops a long analysis, keeps the flows found before the deadline and says why', async () => {
    // an open() of the argument first, then many statements, then an os.remove() the budget never reaches
    const filler = Array.from({ length: 2000 }, (_, i) => `    v${i} = len(path) + ${i}`);
    const text = ['import os', 'def handler(path):', '    open(path)', ...filler, '    os.remove(path)', ''].join('\n');
    const budget = new AnalysisBudget(200, MAX_SYNTAX_DEPTH, tickingClock());
    const a = await handlerAnalysis(handlerOf(text), projectOf({ 'h.py': text }), budget);
    expect(a.flows.map((f) => [f.sink, f.range.startLine])).toEqual([['open()', 3]]);
    expect(a.incomplete).toEqual(['analysis stopped after 0.2 s (the per-file time budget) in h.py']);
  });

  it('finishes the same handler within an ample budget, with both flows and nothing left out', async () => {
    const filler = Array.from({ length: 2000 }, (_, i) => `    v${i} = len(path) + ${i}`);
    const text = ['import os', 'def handler(path):', '    open(path)', ...filler, '    os.remove(path)', ''].join('\n');
    const a = await handlerAnalysis(handlerOf(text), projectOf({ 'h.py': text }), new AnalysisBudget(60_000));
    expect(a.flows.map((f) => f.sink).sort()).toEqual(['open()', 'os.remove()']);
    expect(a.incomplete).toEqual([]);
  });

  it('throws BudgetExceeded once the time spent passes the budget', () => {
    let now = 0;
    const budget = new AnalysisBudget(10, 5, () => now);
    expect(() => budget.checkTime()).not.toThrow();
    now = 11;
    expect(() => budget.checkTime()).toThrow(BudgetExceeded);
  });

  it('does not charge a long pause between two checks (other files analyzed meanwhile) beyond MAX_COUNTED_PAUSE_MS', () => {
    let now = 0;
    const budget = new AnalysisBudget(1000, 5, () => now);
    for (let i = 1; i <= 10; i++) {
      now += 5000; // five seconds elsewhere between two checks
      expect(() => budget.checkTime()).not.toThrow();
    }
    now += 5000;
    expect(() => budget.checkTime()).toThrow(BudgetExceeded); // 11 × MAX_COUNTED_PAUSE_MS counted, past 1000 ms
    expect(MAX_COUNTED_PAUSE_MS).toBe(100);
  });

  it('does not charge the time spent loading another file (excluding) but still counts the work before it', async () => {
    let now = 0;
    const budget = new AnalysisBudget(100, 5, () => now);
    now = 60;
    const loaded = await budget.excluding(async () => {
      now += 90; // parsing an imported module: each file is parsed once per scan anyway
      return 'module';
    });
    expect(loaded).toBe('module');
    now += 30; // this file's own work: 60 + 30 counted, the 90 spent loading not
    expect(() => budget.checkTime()).not.toThrow();
    now += 20;
    expect(() => budget.checkTime()).toThrow(BudgetExceeded);
    // the work before an exclusion is counted when it starts
    const spent = new AnalysisBudget(10, 5, () => now);
    now += 11;
    await expect(spent.excluding(async () => 1)).rejects.toThrow(BudgetExceeded);
  });
});

describe('the depth limit', () => {
  it('takes a too-deep expression as tainted by the arguments it names, and reports it', async () => {
    const deep = `${'('.repeat(MAX_SYNTAX_DEPTH + 50)}path${')'.repeat(MAX_SYNTAX_DEPTH + 50)}`;
    const text = ['import os', 'def handler(path):', `    x = ${deep}`, '    os.remove(x)', ''].join('\n');
    const a = await handlerAnalysis(handlerOf(text), projectOf({ 'h.py': text }));
    expect(a.flows.map((f) => [f.sink, f.range.startLine])).toEqual([['os.remove()', 4]]);
    expect(a.incomplete).toEqual([`code nested deeper than ${MAX_SYNTAX_DEPTH} levels at h.py:3 (not analyzed past that depth)`]);
    await expect(analyzeHandler(handlerOf(text), projectOf({ 'h.py': text }))).rejects.toThrow(/incomplete analysis: code nested deeper/);
  });

  it('does not taint a too-deep expression that names no argument', async () => {
    const deep = `${'('.repeat(MAX_SYNTAX_DEPTH + 50)}"/tmp/x"${')'.repeat(MAX_SYNTAX_DEPTH + 50)}`;
    const text = ['import os', 'def handler(path):', `    x = ${deep}`, '    os.remove(x)', ''].join('\n');
    const a = await handlerAnalysis(handlerOf(text), projectOf({ 'h.py': text }));
    expect(a.flows).toEqual([]);
    expect(a.incomplete).toHaveLength(1);
  });

  it('analyzes nesting just under the limit completely', async () => {
    // each parenthesis is one level, under the statement and the assignment
    const n = MAX_SYNTAX_DEPTH - 10;
    const text = ['import os', 'def handler(path):', `    x = ${'('.repeat(n)}path${')'.repeat(n)}`, '    os.remove(x)', ''].join('\n');
    const a = await handlerAnalysis(handlerOf(text), projectOf({ 'h.py': text }));
    expect(a.flows.map((f) => f.sink)).toEqual(['os.remove()']);
    expect(a.incomplete).toEqual([]);
  });
});

describe('a long chain of assignments', () => {
  it('keeps the flow, its first step (the parameter) and at most MAX_STEPS steps', async () => {
    const n = 5000;
    const chain = ['    a0 = path', ...Array.from({ length: n }, (_, i) => `    a${i + 1} = a${i}`)];
    const text = ['import os', 'def handler(path):', ...chain, `    os.remove(a${n})`, ''].join('\n');
    const [flow] = await analyzeHandler(handlerOf(text), projectOf({ 'h.py': text }));
    expect(flow.sink).toBe('os.remove()');
    expect(flow.steps.length).toBeLessThanOrEqual(MAX_STEPS + 1);
    expect(flow.steps[0].message).toBe('tool parameter "path" (model-controlled)');
    expect(flow.steps.at(-2)?.message).toBe(`a${n} = a${n - 1}`);
    expect(flow.steps.at(-1)?.message).toBe('reaches os.remove()');
  });
});
