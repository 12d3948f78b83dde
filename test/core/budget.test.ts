/**
 * Issue 18, per-file budgets (and 16: results must not depend on machine load): parsing stops at its budget
 * of steps (tree-sitter's progress callbacks, counted: the same count on every run) or, as a last resort, at
 * its time backstop, with a reason instead of stalling a scan, and the parser is usable again afterwards.
 */
import { describe, expect, it } from '@jest/globals';
import { BudgetExceeded } from '../../src/core/budget.js';
import { PARSE_MIN_STEPS, PARSE_STEPS_PER_BYTE, parseBackstopMs, parseCode, parseCounted } from '../../src/parsing/parsers.js';

describe('the parse budget', () => {
  const big = 'if (a) '.repeat(50_000) + 'f(a);\n';

  it('cancels a parse past its steps with BudgetExceeded', async () => {
    await expect(parseCode('javascript', big, { steps: 0 })).rejects.toThrow(BudgetExceeded);
    await expect(parseCode('javascript', big, { steps: 1000 })).rejects.toThrow('parsing stopped after 1,000 steps (the per-file work budget)');
  });

  it('cancels a parse past its time backstop', async () => {
    await expect(parseCode('javascript', big, { backstopMs: 0 })).rejects.toThrow('parsing stopped after 0 s (the per-file time backstop)');
  });

  it('counts the same steps on every parse of a text, well within the default budget of nested ifs', async () => {
    const counts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = (await parseCounted('javascript', big))!;
      counts.push(r.steps);
      r.parsed.tree.delete();
    }
    expect(new Set(counts).size).toBe(1);
    expect(counts[0]).toBeGreaterThan(1000);
    expect(counts[0]).toBeLessThan(PARSE_STEPS_PER_BYTE * big.length);
    // the exact count is the cut-off: one step fewer stops the parse, as many finishes it
    await expect(parseCode('javascript', big, { steps: counts[0] - 1 })).rejects.toThrow(BudgetExceeded);
    (await parseCode('javascript', big, { steps: counts[0] }))!.tree.delete();
  });

  it('gives every file at least PARSE_MIN_STEPS steps and a backstop growing with its size', () => {
    expect(PARSE_MIN_STEPS).toBeGreaterThan(0);
    expect(parseBackstopMs(10_000_000)).toBeGreaterThan(parseBackstopMs(1_000_000));
    expect(parseBackstopMs(0)).toBeGreaterThanOrEqual(120_000);
  });

  it('parses the next file from its beginning after a cancelled parse', async () => {
    await expect(parseCode('python', 'x = (' + '1 + '.repeat(50_000) + '1)\n', { steps: 0 })).rejects.toThrow(BudgetExceeded);
    const parsed = await parseCode('python', 'def f(x):\n    return x\n');
    expect(parsed?.root.hasError).toBe(false);
    expect(parsed?.root.namedChildren.map((c) => c?.type)).toEqual(['function_definition']);
    parsed?.tree.delete();
  });

  it('parses within the default budget', async () => {
    const parsed = await parseCode('javascript', big);
    expect(parsed?.root.hasError).toBe(false);
    parsed?.tree.delete();
  });
});
