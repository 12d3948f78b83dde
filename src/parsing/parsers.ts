import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Language as TsLanguage, Node, Parser, Tree } from 'web-tree-sitter';
import { languageOf, type CodeLanguage, type Language, type ParsedTree } from '../core/source-file.js';
import { BudgetExceeded, FILE_ANALYSIS_BACKSTOP_MS, type BudgetLimit } from '../core/budget.js';

export type { CodeLanguage, ParsedTree };

export type { Node, Tree };

const GRAMMAR_FILES: Record<CodeLanguage, string> = {
  python: 'tree-sitter-python.wasm',
  javascript: 'tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
};

/**
 * Where the wasm files are: next to the bundle (dist/wasm/) when running the built CLI or Action,
 * else in node_modules when running from source.
 */
function wasmPath(file: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const bundled = join(here, 'wasm', file);
  if (existsSync(bundled)) return bundled;
  const require = createRequire(import.meta.url);
  if (file === 'web-tree-sitter.wasm') return require.resolve('web-tree-sitter/web-tree-sitter.wasm');
  return require.resolve(`@vscode/tree-sitter-wasm/wasm/${file}`);
}

export const WASM_FILES = ['web-tree-sitter.wasm', ...Object.values(GRAMMAR_FILES)];
export { wasmPath };

type TreeSitter = typeof import('web-tree-sitter');

let initialized: Promise<TreeSitter> | undefined;
const languages = new Map<CodeLanguage, Promise<TsLanguage>>();
const parsers = new Map<CodeLanguage, Parser>();

/** web-tree-sitter, imported and initialised on the first parse (commands that parse nothing never load it). */
function init(): Promise<TreeSitter> {
  initialized ??= import('web-tree-sitter').then(async (ts) => {
    await ts.Parser.init({ locateFile: () => wasmPath('web-tree-sitter.wasm') });
    return ts;
  });
  return initialized;
}

/** Start loading web-tree-sitter and the grammars most scans need, so that the first parse does not wait for them. */
export async function warmParsers(languages: CodeLanguage[] = ['typescript', 'python']): Promise<void> {
  await Promise.all(languages.map(parserFor));
}

/** The grammars the files at these paths parse with: what a scan of them warms. */
export function codeLanguagesOf(paths: Iterable<string>): CodeLanguage[] {
  const found = new Set<CodeLanguage>();
  for (const path of paths) {
    const code = codeLanguageOf(languageOf(path));
    if (code) found.add(code);
    if (found.size === Object.keys(GRAMMAR_FILES).length) break;
  }
  return [...found];
}

/** Load a grammar once, on first use, and keep one parser per language for the whole process. */
async function parserFor(language: CodeLanguage): Promise<Parser> {
  const existing = parsers.get(language);
  if (existing) return existing;
  const ts = await init();
  let lang = languages.get(language);
  if (!lang) {
    lang = ts.Language.load(wasmPath(GRAMMAR_FILES[language]));
    languages.set(language, lang);
  }
  const loaded = await lang;
  let parser = parsers.get(language);
  if (!parser) {
    parser = new ts.Parser();
    parser.setLanguage(loaded);
    parsers.set(language, parser);
  }
  return parser;
}

export function codeLanguageOf(language: Language): CodeLanguage | null {
  return language === 'python' || language === 'javascript' || language === 'typescript' || language === 'tsx' ? language : null;
}

/**
 * Parse steps a file may take per byte. A step is one call of tree-sitter's progress callback (it calls back
 * every hundred or so parser operations), so the count is as deterministic as the parse itself. Real files
 * take at most 0.012 steps per byte (openai-agents-js, awslabs/mcp: bench/budget-steps.ts), the hostile
 * inputs of the tests (20,000 nested brackets, 50,000 nested `if`s) at most 0.07: parsing is linear in the
 * grammars used, so this is reached only if a grammar goes wrong, never because the machine is busy.
 */
export const PARSE_STEPS_PER_BYTE = 1;
/** Steps any file may take, however short. */
export const PARSE_MIN_STEPS = 10_000;
/**
 * Parse time backstop: the analyses' backstop plus 1 ms per 10 bytes. The slowest input known (nested `if`s)
 * parses at about 300 KB/s on a quiet machine, so a file within any sensible size cap always parses, however
 * loaded the machine; a parse that hangs still ends.
 */
export function parseBackstopMs(bytes: number): number {
  return FILE_ANALYSIS_BACKSTOP_MS + bytes / 10;
}

export interface ParseLimits {
  /** Progress-callback steps (default PARSE_STEPS_PER_BYTE per byte, at least PARSE_MIN_STEPS). */
  steps?: number;
  /** Own time backstop in ms (default `parseBackstopMs`). */
  backstopMs?: number;
}

/**
 * Parse source text; null for languages without a grammar. JSX in .js files parses with the javascript grammar.
 * Parsing runs within a budget of steps proportional to the text's length, and a much larger time backstop
 * (tree-sitter's progress callback cancels it): past either it throws `BudgetExceeded`, so each rule that
 * needed the tree reports the file as not analyzed instead of the scan stalling on it.
 */
export async function parseCode(language: Language, text: string, limits: ParseLimits = {}): Promise<ParsedTree | null> {
  return (await parseCounted(language, text, limits))?.parsed ?? null;
}

/** `parseCode`, and the steps the parse took (bench/budget-steps.ts). */
export async function parseCounted(language: Language, text: string, limits: ParseLimits = {}): Promise<{ parsed: ParsedTree; steps: number } | null> {
  const code = codeLanguageOf(language);
  if (!code) return null;
  const parser = await parserFor(code);
  const steps = limits.steps ?? Math.max(PARSE_MIN_STEPS, PARSE_STEPS_PER_BYTE * text.length);
  const backstopMs = limits.backstopMs ?? parseBackstopMs(text.length);
  const deadline = performance.now() + backstopMs;
  let calls = 0;
  let stopped: BudgetLimit | null = null;
  // the clock is read on every 32nd call only
  const progressCallback = () => {
    if (++calls > steps) stopped = { steps };
    else if ((calls & 31) === 0 && performance.now() > deadline) stopped = { ms: backstopMs };
    return stopped !== null;
  };
  const tree = parser.parse(text, null, { progressCallback });
  if (!tree) {
    parser.reset(); // the next parse starts from the beginning, not where this one was cancelled
    throw new BudgetExceeded(stopped ?? { steps }, 'parsing');
  }
  return { parsed: { language: code, tree, root: tree.rootNode }, steps: calls };
}
