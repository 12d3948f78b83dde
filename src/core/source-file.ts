import type { Node, Tree } from 'web-tree-sitter';
import { LineIndex, type Range } from './location.js';

export type Language =
  'python' | 'javascript' | 'typescript' | 'tsx' | 'json' | 'jsonl' | 'yaml' | 'toml' | 'ipynb' | 'dotenv' | 'shell' | 'markdown' | 'other';

const EXTENSION_LANGUAGES: Record<string, Language> = {
  py: 'python',
  pyi: 'python',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascript',
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'tsx',
  json: 'json',
  jsonc: 'json',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  yaml: 'yaml',
  yml: 'yaml',
  toml: 'toml',
  ipynb: 'ipynb',
  sh: 'shell',
  bash: 'shell',
  zsh: 'shell',
  md: 'markdown',
  mdx: 'markdown',
};

export function languageOf(path: string): Language {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (base === '.env' || base.startsWith('.env.') || base.endsWith('.env')) return 'dotenv';
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return 'other';
  return EXTENSION_LANGUAGES[base.slice(dot + 1)] ?? 'other';
}

/** The text of one scanned file (or blob) with its line index. Read once; shared by every rule. */
export class SourceFile {
  readonly language: Language;
  private index?: LineIndex;

  constructor(
    /** Root-relative path with `/` separators: the path every report shows. */
    readonly path: string,
    readonly text: string,
    language?: Language,
  ) {
    this.language = language ?? languageOf(path);
  }

  get lines(): LineIndex {
    return (this.index ??= new LineIndex(this.text));
  }

  rangeOf(startOffset: number, endOffset: number): Range {
    return this.lines.rangeOf(startOffset, endOffset);
  }

  lineText(line: number): string {
    return this.lines.lineText(line);
  }

  get isCode(): boolean {
    return this.language === 'python' || this.language === 'javascript' || this.language === 'typescript' || this.language === 'tsx';
  }
}

/** Languages agent-guard parses with tree-sitter. */
export type CodeLanguage = 'python' | 'javascript' | 'typescript' | 'tsx';

export interface ParsedTree {
  language: CodeLanguage;
  tree: Tree;
  root: Node;
}
