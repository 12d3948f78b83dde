/**
 * Issue 18, "stay bounded": the tool-input analysis of one file runs within a budget (core/budget.ts): a
 * count of steps, so it stops at the same point however loaded the machine (issue 16), and a time backstop.
 * Past it it stops, keeps the flows found so far and says why the rest is missing; past the depth limit
 * it takes a conservative value for the too-deep part and says so. A flow through a long chain of
 * assignments carries a bounded number of steps (it used to copy every step at every assignment).
 */
import { describe, expect, it } from '@jest/globals';
import {
  AnalysisBudget,
  BudgetExceeded,
  FILE_ANALYSIS_BACKSTOP_MS,
  FILE_ANALYSIS_STEPS,
  MAX_COUNTED_PAUSE_MS,
  MAX_SYNTAX_DEPTH,
} from '../../src/core/budget.js';
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

/** A clock that advances `step` ms per reading: a machine that much slower between two checks. */
function slowClock(step: number): () => number {
  let now = 0;
  return () => (now += step);
}

/** A clock that jumps by a random 0–10 ms per reading, now and then by seconds (other work running meanwhile). */
function jumpingClock(): () => number {
  let now = 0;
  return () => (now += Math.random() < 0.001 ? 5000 : Math.random() * 10);
}

/** A handler that opens its argument, then runs 2,000 statements, then removes it. */
function longHandler(): string {
  const filler = Array.from({ length: 2000 }, (_, i) => `    v${i} = len(path) + ${i}`);
  return ['import os', 'def handler(path):', '    open(path)', ...filler, '    os.remove(path)', ''].join('\n');
}

const summary = (a: { flows: { sink: string; range: { startLine: number } }[]; incomplete: string[] }) => ({
  flows: a.flows.map((f) => [f.sink, f.range.startLine]),
  incomplete: a.incomplete,
});

