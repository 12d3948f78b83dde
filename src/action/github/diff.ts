/**
 * The lines of a pull request's diff that review comments may point at. GitHub accepts a review comment
 * on any line of a hunk (RIGHT side); agent-guard comments only where the line was added or changed.
 */
export interface ChangedFile {
  /** Repository-relative path on the head side, `/` separators. */
  path: string;
  status: 'added' | 'modified' | 'renamed' | 'copied' | 'changed' | 'removed' | 'unchanged';
  /** 1-based line numbers (head side) added or changed by the pull request; null when the patch is unknown (too large, binary). */
  addedLines: Set<number> | null;
}

const HUNK = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

/** Added lines (head side) of a unified diff patch for one file, as the PR files API returns it in `patch`. */
export function addedLinesOfPatch(patch: string): Set<number> {
  const added = new Set<number>();
  let line = 0;
  let inHunk = false;
  for (const raw of patch.split('\n')) {
    const m = HUNK.exec(raw);
    if (m) {
      line = Number(m[1]);
      inHunk = true;
      continue;
    }
    if (!inHunk) continue;
    const c = raw[0];
    if (c === '+') added.add(line++);
    else if (c === ' ' || raw === '') line++;
    // '-' (removed) and '\' (no newline at end of file) do not advance the head side
  }
  return added;
}

/**
 * Split `git diff` output (several files) into per-file changes. Expects `--no-renames` off or on, `-U0`
 * or any context, and `--no-prefix` off (paths as `a/…` `b/…`). Paths git quotes (unusual bytes) are unquoted.
 */
export function parseGitDiff(output: string): ChangedFile[] {
  const files: ChangedFile[] = [];
  let current: { path: string | null; status: ChangedFile['status']; lines: string[] } | null = null;
  const flush = () => {
    if (current && current.path !== null) {
      files.push({ path: current.path, status: current.status, addedLines: addedLinesOfPatch(current.lines.join('\n')) });
    }
  };
  for (const raw of output.split('\n')) {
    if (raw.startsWith('diff --git ')) {
      flush();
      current = { path: null, status: 'modified', lines: [] };
      continue;
    }
    if (!current) continue;
    if (current.lines.length === 0 && !raw.startsWith('@@')) {
      if (raw.startsWith('new file mode')) current.status = 'added';
      else if (raw.startsWith('deleted file mode')) current.status = 'removed';
      else if (raw.startsWith('rename to ')) {
        current.status = 'renamed';
        current.path = unquote(raw.slice('rename to '.length));
      } else if (raw.startsWith('+++ ')) {
        // git ends the name with a TAB when it holds a space (`+++ b/a b.py\t`).
        const p = raw.slice(4).replace(/\t$/, '');
        if (p !== '/dev/null') current.path = stripPrefix(unquote(p));
      } else if (raw.startsWith('--- ') && current.status === 'removed') {
        current.path = null;
      }
      continue;
    }
    current.lines.push(raw);
  }
  flush();
  return files.filter((f) => f.status !== 'removed');
}

function stripPrefix(p: string): string {
  return p.startsWith('b/') ? p.slice(2) : p;
}

/** Undo git's C-style quoting of unusual path names (`"a\nb.py"`, octal escapes for UTF-8 bytes). */
export function unquote(p: string): string {
  if (!(p.startsWith('"') && p.endsWith('"'))) return p;
  const body = p.slice(1, -1);
  const bytes: number[] = [];
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = body[i + 1];
    if (/[0-7]/.test(next ?? '')) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
