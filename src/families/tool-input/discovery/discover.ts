import { IncompleteAnalysis, MAX_SYNTAX_DEPTH } from '../../../core/budget.js';
import type { ProjectContext, RuleContext } from '../../../core/types.js';
import type { ParsedTree } from '../../../parsing/parsers.js';
import type { SourceFile } from '../../../core/source-file.js';
import { sortHandlers } from './common.js';
import { discoverJavaScript, mayRegisterJavaScript } from './javascript.js';
import { discoverPython } from './python.js';
import { mayRegisterPython } from './python-pre-check.js';
import type { ToolHandler } from './types.js';
import { ENTRY_WORDS } from './words.js';

export { parsedModule, type ModuleView } from './common.js';

/**
 * Every function of `file` that a framework exposes to a model as a tool (see DESIGN.md's frameworks
 * table). A handler may live in another file of the repository (passed by name and imported): its
 * `handler.path` then names that file. Returns no nodes: the caller's tree may be deleted afterwards.
 */
export async function discoverTools(file: SourceFile, tree: ParsedTree, project: ProjectContext): Promise<ToolHandler[]> {
  const handlers =
    tree.language === 'python' ? await discoverPython(file, tree.root, project) : await discoverJavaScript(file, tree.language, tree.root, project);
  return sortHandlers(handlers);
}

/**
 * Cheap pre-check before parsing: a code file without any of ENTRY_WORDS registers nothing, nor does a
 * JavaScript / TypeScript file without a registration shape (`mayRegisterJavaScript`), nor a Python file
 * without one (`mayRegisterPython`), nor a TypeScript declaration file (`.d.ts`: types only, no code runs);
 * none is parsed for discovery.
 */
export function mayRegisterTools(file: SourceFile): boolean {
  // Asked by each of the family's rules and by discovery: the text is searched once per file.
  let may = preChecked.get(file);
  if (may === undefined) {
    may =
      file.isCode &&
      ENTRY_WORDS.test(file.text) &&
      (file.language === 'python' ? mayRegisterPython(file.text) : !DECLARATION_FILE.test(file.path) && mayRegisterJavaScript(file.text));
    preChecked.set(file, may);
  }
  return may;
}
const preChecked = new WeakMap<SourceFile, boolean>();
/** A TypeScript declaration file: `x.d.ts`, `x.d.mts`, `x.d.cts`. */
const DECLARATION_FILE = /\.d\.[cm]?ts$/;

/** The tool handlers registered in the rule's file, discovered once per file and shared by every rule. */
export function toolsOfFile(ctx: RuleContext): Promise<ToolHandler[]> {
  return ctx.memo('tools', async () => {
    if (!mayRegisterTools(ctx.file)) return [];
    const tree = await ctx.tree();
    if (!tree) return [];
    const handlers = await discoverTools(ctx.file, tree, ctx.project);
    // Nesting far past what real code does can make the parser itself go wrong (Python f-strings nested
    // hundreds deep parse as an error and hide the tools around them): no handler found there is not a clean result.
    if (!handlers.length && bracketDepth(ctx.file.text) > MAX_SYNTAX_DEPTH) {
      throw new IncompleteAnalysis([`brackets nested deeper than ${MAX_SYNTAX_DEPTH} levels, where the parser may have missed tool registrations`]);
    }
    return handlers;
  });
}

/** The deepest nesting of (), [] and {} in a text, strings and comments included: one linear pass. */
export function bracketDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) deepest = Math.max(deepest, ++depth);
    else if ((c === 41 || c === 93 || c === 125) && depth > 0) depth--;
  }
  return deepest;
}
