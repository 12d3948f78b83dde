/** Paths inside a JSON value: segments, JSON pointers and the `messages[3].tool_calls[0]` form users read. */
export type Seg = string | number;

/** `/a/0/b~1c` -> ['a', 0, 'b/c'], numbers where the container (looked up in `root`) is an array. */
export function pointerToPath(pointer: string, root?: unknown): Seg[] {
  if (!pointer) return [];
  const out: Seg[] = [];
  let cur = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur) && /^\d+$/.test(key)) {
      out.push(Number(key));
      cur = cur[Number(key)];
    } else {
      out.push(key);
      cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[key] : undefined;
    }
  }
  return out;
}

/** The value at `path` inside `root`; undefined where the path leaves the value. */
export function valueAt(root: unknown, path: Seg[]): unknown {
  let cur = root;
  for (const s of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[s];
  }
  return cur;
}

export function pathToPointer(path: Seg[]): string {
  return path.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** `messages[3].tool_calls[0].function.arguments`; empty path -> '' */
export function formatPath(path: Seg[]): string {
  let out = '';
  for (const s of path) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}