describe('the per-file work budget', () => {
  it('stops a long analysis after its steps, keeps the flows found before and says why', async () => {
    const text = longHandler();
    const budget = new AnalysisBudget({ steps: 200 });
    const a = await handlerAnalysis(handlerOf(text), projectOf({ 'h.py': text }), budget);
    expect(a.flows.map((f) => [f.sink, f.range.startLine])).toEqual([['open()', 3]]);
    expect(a.incomplete).toEqual(['analysis stopped after 200 steps (the per-file work budget) in h.py']);
  });

  it('stops at the same step with the same findings however slow or erratic the clock (machine load)', async () => {
    const text = longHandler();
    const runs = [];
    for (const clock of [() => 0, slowClock(1), slowClock(5), jumpingClock(), jumpingClock()])
      runs.push(summary(await handlerAnalysis(handlerOf(text), projectOf({ 'h.py': text }), new AnalysisBudget({ steps: 3000, clock }))));
    expect(runs[0].flows).toEqual([['open()', 3]]);
    expect(runs[0].incomplete).toEqual(['analysis stopped after 3,000 steps (the per-file work budget) in h.py']);
    for (const r of runs.slice(1)) expect(r).toEqual(runs[0]);
  });

  it('finishes the same handler within the default budget on a clock 5 ms slower per check (it used to stop after 10 s of it)', async () => {
    const text = longHandler();
    const budget = new AnalysisBudget({ clock: slowClock(5) });
    const a = await handlerAnalysis(handlerOf(text), projectOf({ 'h.py': text }), budget);
    expect(a.flows.map((f) => f.sink).sort()).toEqual(['open()', 'os.remove()']);
    expect(a.incomplete).toEqual([]);
    expect(budget.used).toBeGreaterThan(2000); // a step at least for each statement, so over 10 s at 5 ms a step
    expect(budget.elapsedMs).toBeGreaterThan(10_000);
    expect(budget.used).toBeLessThan(FILE_ANALYSIS_STEPS / 100);
  });

  it('stops at the time backstop only when the analysis itself takes that long', async () => {
    const text = longHandler();
    // 100 ms per check (the most a pause counts): 1 s after ten checks
    const budget = new AnalysisBudget({ backstopMs: 1000, clock: slowClock(MAX_COUNTED_PAUSE_MS) });
    const a = await handlerAnalysis(handlerOf(text), projectOf({ 'h.py': text }), budget);
    expect(a.flows.map((f) => [f.sink, f.range.startLine])).toEqual([['open()', 3]]);
    expect(a.incomplete).toEqual(['analysis stopped after 1 s (the per-file time backstop) in h.py']);
    expect(FILE_ANALYSIS_BACKSTOP_MS).toBeGreaterThanOrEqual(120_000);
  });

  it('throws BudgetExceeded once the steps are spent, and counts steps whatever the time', () => {
    let now = 0;
    const budget = new AnalysisBudget({ steps: 10, clock: () => (now += 1e9) });
    for (let i = 0; i < 10; i++) budget.tick();
    expect(budget.used).toBe(10);
    expect(() => budget.tick()).toThrow(new BudgetExceeded({ steps: 10 }));
    expect(budget.elapsedMs).toBe(10 * MAX_COUNTED_PAUSE_MS); // the step that ran out is not timed
  });

  it('does not charge a long pause between two checks (other files analyzed meanwhile) beyond MAX_COUNTED_PAUSE_MS against the backstop', () => {
    let now = 0;
    const budget = new AnalysisBudget({ backstopMs: 1000, clock: () => now });
    for (let i = 1; i <= 10; i++) {
      now += 5000; // five seconds elsewhere between two checks
      expect(() => budget.tick()).not.toThrow();
    }
    now += 5000;
    expect(() => budget.tick()).toThrow(BudgetExceeded); // 11 × MAX_COUNTED_PAUSE_MS counted, past 1000 ms
    expect(MAX_COUNTED_PAUSE_MS).toBe(100);
  });

  it('does not charge the time spent loading another file (excluding) but still counts the work before it', async () => {
    let now = 0;
    const budget = new AnalysisBudget({ backstopMs: 100, clock: () => now });
    now = 60;
    const loaded = await budget.excluding(async () => {
      now += 90; // parsing an imported module: each file is parsed once per scan anyway
      return 'module';
    });
    expect(loaded).toBe('module');
    now += 30; // this file's own work: 60 + 30 counted, the 90 spent loading not
    expect(() => budget.tick()).not.toThrow();
    now += 20;
    expect(() => budget.tick()).toThrow(BudgetExceeded);
    // the work before an exclusion is counted when it starts
    const spent = new AnalysisBudget({ backstopMs: 10, clock: () => now });
    now += 11;
    await expect(spent.excluding(async () => 1)).rejects.toThrow(BudgetExceeded);
  });
});

describe('work that branches without walking statements', () => {
  it('counts the values of locals followed to decide a condition (it ran for hours on values assigned back and forth)', async () => {
    // `if a:` asks whether `a` only reads the environment: each of a's 12 values is `b`, each of b's is `a`, …
    const swaps = Array.from({ length: 6 }, () => ['    a = b', '    b = a']).flat();
    const text = [
      'import os',
      'def handler(path):',
      '    a = os.environ.get("X")',
      '    b = os.environ.get("Y")',
      ...swaps,
      '    if a:',
      '        os.remove(path)',
      '',
    ].join('\n');
    const runs = [];
    for (const clock of [() => 0, slowClock(1)])
      runs.push(summary(await handlerAnalysis(handlerOf(text), projectOf({ 'h.py': text }), new AnalysisBudget({ steps: 50_000, clock }))));
    expect(runs[0]).toEqual({ flows: [], incomplete: ['analysis stopped after 50,000 steps (the per-file work budget) in h.py'] });
    expect(runs[1]).toEqual(runs[0]);
  });
});

