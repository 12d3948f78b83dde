import { builtinModules } from 'node:module';
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

/** The repository file a module path names (a `.js` specifier may name a `.ts` file, a folder its index), or null. */
function jsFileAt(paths: PathIndex, base: string): string | null {
  const stem = base.replace(/\.(m|c)?jsx?$/, '');
  const candidates = [base, ...JS_EXTENSIONS.map((e) => stem + e), ...JS_EXTENSIONS.map((e) => `${base}/index${e}`)];
  for (const c of candidates) if (paths.has(c)) return c;
  return null;
}

/**
 * Root-relative path of a JS/TS import that names a repository file, or null: a relative import, or an
 * alias of the nearest tsconfig.json / jsconfig.json (`compilerOptions.paths` such as `"~/*": ["./src/*"]`,
 * and bare names under `compilerOptions.baseUrl`). Packages and Node's own modules are never followed.
 */
export async function resolveJsModule(project: ProjectContext, fromPath: string, spec: string): Promise<string | null> {
  const paths = await pathIndex(project);
  if (spec.startsWith('.')) {
    const base = joinPath(dirOf(fromPath), spec);
    return base === null ? null : jsFileAt(paths, base);
  }
  if (spec.startsWith('/') || spec.startsWith('node:') || NODE_MODULES.has(spec.split('/')[0])) return null;
  const config = await jsConfigFor(project, paths, dirOf(fromPath));
  if (!config) return null;
  for (const target of aliasTargets(config, spec)) {
    const base = joinPath(config.pathsDir, target);
    const found = base === null ? null : jsFileAt(paths, base);
    if (found) return found;
  }
  if (config.baseUrl === null) return null;
  const base = joinPath(config.baseUrl, spec);
  return base === null ? null : jsFileAt(paths, base);
}

/** Node's own modules (`fs`, `path`, `child_process`): never a repository file, whatever `baseUrl` holds. */
const NODE_MODULES = new Set(builtinModules);

/** What module resolution reads of a tsconfig.json / jsconfig.json (with the files it extends). */
export interface JsConfig {
  /** `compilerOptions.baseUrl`, root-relative; null when unset. */
  baseUrl: string | null;
  /** `compilerOptions.paths`: pattern → targets, in file order. */
  paths: [string, string[]][];
  /** The folder `paths` targets are relative to: `baseUrl`, else the folder of the config that set `paths`. */
  pathsDir: string;
}

/** Bounds on reading configs: their size, and how many `extends` are followed. */
const MAX_CONFIG_BYTES = 256 * 1024;
const MAX_EXTENDS = 4;

/** The targets of the `paths` pattern that best matches `spec` (exact, else the longest prefix before `*`), with `*` filled in. */
export function aliasTargets(config: Pick<JsConfig, 'paths'>, spec: string): string[] {
  let best: { prefix: number; targets: string[]; star: string } | null = null;
  for (const [pattern, targets] of config.paths) {
    const star = pattern.indexOf('*');
    if (star < 0) {
      if (pattern === spec) return targets;
      continue;
    }
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    if (spec.length < prefix.length + suffix.length || !spec.startsWith(prefix) || !spec.endsWith(suffix)) continue;
    if (!best || prefix.length > best.prefix) best = { prefix: prefix.length, targets, star: spec.slice(prefix.length, spec.length - suffix.length) };
  }
  return best ? best.targets.map((t) => t.replace('*', best!.star)) : [];
}

/** The config of the nearest folder holding a tsconfig.json (else a jsconfig.json) at or above `dir`, once per folder. */
function jsConfigFor(project: ProjectContext, paths: PathIndex, dir: string): Promise<JsConfig | null> {
  return project.memo(`js-config-dir:${dir}`, async () => {
    for (const name of ['tsconfig.json', 'jsconfig.json']) {
      const p = dir ? `${dir}/${name}` : name;
      if (paths.has(p)) return readJsConfig(project, paths, p);
    }
    return dir ? jsConfigFor(project, paths, dirOf(dir)) : null;
  });
}

/** A config file's `baseUrl` and `paths`, with what the relative configs it `extends` set (at most MAX_EXTENDS deep, never in a cycle). */
async function readJsConfig(project: ProjectContext, paths: PathIndex, path: string, seen: string[] = []): Promise<JsConfig | null> {
  const file = await project.getFile(path);
  if (!file || file.text.length > MAX_CONFIG_BYTES) return null;
  const json = parseJsonc(file.text);
  if (!json || typeof json !== 'object' || Array.isArray(json)) return null;
  const dir = dirOf(path);
  let inherited = null as JsConfig | null;
  const ext = (json as { extends?: unknown }).extends;
  for (const e of seen.length < MAX_EXTENDS ? (Array.isArray(ext) ? ext : [ext]) : []) {
    if (typeof e !== 'string' || !e.startsWith('.')) continue; // a package's config is not in the repository
    const base = joinPath(dir, e);
    const target = base === null ? null : paths.has(base) ? base : paths.has(`${base}.json`) ? `${base}.json` : null;
    if (!target || target === path || seen.includes(target)) continue;
    const parent = await readJsConfig(project, paths, target, [...seen, path]);
    // a later entry of `extends` overrides an earlier one
    if (parent)
      inherited = {
        baseUrl: parent.baseUrl ?? inherited?.baseUrl ?? null,
        paths: parent.paths.length ? parent.paths : (inherited?.paths ?? []),
        pathsDir: parent.paths.length ? parent.pathsDir : (inherited?.pathsDir ?? dir),
      };
  }
  const options = (json as { compilerOptions?: unknown }).compilerOptions;
  const opts = options && typeof options === 'object' ? (options as Record<string, unknown>) : {};
  const baseUrl = typeof opts.baseUrl === 'string' ? joinPath(dir, opts.baseUrl) : (inherited?.baseUrl ?? null);
  let mapped = { paths: inherited?.paths ?? [], dir: inherited?.pathsDir ?? dir };
  if (opts.paths && typeof opts.paths === 'object' && !Array.isArray(opts.paths)) {
    const list: [string, string[]][] = [];
    for (const [pattern, targets] of Object.entries(opts.paths as Record<string, unknown>))
      if (Array.isArray(targets)) list.push([pattern, targets.filter((t): t is string => typeof t === 'string')]);
    mapped = { paths: list, dir };
  }
  if (baseUrl === null && !mapped.paths.length) return null;
  // `paths` targets are relative to `baseUrl` when one is set, else to the folder of the config that set them
  return { baseUrl, paths: mapped.paths, pathsDir: baseUrl ?? mapped.dir };
}

/**
 * JSON with comments and trailing commas (what tsconfig.json allows), or null when it does not parse.
 * Comments are dropped and trailing commas removed outside strings, then the text is read as JSON.
 */
export function parseJsonc(text: string): unknown {
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === ',') {
      let j = i + 1;
      // a comma followed (past blanks and comments) by a closing bracket is a trailing comma
      for (;;) {
        while (j < n && /\s/.test(text[j])) j++;
        if (text[j] === '/' && text[j + 1] === '/') while (j < n && text[j] !== '\n') j++;
        else if (text[j] === '/' && text[j + 1] === '*') j = text.indexOf('*/', j + 2) < 0 ? n : text.indexOf('*/', j + 2) + 2;
        else break;
      }
      if (text[j] !== '}' && text[j] !== ']') out += c;
      i++;
    } else {
      out += c;
      i++;
    }
  }
  try {
    return JSON.parse(out);
  } catch {
    return null;
  }
}
