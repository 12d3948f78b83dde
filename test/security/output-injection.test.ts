/**
 * Issue 18: text from a scanned repository (file names, tool names quoted in messages) cannot forge a
 * workflow command in a CI log, move a terminal's cursor, recolor it, or reorder what a reader sees
 * (bidirectional controls), in any human-facing output: text, tools, github, job summary, PR review
 * comments, the Action's annotations. JSON and SARIF keep the exact data.
 *
 * The hostile names are real files in a real temporary git repository (a newline in a file name is legal
 * on Linux), each holding a generated key so every file has a finding to print.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { logSafe, visible } from '../../src/core/display.js';
import { scan, type ScanResult } from '../../src/engine/engine.js';
import { ALL_RULES } from '../../src/families/index.js';
import { fakeKey, seededRng } from '../../src/families/secret/fake-keys.js';
import { jobSummaryMarkdown } from '../../src/reporters/job-summary.js';
import { commentBody } from '../../src/reporters/pr-review.js';
import { annotationOf, planAnnotations } from '../../src/action/annotations.js';
import { runCli } from '../helpers/cli.js';
import { makeRepo } from '../helpers/repo.js';

/** Characters no human-facing output may carry raw: C0 but LF (outputs are lines), DEL, C1, bidi controls, LS/PS. */
const HIDDEN = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
/** How the runner reads a workflow command: `::` after leading white space (.NET TrimStart), or `##[` anywhere. */
const COMMAND_START = /^[\s\u0085]*::/;

const NAMES = {
  command: '::error file=x.py,line=1::forged.py',
  commandAfterSpace: ' \u00a0::warning::spaced.py',
  legacy: '##[error]legacy.py',
  esc: 'esc\u001b[31mred\u001b[0m.py',
  clear: 'clear\u001b[2J\u001b[H.py',
  rtl: 'invoice\u202egnp.py',
  isolates: 'iso\u2066x\u2069\u061c\u200e.py',
  newline: 'nl\n::error::injected.py',
  cr: 'cr\r::notice::hidden.py',
  c1: 'c1\u0085\u009b31m.py',
  del: 'del\u007f.py',
  tab: 'tab\tname.py',
  separators: 'ls\u2028ps\u2029.py',
} as const;

/** A tool whose name is declared nowhere: the unknown-tool message quotes it. */
const HOSTILE_TOOL = '\u001b[2J\n::error::tool\u202eexe.sh##[warning]x';

const keys = Object.keys(NAMES).map((_, i) => fakeKey('anthropic', seededRng(18_300 + i)).key);
const files: Record<string, string> = {};
Object.values(NAMES).forEach((name, i) => (files[name] = `API_KEY = "${keys[i]}"\n`));
// A tool handler in a hostile file name, for `tools`.
files['::error::tools\u202e.py'] =
  'from mcp.server.fastmcp import FastMCP\nmcp = FastMCP("x")\n\n@mcp.tool()\ndef read_note(path: str) -> str:\n    return open(path).read()\n';
files['calls.jsonl'] =
  JSON.stringify({
    messages: [
      { role: 'user', content: 'f' },
      { role: 'assistant', tool_calls: [{ id: 'k1', type: 'function', function: { name: HOSTILE_TOOL, arguments: '{}' } }] },
    ],
    tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } }],
  }) + '\n';

let repo: { dir: string; cleanup: () => void };
let result: ScanResult;

beforeAll(async () => {
  repo = makeRepo(files, { commit: false });
  result = await scan({ paths: [repo.dir], rules: ALL_RULES });
}, 60_000);
afterAll(() => repo?.cleanup());

/** Every line of a human-facing output: no raw hidden character, nothing the runner reads as a command. */
function expectInert(output: string, options: { commands?: boolean; log?: boolean } = {}): void {
  for (const line of output.split('\n')) {
    expect({ line, hidden: HIDDEN.test(line) }).toEqual({ line, hidden: false });
    if (options.log === false) continue;
    if (!options.commands) expect({ line, command: COMMAND_START.test(line) }).toEqual({ line, command: false });
    // A line the runner parsed as an `::` command is not parsed again for `##[`.
    expect({ line, legacy: line.includes('##[') && !line.startsWith('::') }).toEqual({ line, legacy: false });
  }
}

