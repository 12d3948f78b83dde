/**
 * Issue 18: Python f-strings nested hundreds deep make tree-sitter's parse go wrong, so the tool around them
 * was not discovered and the scan said "no problems". Nesting that deep with no tool found is now reported
 * as an incomplete analysis (a rule error: exit 1); ordinary files and deep files whose tools were found
 * are unaffected.
 */
import { describe, expect, it } from '@jest/globals';
import { bracketDepth } from '../../src/families/tool-input/discovery/discover.js';
import { runCli } from '../helpers/cli.js';
import { makeRepo } from '../helpers/repo.js';

function server(body: string): string {
  return [
    'from mcp.server.fastmcp import FastMCP',
    '',
    'mcp = FastMCP("demo")',
    '',
    '@mcp.tool()',
    'def read_file(path: str) -> str:',
    `    label = ${body}`,
    '    return open(path).read()',
    '',
  ].join('\n');
}

function nestedFString(depth: number): string {
  let inner = 'x';
  for (let i = 0; i < depth; i++) inner = `f"{${inner}}"`;
  return inner;
}

describe('parser depth', () => {
  it('reports a file whose nesting hid its tools instead of a clean scan', async () => {
    const repo = makeRepo({ 'server.py': server(nestedFString(600)) });
    try {
      const r = await runCli(['scan', repo.dir, '--format', 'json'], repo.dir);
      const report = JSON.parse(r.stdout);
      expect(r.code).toBe(1);
      expect(report.ruleErrors.map((e: { ruleId: string }) => e.ruleId)).toContain('tool-input/path-traversal');
      expect(report.ruleErrors[0].reason).toContain('brackets nested deeper than 200 levels');
    } finally {
      repo.cleanup();
    }
  });

  it('stays quiet about ordinary nesting, and finds the flow where the tool was discovered', async () => {
    const repo = makeRepo({ 'server.py': server(nestedFString(20)) });
    try {
      const r = await runCli(['scan', repo.dir, '--format', 'json'], repo.dir);
      const report = JSON.parse(r.stdout);
      expect(report.ruleErrors).toEqual([]);
      expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['tool-input/path-traversal']);
    } finally {
      repo.cleanup();
    }
  });

  it('measures bracket nesting in one pass, unbalanced closers included', () => {
    expect(bracketDepth('a(b[c{d}])')).toBe(3);
    expect(bracketDepth(')))((')).toBe(2);
    expect(bracketDepth('('.repeat(100_000))).toBe(100_000);
  });
});
