import { describe, expect, it } from '@jest/globals';
import { parseSuppression } from '../../src/engine/suppress.js';
import { runOnFiles } from '../helpers/rules.js';
import { probe } from './probe.js';

describe('inline suppression syntax', () => {
  it.each([
    ['python / shell / yaml / toml / dotenv', 'k = 1  # agent-guard-ignore secret/probe: test fixture'],
    ['js / ts line comment', 'const k = 1; // agent-guard-ignore secret/probe: test fixture'],
    ['block comment', '/* agent-guard-ignore secret/probe: test fixture */'],
    ['jsx comment', '{/* agent-guard-ignore secret/probe: test fixture */}'],
    ['html / markdown', '<!-- agent-guard-ignore secret/probe: test fixture -->'],
    ['sql / lua', '-- agent-guard-ignore secret/probe: test fixture'],
    ['jinja', '{# agent-guard-ignore secret/probe: test fixture #}'],
    ['ejs / erb', '<%# agent-guard-ignore secret/probe: test fixture %>'],
    ['notebook cell line (JSON string)', '    "k = 1  # agent-guard-ignore secret/probe: test fixture\\n",'],
    ['notebook last cell line', '    "k = 1  # agent-guard-ignore secret/probe: test fixture"'],
  ])('reads rule and reason in %s', (_, line) => {
    expect(parseSuppression(line, 7)).toEqual({ rules: ['secret/probe'], reason: 'test fixture', line: 7 });
  });

  it.each([
    ['# agent-guard-ignore secret/probe', ''],
    ['# agent-guard-ignore secret/probe:', ''],
    ['# agent-guard-ignore secret/probe:   ', ''],
    ['/* agent-guard-ignore secret/probe */', ''],
    ['<!-- agent-guard-ignore secret/probe-->', ''],
    ['    "x  # agent-guard-ignore secret/probe\\n",', ''],
    ['    "x  # agent-guard-ignore secret/probe: \\n",', ''],
  ])('finds no reason in %s', (line, reason) => {
    const s = parseSuppression(line, 1);
    expect(s?.rules).toEqual(['secret/probe']);
    expect(s?.reason).toBe(reason);
  });

  it('reads several rules, families and the wildcard', () => {
    expect(parseSuppression('# agent-guard-ignore secret/a, tool-input/*,*: why', 1)).toEqual({
      rules: ['secret/a', 'tool-input/*', '*'],
      reason: 'why',
      line: 1,
    });
    expect(parseSuppression('# agent-guard-ignore <rule-id>: <reason>', 1)).toBeNull();
    expect(parseSuppression('no marker here', 1)).toBeNull();
  });
});

describe('suppressions in a scan', () => {
  it('suppresses on the line and the line above, in several languages', async () => {
    const result = await runOnFiles([probe], {
      'a.py': '# agent-guard-ignore secret/probe: fixture\nk = "TOKEN_A"\n',
      'b.ts': 'const k = "TOKEN_B"; // agent-guard-ignore secret/*: fixture\n',
      'c.md': '<!-- agent-guard-ignore secret/probe: docs example -->\nTOKEN_C\n',
      'd.yaml': 'k: TOKEN_D # agent-guard-ignore secret/probe: fixture\n',
      'e.ipynb': '{"cells": [{"source": [\n    "# agent-guard-ignore secret/probe: demo\\n",\n    "k = \\"TOKEN_E\\"\\n"\n]}]}\n',
      'f.py': 'k = "TOKEN_F"\n\n# agent-guard-ignore secret/probe: too far away\n',
    });
    expect(result.findings.map((f) => f.path)).toEqual(['f.py']);
    expect(result.suppressed).toBe(5);
    expect(result.notices).toBeUndefined();
  });

  it('a suppression without a reason still suppresses, and is reported as a notice', async () => {
    const result = await runOnFiles([probe], {
      'a.py': 'x = 1\nk = "TOKEN_A"  # agent-guard-ignore secret/probe\nj = "TOKEN_J"  # agent-guard-ignore secret/probe\n',
      'b.js': '// agent-guard-ignore secret/probe:\nconst k = "TOKEN_B";\n',
      'unused.py': '# agent-guard-ignore secret/probe\nnothing = 1\n',
    });
    expect(result.findings).toEqual([]);
    expect(result.suppressed).toBe(3);
    expect(result.notices).toEqual([
      { path: 'a.py', line: 2, message: 'agent-guard-ignore secret/probe has no reason: write "agent-guard-ignore <rule-id>: <why this is safe>"' },
      { path: 'a.py', line: 3, message: expect.stringContaining('has no reason') },
      { path: 'b.js', line: 1, message: expect.stringContaining('has no reason') },
    ]);
  });

  it('JSON files (no comments) are suppressed through config ignore entries', async () => {
    const files = { 'fixtures/calls.json': '{"k": "TOKEN_JSON"}\n', 'other.json': '{"k": "TOKEN_OTHER"}\n' };
    const result = await runOnFiles([probe], files, { ignore: [{ rule: 'secret/probe', files: 'fixtures/**/*.json', reason: 'recorded fixtures' }] });
    expect(result.findings.map((f) => f.path)).toEqual(['other.json']);
    expect(result.suppressed).toBe(1);
  });
});
