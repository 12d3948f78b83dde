/**
 * Secret masking. A secret is shown as at most its first 8 and last 2 characters (`sk-ant-a…AA`), fewer
 * when it is short, so that the masked form never shows more than a fifth of it.
 */
export function maskSecret(secret: string): string {
  const s = secret.trim();
  if (s.length === 0) return '…';
  const tail = s.length >= 30 ? 2 : 0;
  const head = Math.min(8, Math.max(0, Math.floor(s.length / 5) - tail));
  return `${s.slice(0, head)}…${tail ? s.slice(-tail) : ''}`;
}

/** Shown characters of a secret beyond which a quoted prefix counts as a leak (what the mask shows). */
const SHOWN_PREFIX = 8;

/**
 * A last line of defence applied to every byte agent-guard writes (reports, errors, debug logs): any
 * registered secret that still appears in full is replaced by its masked form.
 */
export class Redactor {
  private readonly secrets = new Set<string>();
  /** Per secret: the longest leading run it shares with another registered secret (`sk-ant-api03-`). */
  private shared: Map<string, number> | null = null;

  add(secret: string): void {
    const s = secret.trim();
    // Very short strings would mask ordinary words; rules only register real key material.
    if (s.length >= 8 && !this.secrets.has(s)) {
      this.secrets.add(s);
      this.shared = null;
    }
  }

  get size(): number {
    return this.secrets.size;
  }

  redact(text: string): string {
    if (this.secrets.size === 0) return text;
    const shared = (this.shared ??= sharedPrefixes([...this.secrets]));
    let out = text;
    for (const secret of this.secrets) {
      const keep = Math.max(SHOWN_PREFIX, shared.get(secret) ?? 0);
      out = maskOccurrences(out, secret, keep);
      // JSON output escapes some characters; cover the escaped form too.
      const escaped = JSON.stringify(secret).slice(1, -1);
      if (escaped !== secret) out = maskOccurrences(out, escaped, keep, maskSecret(secret));
    }
    return out;
  }
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function sharedPrefixes(secrets: string[]): Map<string, number> {
  const shared = new Map<string, number>();
  for (const a of secrets) {
    let longest = 0;
    for (const b of secrets) if (a !== b) longest = Math.max(longest, commonPrefix(a, b));
    shared.set(a, longest);
  }
  return shared;
}

/**
 * Replace the secret wherever it appears, and also any cut-off quote of it (a snippet or preview that
 * ends inside the key): every run of its leading characters longer than `keep` — the shown prefix, or
 * the prefix it shares with another registered secret (that run belongs to neither key, and masking it
 * would hide the other key from its own pass).
 */
function maskOccurrences(text: string, secret: string, keep: number, mask = maskSecret(secret)): string {
  if (secret.length <= keep) return text;
  const probe = secret.slice(0, keep + 1);
  let from = text.indexOf(probe);
  if (from < 0) return text;
  let out = '';
  let last = 0;
  while (from >= 0) {
    let length = probe.length;
    while (length < secret.length && from + length < text.length && text[from + length] === secret[length]) length++;
    out += text.slice(last, from) + mask;
    last = from + length;
    from = text.indexOf(probe, last);
  }
  return out + text.slice(last);
}

/** The process-wide redactor used by every output path (stdout, stderr, files, Action APIs). */
export const globalRedactor = new Redactor();