describe('visible and logSafe (core/display.ts)', () => {
  it('shows control, bidirectional and separator characters as escapes and leaves other text alone', () => {
    expect(visible('a\u001b[31mb')).toBe('a\\x1b[31mb');
    expect(visible('x\u202ey\u2066z\u2069\u061c\u200e\u200f')).toBe('x\\u202ey\\u2066z\\u2069\\u061c\\u200e\\u200f');
    expect(visible('a\nb\rc\td\u0000\u007f\u0085\u009b')).toBe('a\\nb\\rc\\td\\x00\\x7f\\x85\\x9b');
    expect(visible('\u2028\u2029')).toBe('\\u2028\\u2029');
    expect(visible('a\tb', { keepTab: true })).toBe('a\tb');
    expect(visible('dir with space/ünï code — 日本.py ✔')).toBe('dir with space/ünï code — 日本.py ✔');
  });

  it('turns a line-leading `::` and any `##[` into inert text, keeping color codes and line breaks', () => {
    expect(logSafe('::error::x')).toBe('\\x3a:error::x');
    expect(logSafe('  \u00a0::warning::x\nok :: fine')).toBe('  \u00a0\\x3a:warning::x\nok :: fine');
    expect(logSafe('\u001b[4m::error::x\u001b[0m')).toBe('\u001b[4m\\x3a:error::x\u001b[0m');
    expect(logSafe('a ##[error]b ##[group]c')).toBe('a ##\\x5berror]b ##\\x5bgroup]c');
    expect(logSafe('plain: text')).toBe('plain: text');
  });
});

