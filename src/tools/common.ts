import type { ProjectContext } from '../core/types.js';
import { parseCode, type Node, type ParsedTree } from '../parsing/parsers.js';
import type { SourceFile } from '../sources/source-file.js';
import type { ToolHandler } from './types.js';

/** One parsed file of the repository: the scanned file itself or one a handler is imported from. */
export interface ModuleView {
  file: SourceFile;
  root: Node;
}

/**
 * A repository file parsed once per scan for cross-file lookups (handlers imported from another file,
 * a server object created in another module). The trees live as long as the scan's project context.
 */
export function parsedModule(project: ProjectContext, path: string): Promise<ModuleView | null> {
  return project.memo(`tools:parsed:${path}`, async () => {
    const file = await project.getFile(path);
    if (!file || !file.isCode) return null;
    let parsed: ParsedTree | null = null;
    try {
      parsed = await parseCode(file.language, file.text);
    } catch {
      return null;
    }
    return parsed ? { file, root: parsed.root } : null;
  });
}

/** Set of every repository path, once per scan. */
export function pathSet(project: ProjectContext): Promise<Set<string>> {
  return project.memo('tools:paths', async () => new Set(await project.allPaths()));
}

export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** Join and normalise `a/b/../c` (no leading slash); null when it climbs above the root. */
export function joinPath(dir: string, rel: string): string | null {
  const parts = dir ? dir.split('/') : [];
  for (const seg of rel.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}

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
