/**
 * Keys written with `\uXXXX` escapes (`"sk-proj-\u0041…"`, or every character escaped): JSON, JavaScript,
 * Python and YAML strings all read them as the key, so they are keys. Each secret rule also runs on a
 * shadow of the file with those escapes decoded, and reports what it finds there (only matches that
 * cover an escape: the rest the plain run reports) at the original location. The reported secret is the
 * text as written, so the redactor masks the escaped form in every output; the decoded key is registered
 * too.
 */
import { memoTable } from '../../core/memo.js';
import { globalRedactor } from '../../core/redact.js';
import { SourceFile } from '../../core/source-file.js';
import type { Report, Rule, RuleContext } from '../../core/types.js';

interface Shadow {
  file: SourceFile;
  /** Offset in the original text of each offset of the shadow text (length + 1 entries). */
  origin: Int32Array;
}

const ESCAPE = /\\u[0-9a-fA-F]{4}/;
const shadows = new WeakMap<SourceFile, Shadow | null>();

/**
 * The file with its `\uXXXX` escapes of printable ASCII decoded, or null when it has none. An escaped
 * backslash is not the start of an escape; escapes of a quote or a backslash stay as written (decoding them
 * would end a string), and so do those of other characters, which no key holds.
 */
export function decodedShadow(file: SourceFile): Shadow | null {
  const known = shadows.get(file);
  if (known !== undefined) return known;
  const text = file.text;
  let shadow: Shadow | null = null;
  if (ESCAPE.test(text)) {
    const parts: string[] = [];
    const origin = new Int32Array(text.length + 1);
    let out = 0;
    let from = 0;
    let decoded = false;
    for (let i = text.indexOf('\\'); i >= 0 && i < text.length; i = text.indexOf('\\', i)) {
      const hex = text[i + 1] === 'u' ? text.slice(i + 2, i + 6) : '';
      const code = /^[0-9a-fA-F]{4}$/.test(hex) ? parseInt(hex, 16) : -1;
      // Keys are printable ASCII: `\u00e9` in a translated string is no key, and leaves the file without a shadow.
      if (code <= 0x20 || code >= 0x7f || code === 0x22 || code === 0x5c) {
        i += 2; // `\\`, `\"`, `\n`, a kept escape: skip the escaped character
        continue;
      }
      for (let k = from; k < i; k++) origin[out++] = k;
      parts.push(text.slice(from, i), String.fromCharCode(code));
      origin[out++] = i;
      from = i + 6;
      i = from;
      decoded = true;
    }
    if (decoded) {
      for (let k = from; k <= text.length; k++) origin[out++] = k;
      parts.push(text.slice(from));
      shadow = { file: new SourceFile(file.path, parts.join(''), file.language), origin: origin.subarray(0, out) };
    }
  }
  shadows.set(file, shadow);
  return shadow;
}

/** `rule`, also run on the decoded shadow of a file that holds `\uXXXX` escapes. */
export function withUnicodeEscapes(rule: Rule): Rule {
  return {
    meta: rule.meta,
    appliesTo: (file) => rule.appliesTo(file) || (file.text.includes('\\u') && decodedShadow(file) !== null && rule.appliesTo(decodedShadow(file)!.file)),
    async check(ctx: RuleContext) {
      if (rule.appliesTo(ctx.file)) await rule.check(ctx);
      const shadow = decodedShadow(ctx.file);
      if (!shadow || !rule.appliesTo(shadow.file)) return;
      const lines = shadow.file.lines;
      const offset = (line: number, column: number) => lines.offsetOfLine(line) + column - 1;
      const inner: RuleContext = {
        ...ctx,
        file: shadow.file,
        memo: memoTable(),
        report: (report: Report) => {
          const r = report.range;
          const s = offset(r.startLine, r.startColumn);
          const e = offset(r.endLine, r.endColumn);
          const start = shadow.origin[s];
          const end = shadow.origin[e];
          // Without an escape inside, the same match is in the file as written: reported by the plain run.
          if (end - start === e - s) return;
          const written = ctx.file.text.slice(start, end);
          if (report.secret) globalRedactor.add(report.secret);
          ctx.report({ ...report, range: ctx.file.rangeOf(start, end), ...(report.secret ? { secret: written } : {}) });
        },
      };
      await rule.check(inner);
    },
  };
}
