import type { Node } from '../../../parsing/parsers.js';
import { IncompleteAnalysis, MAX_SYNTAX_DEPTH } from '../../../core/budget.js';
import type { SourceFile } from '../../../core/source-file.js';
import type { ParsedModule } from '../../../parsing/modules.js';
import type { ToolHandler } from './types.js';

export { dirOf, joinPath, parsedModule } from '../../../parsing/modules.js';

/** One parsed file of the repository: the scanned file itself or one a handler is imported from. */
export type ModuleView = Pick<ParsedModule, 'file' | 'root'>;

export function rangeOfNode(file: SourceFile, node: Node) {
  return file.rangeOf(node.startIndex, node.endIndex);
}

/** Decode the common escapes of a string literal body so hidden characters written as escapes are seen. */
export function decodeEscapes(raw: string): string {
  return raw.replace(/\\(u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|x([0-9a-fA-F]{2})|n|t|r|\\|'|"|`)/g, (m, _all, braced, u4, u8, x2) => {
    const hex = braced ?? u4 ?? u8 ?? x2;
    if (hex) {
      const cp = parseInt(hex, 16);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    const c = m[1];
    return c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c;
  });
}

/** Strip the common indentation of a docstring, like `inspect.cleandoc`, and trim it. */
export function cleanDoc(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const rest = lines.slice(1).filter((l) => l.trim());
  const indent = rest.length ? Math.min(...rest.map((l) => l.length - l.trimStart().length)) : 0;
  return [lines[0].trim(), ...lines.slice(1).map((l) => l.slice(indent))].join('\n').trim();
}

export function sortHandlers(handlers: ToolHandler[]): ToolHandler[] {
  return handlers.sort(
    (a, b) =>
      (a.registration.path < b.registration.path ? -1 : a.registration.path > b.registration.path ? 1 : 0) ||
      a.registration.range.startLine - b.registration.range.startLine ||
      a.registration.range.startColumn - b.registration.range.startColumn ||
      a.handler.range.startLine - b.handler.range.startLine,
  );
}

/** Walk a subtree, calling `visit` on every node; return false from `visit` to skip a node's children. */
export function walk(node: Node, visit: (n: Node) => boolean | void): void {
  const stack: Node[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (visit(n) === false) continue;
    const kids = n.namedChildren;
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = kids[i];
      if (k) stack.push(k);
    }
  }
}

export function within(inner: { startIndex: number; endIndex: number }, outer: { startIndex: number; endIndex: number }): boolean {
  return inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}

/**
 * A tool's name, description or parameters written with nesting past the syntax depth limit: reading on
 * would overflow the stack, and skipping it would hide a description or a parameter, so discovery of the
 * file stops with a reason (a rule error of every tool-input rule for the file).
 */
export function tooDeepRegistration(): IncompleteAnalysis {
  return new IncompleteAnalysis([`a tool registration nested deeper than ${MAX_SYNTAX_DEPTH} levels`]);
}