describe('hostile file names and messages in every format', () => {
  it('finds a key in every hostile file (the names are real files)', () => {
    const paths = new Set(result.findings.filter((f) => f.ruleId === 'secret/anthropic-api-key').map((f) => f.path));
    for (const name of Object.values(NAMES)) expect(paths).toContain(name);
    const unknown = result.findings.find((f) => f.ruleId === 'tool-payload/unknown-tool');
    expect(unknown?.message).toContain(HOSTILE_TOOL);
  });

  it('text: every name escaped, no line a workflow command', async () => {
    const r = await runCli(['scan', '--fail-on', 'never', repo.dir], repo.dir);
    expect(r.code).toBe(0);
    expectInert(r.stdout);
    // Each file's header line, as printed.
    const lines = r.stdout.split('\n');
    for (const header of [
      '\\x3a:error file=x.py,line=1::forged.py',
      ' \u00a0\\x3a:warning::spaced.py',
      '##\\x5berror]legacy.py',
      'esc\\x1b[31mred\\x1b[0m.py',
      'clear\\x1b[2J\\x1b[H.py',
      'invoice\\u202egnp.py',
      'iso\\u2066x\\u2069\\u061c\\u200e.py',
      'nl\\n::error::injected.py',
      'cr\\r::notice::hidden.py',
      'c1\\x85\\x9b31m.py',
      'del\\x7f.py',
      'tab\\tname.py',
      'ls\\u2028ps\\u2029.py',
    ])
      expect(lines).toContain(header);
    expect(r.stdout).toContain('\\x1b[2J\\n::error::tool\\u202eexe.sh##\\x5bwarning]x');
  });

  it('text --quiet: the same', async () => {
    const r = await runCli(['scan', '--quiet', '--fail-on', 'never', repo.dir], repo.dir);
    expectInert(r.stdout);
    expect(r.stdout).toContain('\\x3a:error file=x.py,line=1::forged.py');
  });

  it('github: only agent-guard commands, names escaped inside them, plain lines inert', async () => {
    const r = await runCli(['scan', '--format', 'github', '--fail-on', 'never', repo.dir], repo.dir);
    expectInert(r.stdout, { commands: true });
    const lines = r.stdout.trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(/^(::(error|warning|notice) [^:]*::|agent-guard: )/);
    expect(lines.filter((l) => l.startsWith('::')).length).toBeGreaterThan(0);
    // More than 10 errors: the rest are plain log lines, where `##[` must not survive either.
    expect(lines.some((l) => l.startsWith('agent-guard: '))).toBe(true);
    expect(r.stdout).toContain('file=esc\\x1b[31mred\\x1b[0m.py,');
    expect(r.stdout).toContain('file=%3A%3Aerror%3A%3Atools\\u202e.py,');
    expect(r.stdout).toContain('agent-guard: error invoice\\u202egnp.py:1:12 ');
    expect(r.stdout).toContain('agent-guard: error nl\\n::error::injected.py:1:12 ');
    expect(r.stdout).toContain('file=cr\\r%3A%3Anotice%3A%3Ahidden.py,');
  });

  it('tools: the listing escapes the file name at the start of its line', async () => {
    const r = await runCli(['tools', repo.dir], repo.dir);
    expect(r.code).toBe(0);
    expectInert(r.stdout);
    expect(r.stdout).toContain('\\x3a:error::tools\\u202e.py:5  mcp-python  read_note');
  });

  it('JSON and SARIF keep the exact names (their serializers escape them)', async () => {
    const json = JSON.parse((await runCli(['scan', '--format', 'json', '--fail-on', 'never', repo.dir], repo.dir)).stdout);
    const jsonPaths = new Set((json.findings as { path: string }[]).map((f) => f.path));
    for (const name of Object.values(NAMES)) expect(jsonPaths).toContain(name);
    const sarif = JSON.parse((await runCli(['scan', '--format', 'sarif', '--fail-on', 'never', repo.dir], repo.dir)).stdout);
    const uris = new Set(
      (sarif.runs[0].results as { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[]).map((x) =>
        decodeURIComponent(x.locations[0].physicalLocation.artifactLocation.uri),
      ),
    );
    for (const name of Object.values(NAMES)) expect(uris).toContain(name);
    const tools = JSON.parse((await runCli(['tools', '--format', 'json', repo.dir], repo.dir)).stdout);
    expect(tools.tools[0].path).toBe('::error::tools\u202e.py');
  });

  it('job summary and PR review comments: no raw control or bidi character, names shown escaped', () => {
    const summary = jobSummaryMarkdown(result, { maxRows: 1000 });
    // Markdown files, not log lines: `##[` or `::` there is text.
    expectInert(summary, { log: false });
    expect(summary).toContain('`invoice\\u202egnp.py:1`');
    expect(summary).toContain('`esc\\x1b[31mred\\x1b[0m.py:1`');
    // Outside a code span the backslash is escaped, so `\x1b` renders as written (a line break is a space there).
    expect(summary).toContain('\\\\x1b\\[2J ::error::tool\\\\u202eexe.sh##\\[warning\\]x');
    for (const f of result.findings) expectInert(commentBody([f]), { log: false });
    const unknown = result.findings.find((f) => f.ruleId === 'tool-payload/unknown-tool')!;
    expect(commentBody([unknown])).toContain('\\\\x1b\\[2J');
  });

  it('Action annotations: message, file and title carry no raw control or bidi character', () => {
    const annotations = result.findings.map((f) => annotationOf(f));
    expect(planAnnotations(result.findings).annotations.length).toBe(10);
    for (const a of annotations) {
      expect(HIDDEN.test(a.message.replace(/\n/g, ''))).toBe(false);
      for (const v of Object.values(a.properties)) expect(HIDDEN.test(String(v))).toBe(false);
    }
    const files = annotations.map((a) => a.properties.file);
    expect(files).toContain('esc\\x1b[31mred\\x1b[0m.py');
    expect(files).toContain('invoice\\u202egnp.py');
  });

  it('the raw names really hold what the assertions look for (the test can fail)', () => {
    const raw = Object.values(NAMES).join('\n');
    expect(HIDDEN.test(raw)).toBe(true);
    expect(raw.split('\n').some((l) => COMMAND_START.test(l))).toBe(true);
  });
});
