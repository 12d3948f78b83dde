/**
 * ESLint rule `agent-guard/layers`: imports inside src/ only point down the pipeline.
 *
 * Each top folder of src/ sits on a layer; a module may import its own folder and any lower layer,
 * never a higher one nor a peer on its own layer (cli and action know nothing of each other), and one
 * family never imports another (families/index.ts alone gathers them).
 */
import { dirname, relative, resolve, sep } from 'node:path';

/** Lowest first. */
export const LAYERS = [
  ['core'], // types, locations, redaction, fingerprints, identity: imports nothing of ours
  ['parsing', 'config', 'sources'], // tree-sitter; the config file; files, staged blobs, history blobs
  ['families'], // secret, tool-input, rate-limit, tool-payload: each family's analysis and rules
  ['engine'], // orchestration: sources -> parse once -> families -> suppress -> sort/dedupe
  ['reporters'], // pure: findings -> text, json, sarif, github, job summary, PR review
  ['app'], // what the CLI and the Action share
  ['cli', 'action'], // the faces
];

const LAYER_OF = new Map(LAYERS.flatMap((folders, rank) => folders.map((f) => [f, rank])));

/** Where a root-relative src path sits: its top folder and, under families/, its family. */
export function placeOf(srcRelative) {
  const parts = srcRelative.split(/[\\/]/);
  if (parts.length < 2) return { folder: '', family: null };
  return { folder: parts[0], family: parts[0] === 'families' && parts.length > 2 ? parts[1] : null };
}

/** Why `from` may not import `to` (both relative to src/), or null when it may. */
export function violation(from, to) {
  const a = placeOf(from);
  const b = placeOf(to);
  if (!LAYER_OF.has(a.folder)) return null;
  if (!LAYER_OF.has(b.folder)) return `src/${to} is in no layer: add its folder to lint/layers.mjs`;
  if (a.folder === b.folder) {
    if (a.folder === 'families' && a.family && b.family && a.family !== b.family)
      return `family "${a.family}" imports family "${b.family}" (families are independent; share through core/ or parsing/)`;
    return null;
  }
  const ra = LAYER_OF.get(a.folder);
  const rb = LAYER_OF.get(b.folder);
  if (rb < ra) return null;
  return rb > ra ? `${a.folder}/ imports ${b.folder}/, a higher layer` : `${a.folder}/ imports ${b.folder}/, a peer on its own layer`;
}

export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports inside src/ point down the layers of the pipeline (see lint/layers.mjs)' },
    schema: [],
    messages: { upward: '{{why}}' },
  },
  create(context) {
    const filename = context.filename;
    const srcRoot = findSrcRoot(filename);
    if (!srcRoot) return {};
    const from = relative(srcRoot, filename);
    const check = (node) => {
      const spec = node?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = resolve(dirname(filename), spec);
      const to = relative(srcRoot, target);
      if (to.startsWith('..')) return;
      const why = violation(from, to);
      if (why) context.report({ node, messageId: 'upward', data: { why } });
    };
    return {
      ImportDeclaration: (n) => check(n.source),
      ExportNamedDeclaration: (n) => n.source && check(n.source),
      ExportAllDeclaration: (n) => check(n.source),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n.source),
    };
  },
};

/** The `src` folder a file is under (the innermost), or null. */
function findSrcRoot(filename) {
  const parts = resolve(filename).split(sep);
  const i = parts.lastIndexOf('src');
  return i > 0 ? parts.slice(0, i + 1).join(sep) || sep : null;
}

export default { rules: { layers: layersRule } };
