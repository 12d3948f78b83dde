/**
 * Issue 18, per-file budgets: parsing stops at its time budget with a reason instead of stalling a scan,
 * and the parser is usable again afterwards.
 */
import { describe, expect, it } from '@jest/globals';
import { BudgetExceeded } from '../../src/core/budget.js';
import { parseCode } from '../../src/parsing/parsers.js';

describe('the parse budget', () => {
  const big = 'if (a) '.repeat(50_000) + 'f(a);\n';

  it('cancels a parse past its budget with BudgetExceeded', async () => {
    await expect(parseCode('javascript', big, 0)).rejects.toThrow(BudgetExceeded);
    await expect(parseCode('javascript', big, 0)).rejects.toThrow('parsing stopped after 0 s (the per-file time budget)');
  });

  it('parses the next file from its beginning after a cancelled parse', async () => {
    await expect(parseCode('python', 'x = (' + '1 + '.repeat(50_000) + '1)\n', 0)).rejects.toThrow(BudgetExceeded);
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
