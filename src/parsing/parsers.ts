import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Language as TsLanguage, Node, Parser, Tree } from 'web-tree-sitter';
import type { CodeLanguage, Language, ParsedTree } from '../core/source-file.js';
import { BudgetExceeded, FILE_ANALYSIS_MS } from '../core/budget.js';

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
 * Parse source text; null for languages without a grammar. JSX in .js files parses with the javascript grammar.
 * Parsing runs within `budgetMs` (tree-sitter's progress callback cancels it): past that it throws
 * `BudgetExceeded`, so each rule that needed the tree reports the file as not analyzed instead of the scan
 * stalling on it (a 1 MB file of nested `if`s takes about 3 s; ordinary files take milliseconds).
 */
export async function parseCode(language: Language, text: string, budgetMs: number = FILE_ANALYSIS_MS): Promise<ParsedTree | null> {
  const code = codeLanguageOf(language);
  if (!code) return null;
  const parser = await parserFor(code);
  const deadline = performance.now() + budgetMs;
  // tree-sitter calls back every hundred or so parse steps: the clock is read on every 32nd call only.
  let calls = 0;
  const tree = parser.parse(text, null, { progressCallback: () => (++calls & 31) === 0 && performance.now() > deadline });
  if (!tree) {
    parser.reset(); // the next parse starts from the beginning, not where this one was cancelled
    throw new BudgetExceeded(budgetMs, 'parsing');
  }
  return { language: code, tree, root: tree.rootNode };
}
