/**
 * Secret masking. A secret is shown as at most its first 8 and last 2 characters (`sk-ant-a…AA`), fewer
 * when the secret is short, so the masked form never reveals more than a fifth of it.
 */
export function maskSecret(secret: string): string {
  const s = secret.trim();
  if (s.length === 0) return '…';
  const head = Math.min(8, Math.floor(s.length / 3));
  const tail = s.length >= 16 ? 2 : 0;
  return `${s.slice(0, head)}…${tail ? s.slice(-tail) : ''}`;
}

/**
 * A last line of defence applied to every byte agent-guard writes (reports, errors, debug logs): any
 * registered secret that still appears in full is replaced by its masked form.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  add(secret: string): void {
    const s = secret.trim();
    // Very short strings would mask ordinary words; rules only register real key material.
    if (s.length >= 8) this.secrets.add(s);
  }

  get size(): number {
    return this.secrets.size;
  }

  redact(text: string): string {
    if (this.secrets.size === 0) return text;
    let out = text;
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join(maskSecret(secret));
      // JSON output escapes some characters; cover the escaped form too.
      const escaped = JSON.stringify(secret).slice(1, -1);
      if (escaped !== secret && out.includes(escaped)) out = out.split(escaped).join(maskSecret(secret));
    }
    return out;
  }
}

/** The process-wide redactor used by every output path (stdout, stderr, files, Action APIs). */
export const globalRedactor = new Redactor();
