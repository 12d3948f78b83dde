import type { ProjectContext } from '../core/types.js';
import type { SourceFile } from '../core/source-file.js';
import { parseCode, type Node, type ParsedTree } from './parsers.js';

/**
 * Cross-file code navigation shared by tool discovery and the taint engine: the repository's modules,
 * parsed once per scan, and import resolution (Python relative and package-local imports, JS relative
 * imports). Packages outside the repository are never followed.
 */
export interface ParsedModule {
  file: SourceFile;
  parsed: ParsedTree;
  root: Node;
}

/**
 * A repository file parsed once per scan for cross-file lookups (a handler imported from another file,
 * a helper a tool calls). These trees live as long as the scan's project context.
 */
export function parsedModule(project: ProjectContext, path: string): Promise<ParsedModule | null> {
  return project.memo(`parsed-module:${path}`, async () => {
    const file = await project.getFile(path);
    if (!file || !file.isCode) return null;
    let parsed: ParsedTree | null;
    try {
      parsed = project.sharedTree ? await project.sharedTree(file) : await parseCode(file.language, file.text);
    } catch {
      return null;
    }
    return parsed ? { file, parsed, root: parsed.root } : null;
  });
}

/** The repository's paths, indexed by file name so a suffix lookup does not scan every path. */
interface PathIndex {
  has(path: string): boolean;
  endingWith(suffix: string): string[];
}

function pathIndex(project: ProjectContext): Promise<PathIndex> {
  return project.memo('module-paths', async () => {
    const paths = await project.allPaths();
    const all = new Set(paths);
    const byName = new Map<string, string[]>();
    for (const p of paths) {
      const name = p.slice(p.lastIndexOf('/') + 1);
      const list = byName.get(name);
      if (list) list.push(p);
      else byName.set(name, [p]);
    }
    return {
      has: (p) => all.has(p),
      endingWith: (suffix) => {
        const name = suffix.slice(suffix.lastIndexOf('/') + 1);
        return (byName.get(name) ?? []).filter((p) => p === suffix || p.endsWith(`/${suffix}`));
      },
    };
  });
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

/**
 * Root-relative path of the Python module `module` imported from `fromPath` (`level` leading dots),
 * or null when it is not a file of the repository.
 */
export async function resolvePythonModule(project: ProjectContext, fromPath: string, module: string, level: number): Promise<string | null> {
  const paths = await pathIndex(project);
  const rel = module.split('.').filter(Boolean).join('/');
  const candidatesFor = (base: string) => (base ? [`${base}.py`, `${base}/__init__.py`] : ['__init__.py']);
  if (level > 0) {
    let dir: string | null = dirOf(fromPath);
    for (let i = 1; i < level && dir !== null; i++) dir = joinPath(dir, '..');
    if (dir === null) return null;
    for (const c of candidatesFor(joinPath(dir, rel) ?? '')) {
      const p = joinPath('', c);
      if (p && paths.has(p)) return p;
    }
    return null;
  }
  if (!rel) return null;
  // Package-local absolute import: the module may sit at the root, under src/, or in a sub-project.
  const matches: string[] = [];
  for (const c of candidatesFor(rel)) {
    if (paths.has(c)) return c;
    matches.push(...paths.endingWith(c));
  }
  if (!matches.length) return null;
  // Prefer the candidate sharing the longest directory prefix with the importing file.
  const from = fromPath.split('/');
  const score = (p: string) => {
    const a = p.split('/');
    let i = 0;
    while (i < a.length && i < from.length && a[i] === from[i]) i++;
    return i * 1000 - p.length;
  };
  return matches.sort((x, y) => score(y) - score(x))[0];
}

const JS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** Root-relative path of a relative JS/TS import (a `.js` specifier may name a `.ts` file), or null. */
export async function resolveJsModule(project: ProjectContext, fromPath: string, spec: string): Promise<string | null> {
  if (!spec.startsWith('.')) return null;
  const base = joinPath(dirOf(fromPath), spec);
  if (base === null) return null;
  const paths = await pathIndex(project);
  const stem = base.replace(/\.(m|c)?jsx?$/, '');
  const candidates = [base, ...JS_EXTENSIONS.map((e) => stem + e), ...JS_EXTENSIONS.map((e) => `${base}/index${e}`)];
  for (const c of candidates) if (paths.has(c)) return c;
  return null;
}