describe('work shared across files (a helper summarized once per scan)', () => {
  const compute = (budget: AnalysisBudget, steps: number, inner?: () => Promise<unknown>) => async () => {
    for (let i = 0; i < steps; i++) budget.tick();
    if (inner) await inner();
    return steps;
  };

  it('costs the analysis that computes it its steps, and one that reuses it the same, once', async () => {
    const a = new AnalysisBudget();
    const first = await a.shared('h', undefined, compute(a, 40));
    expect(first).toEqual({ value: 40, cost: 40 });
    expect(a.used).toBe(40);
    const b = new AnalysisBudget();
    b.tick();
    expect(await b.shared('h', first.cost, async () => 'reused')).toEqual({ value: 'reused', cost: 40 });
    expect(b.used).toBe(41);
    await b.shared('h', first.cost, async () => 'again');
    expect(b.used).toBe(41); // reused twice, paid once
  });

  it('counts a helper the same whichever of its callees were computed or reused, and each callee once in it', async () => {
    // g (10 steps) is used by h (5 steps of its own) twice; h's cost is 15 whether g was computed inside it or not
    const fresh = new AnalysisBudget();
    const h1 = await fresh.shared('h', undefined, async () => {
      for (let i = 0; i < 5; i++) fresh.tick();
      const g = await fresh.shared('g', undefined, compute(fresh, 10));
      await fresh.shared('g', g.cost, async () => g.value);
      return 'h';
    });
    expect(h1.cost).toBe(15);
    expect(fresh.used).toBe(15);
    const warm = new AnalysisBudget();
    const h2 = await warm.shared('h', undefined, async () => {
      for (let i = 0; i < 5; i++) warm.tick();
      await warm.shared('g', 10, async () => 10); // g computed by another file before
      return 'h';
    });
    expect(h2.cost).toBe(15);
    expect(warm.used).toBe(15);
    // computing a copy of work this analysis already paid for (another file was computing it meanwhile) costs nothing more
    await warm.shared('h', undefined, async () => {
      for (let i = 0; i < 5; i++) warm.tick();
      return 'h';
    });
    expect(warm.used).toBe(15);
  });

  it('stops inside shared work at the same total as when reusing it', async () => {
    const computing = new AnalysisBudget({ steps: 30 });
    computing.tick(20);
    await expect(computing.shared('h', undefined, compute(computing, 15))).rejects.toThrow(BudgetExceeded);
    const reusing = new AnalysisBudget({ steps: 30 });
    reusing.tick(20);
    await expect(reusing.shared('h', 15, async () => 'never')).rejects.toThrow(BudgetExceeded);
    const fits = new AnalysisBudget({ steps: 35 });
    fits.tick(20);
    await fits.shared('h', 15, async () => 1);
    expect(fits.used).toBe(35);
  });

  it('counts a handler the same steps, and stops it at the same point, when its helpers were summarized before', async () => {
    // Summaries are kept for the whole scan; analyses are memoized too, except here, so that a second analysis
    // of the handler finds every summary of the first already made (as a file would whose helpers another
    // file's analysis summarized first, were summaries shared across handlers).
    const util = [
      'import os',
      'def clean(p):',
      ...Array.from({ length: 50 }, (_, i) => `    w${i} = len(p) + ${i}`),
      '    return os.path.join("/srv", p)',
      '',
    ].join('\n');
    const text = ['from util import clean', 'import os', 'def handler(path):', '    q = clean(path)', '    os.remove(clean(q))', ''].join('\n');
    const files = { 'util.py': util, 'a.py': text };
    const rerun = () => {
      const project = projectOf(files);
      const memo = project.memo;
      return { ...project, memo: <T>(k: string, fn: () => Promise<T>) => (k.startsWith('taint:handler:') ? fn() : memo(k, fn)) };
    };
    const project = rerun();
    const first = new AnalysisBudget();
    const a1 = await handlerAnalysis(handlerOf(text, 'a.py'), project, first);
    expect(a1.flows.map((f) => f.sink)).toEqual(['os.remove()']);
    expect(first.used).toBeGreaterThan(100); // both calls of the helper are counted (two taint patterns)
    const second = new AnalysisBudget();
    const a2 = await handlerAnalysis(handlerOf(text, 'a.py'), project, second);
    expect(summary(a2)).toEqual(summary(a1));
    expect(second.used).toBe(first.used);

    // one step fewer stops it, at the same point, whether the helpers' summaries are made or reused
    const tight = () => new AnalysisBudget({ steps: first.used - 1 });
    const cold = await handlerAnalysis(handlerOf(text, 'a.py'), rerun(), tight());
    const warm = await handlerAnalysis(handlerOf(text, 'a.py'), project, tight());
    expect(cold.incomplete).toEqual([`analysis stopped after ${(first.used - 1).toLocaleString('en-US')} steps (the per-file work budget) in a.py`]);
    expect(summary(warm)).toEqual(summary(cold));
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
