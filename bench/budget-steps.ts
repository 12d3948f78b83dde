// Calibrates the per-file work budgets (src/core/budget.ts, src/parsing/parsers.ts) on real trees: the steps
// the tool-input analysis of each file takes (max, p99, median, and the files that take most, against
// FILE_ANALYSIS_STEPS), and the parse steps per byte of each code file (against PARSE_STEPS_PER_BYTE). The
// analysis runs twice: a file's count must be the same both times (counts are deterministic), and the
// own-time per thousand steps shows any work the steps do not see. The trees are read-only; nothing is written
// into them.
//
//   npm run bench:budget -- DIR [DIR…] [--top N] [--json FILE]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { budgetProbe, FILE_ANALYSIS_STEPS } from '../src/core/budget.js';
import { languageOf } from '../src/core/source-file.js';
import { loadRootAndConfig, scan } from '../src/engine/engine.js';
import { toolInputRules } from '../src/families/tool-input/index.js';
import { codeLanguageOf, parseCounted, PARSE_STEPS_PER_BYTE } from '../src/parsing/parsers.js';
import { workingTreeInput } from '../src/sources/working-tree.js';

const argv = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const top = Number(option('top') ?? 5);
const jsonOut = option('json');
const dirs = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && argv[i - 1].startsWith('--')));
if (!dirs.length) {
  console.error('usage: budget-steps DIR [DIR…] [--top N] [--json FILE]');
  process.exit(2);
}

/** The value at quantile q of ascending `xs`. */
const quantile = (xs: number[], q: number) => (xs.length ? xs[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)] : 0);
const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(3)}%`;

interface FileSteps {
  path: string;
  steps: number;
  ms: number;
}

async function analysisSteps(dir: string): Promise<{ files: FileSteps[]; ruleErrors: string[]; seconds: number }> {
  const files: FileSteps[] = [];
  budgetProbe.settled = (path, budget) => files.push({ path, steps: budget.used, ms: budget.elapsedMs });
  const started = performance.now();
  try {
    const result = await scan({ paths: [dir], rules: toolInputRules });
    return { files, ruleErrors: result.ruleErrors.map((e) => `${e.path}: ${e.reason}`), seconds: (performance.now() - started) / 1000 };
  } finally {
    budgetProbe.settled = undefined;
  }
}

async function parseSteps(dir: string): Promise<{ path: string; bytes: number; steps: number; ms: number }[]> {
  const { root, config } = loadRootAndConfig([dir], toolInputRules);
  const out: { path: string; bytes: number; steps: number; ms: number }[] = [];
  for (const e of workingTreeInput(root, [dir], config).entries) {
    const lang = languageOf(e.path);
    if (!codeLanguageOf(lang)) continue;
    let text: string;
    try {
      text = readFileSync(e.absPath ?? join(root.root, e.path), 'utf8');
    } catch {
      continue;
    }
    if (text.length > config.maxFileSize) continue;
    const started = performance.now();
    const r = await parseCounted(lang, text);
    const ms = performance.now() - started;
    if (!r) continue;
    r.parsed.tree.delete();
    out.push({ path: e.path, bytes: text.length, steps: r.steps, ms });
  }
  return out;
}

const report: Record<string, unknown> = {};
for (const dir of dirs) {
  console.log(`\n== ${dir}`);
  const first = await analysisSteps(dir);
  const second = await analysisSteps(dir);
  const again = new Map(second.files.map((f) => [f.path, f.steps]));
  const differing = first.files.filter((f) => again.get(f.path) !== f.steps).map((f) => `${f.path}: ${f.steps} then ${again.get(f.path)}`);
  const steps = first.files.map((f) => f.steps).sort((a, b) => a - b);
  const max = steps.at(-1) ?? 0;
  const p99 = quantile(steps, 0.99);
  const totalSteps = steps.reduce((a, b) => a + b, 0);
  const totalMs = first.files.reduce((a, f) => a + f.ms, 0);
  console.log(`tool-input analysis: ${first.files.length} files with tools, scan ${first.seconds.toFixed(1)} s then ${second.seconds.toFixed(1)} s`);
  console.log(
    `  steps per file: max ${max} (${pct(max, FILE_ANALYSIS_STEPS)} of ${FILE_ANALYSIS_STEPS}), p99 ${p99}, median ${quantile(steps, 0.5)}; total ${totalSteps}`,
  );
  console.log(`  own time: ${(totalMs / 1000).toFixed(1)} s, ${totalSteps ? ((1000 * totalMs) / totalSteps).toFixed(1) : '-'} µs per step overall`);
  console.log(`  same count in both runs: ${differing.length ? `NO, ${differing.length} differ: ${differing.slice(0, 5).join('; ')}` : 'yes'}`);
  console.log(`  rule errors: ${first.ruleErrors.length}${first.ruleErrors.length ? `\n    ${first.ruleErrors.slice(0, 10).join('\n    ')}` : ''}`);
  for (const f of [...first.files].sort((a, b) => b.steps - a.steps).slice(0, top))
    console.log(`    ${f.steps} steps, ${f.ms.toFixed(0)} ms (${f.steps ? ((1000 * f.ms) / f.steps).toFixed(1) : '-'} µs/step)  ${f.path}`);
  const slowest = [...first.files].sort((a, b) => b.ms - a.ms).slice(0, top);
  console.log('  most own time:');
  for (const f of slowest) console.log(`    ${f.ms.toFixed(0)} ms, ${f.steps} steps  ${f.path}`);

  const parsed = await parseSteps(dir);
  const perByte = parsed.map((p) => p.steps / Math.max(1, p.bytes)).sort((a, b) => a - b);
  const pmax = perByte.at(-1) ?? 0;
  console.log(
    `parse: ${parsed.length} code files, steps per byte max ${pmax.toFixed(3)} (${pct(pmax, PARSE_STEPS_PER_BYTE)} of ${PARSE_STEPS_PER_BYTE}), p99 ${quantile(perByte, 0.99).toFixed(3)}, median ${quantile(perByte, 0.5).toFixed(3)}`,
  );
  for (const p of [...parsed].sort((a, b) => b.steps / b.bytes - a.steps / a.bytes).slice(0, top))
    console.log(`    ${(p.steps / p.bytes).toFixed(3)} steps/byte, ${p.bytes} bytes, ${p.ms.toFixed(0)} ms  ${p.path}`);
  report[dir] = {
    analysis: { files: first.files.length, max, p99, median: quantile(steps, 0.5), ruleErrors: first.ruleErrors, differing, top: first.files },
    parse: { files: parsed.length, maxPerByte: pmax, p99PerByte: quantile(perByte, 0.99) },
  };
}
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(report, null, 2));
