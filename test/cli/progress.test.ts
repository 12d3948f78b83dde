import { describe, expect, it } from '@jest/globals';
import type { CliIO } from '../../src/app/io.js';
import { progressLine } from '../../src/app/progress.js';
import { scan, type ScanProgress } from '../../src/engine/engine.js';
import { ALL_RULES } from '../../src/families/index.js';
import { makeRepo } from '../helpers/repo.js';

/** Issue 16, item 5: a progress line on an interactive stderr for scans longer than a second, never elsewhere. */
function fakeTerminal(overrides: Partial<CliIO> = {}) {
  const written: string[] = [];
  const io: CliIO = { cwd: '/', env: {}, stdoutIsTTY: true, stderrIsTTY: true, columns: 100, out: () => {}, err: (t) => written.push(t), ...overrides };
  let clock = 0;
  return { io, written, now: () => clock, advance: (ms: number) => (clock += ms) };
}

describe('the progress line', () => {
  it('stays silent for the first second, then redraws in place at most every 100 ms and is cleared before the report', () => {
    const term = fakeTerminal();
    const line = progressLine(term.io, 'text', term.now);
    line.listener!({ done: 0, total: 200, path: 'src/a.py', family: 'secret' });
    term.advance(999);
    line.listener!({ done: 50, total: 200 });
    expect(term.written).toEqual([]);
    term.advance(1);
    line.listener!({ done: 60, total: 200, path: 'src/tools.py', family: 'tool-input' });
    term.advance(50);
    line.listener!({ done: 61, total: 200 }); // within 100 ms of the last draw: not drawn
    term.advance(50);
    line.listener!({ done: 62, total: 200 });
    expect(term.written).toEqual([
      '\ragent-guard: 60/200 files (30%) · tool-input · src/tools.py\x1b[K',
      '\ragent-guard: 62/200 files (31%) · tool-input · src/tools.py\x1b[K',
    ]);
    line.stop();
    expect(term.written.at(-1)).toBe('\r\x1b[K');
  });

  it('shows control and bidi characters of a file name as escapes and cuts a long path from the left, keeping the file name', () => {
    const term = fakeTerminal({ columns: 60 });
    const line = progressLine(term.io, 'text', term.now);
    term.advance(2000);
    line.listener!({ done: 1, total: 2, family: 'secret', path: `deep/${'nested/'.repeat(12)}a\x1b[2J\u202eb.py` });
    const drawn = term.written[0].replace(/^\r/, '').replace(/\x1b\[K$/, '');
    expect(drawn).toHaveLength(59);
    expect(drawn).toMatch(/^agent-guard: 1\/2 files \(50%\) · secret · ….*a\\x1b\[2J\\u202eb\.py$/);
    expect(drawn).not.toMatch(/[\x1b\u202e]/);
  });

  it('never appears in machine formats, on a pipe, with --quiet or on a dumb terminal', () => {
    for (const [format, overrides] of [
      ['json', {}],
      ['sarif', {}],
      ['github', {}],
      ['text', { stderrIsTTY: false }],
      ['text', { verbosity: 'quiet' }],
      ['text', { env: { TERM: 'dumb' } }],
    ] as [string, Partial<CliIO>][]) {
      const term = fakeTerminal(overrides);
      const line = progressLine(term.io, format, term.now);
      term.advance(5000);
      line.listener?.({ done: 1, total: 2 });
      line.stop();
      expect({ format, overrides, written: term.written }).toEqual({ format, overrides, written: [] });
    }
  });

  it('is fed by the engine: every file finishes once, and each file names the families it goes through', async () => {
    const repo = makeRepo({
      '.env': 'NOTHING=here\n',
      'agent/tools.py': 'from langchain_core.tools import tool\n\n@tool\ndef read(path: str) -> str:\n    return open(path).read()\n',
      'README.md': '# x\n',
    });
    try {
      const events: ScanProgress[] = [];
      const result = await scan({ paths: [repo.dir], rules: ALL_RULES, onProgress: (p) => events.push({ ...p }) });
      const finished = events.filter((e) => e.path === undefined).map((e) => e.done);
      expect(finished).toEqual([1, 2, 3]);
      expect(new Set(events.map((e) => e.total))).toEqual(new Set([3]));
      const toolFamilies = events.filter((e) => e.path === 'agent/tools.py').map((e) => e.family);
      expect(toolFamilies).toEqual(expect.arrayContaining(['secret', 'tool-input']));
      expect(result.stats.files).toBe(3);
    } finally {
      repo.cleanup();
    }
  });
});
