/**
 * Reading JavaScript / TypeScript text without parsing it, for the pre-checks that decide whether a file is
 * parsed at all (tool-input discovery, rate-limit): answers are exact where sure and "unsure" otherwise.
 */

/**
 * Where the bracket opened at `text[open]` closes (the index of its closer), read over strings, template
 * literals (with their `${…}`) and comments, within `limit` characters of `open`; -1 when unsure: a `/`
 * that may start a regular expression or divide, a line break inside a quoted string, mismatched
 * brackets, the limit or the text's end. `inside`: `open` is a position inside a `{…}`, which the first
 * `}` not opened after it closes (-2 when a `)` or `]` closes first: the position is in no object).
 */
export function jsBracketEnd(text: string, open: number, { limit = Infinity, inside = false } = {}): number {
  const end = Math.min(text.length, open + limit);
  // what closes each open bracket; a backtick for a template literal being read (its `${` pushes a `}`)
  const closers: string[] = inside ? ['}'] : [];
  for (let i = open; i < end; i++) {
    const c = text[i];
    if (closers[closers.length - 1] === '`') {
      if (c === '\\') i++;
      else if (c === '`') closers.pop();
      else if (c === '$' && text[i + 1] === '{') {
        closers.push('}');
        i++;
      }
      continue;
    }
    if (c === '{') closers.push('}');
    else if (c === '(') closers.push(')');
    else if (c === '[') closers.push(']');
    else if (c === '}' || c === ')' || c === ']') {
      if (closers.pop() !== c) return inside && !closers.length ? -2 : -1;
      if (!closers.length) return i;
    } else if (c === '`') closers.push(c);
    else if (c === '"' || c === "'") {
      let j = i + 1;
      for (; j < end && text[j] !== c; j++) {
        if (text[j] === '\n' || text[j] === '\r') return -1;
        if (text[j] === '\\') j++;
      }
      i = j;
    } else if (c === '/') {
      // a comment; any other `/` (a regular expression or a division) is not read
      const next = text[i + 1];
      const close = next === '/' ? text.indexOf('\n', i) : next === '*' ? text.indexOf('*/', i + 2) + 1 : -1;
      if (close <= 0) return -1;
      i = close;
    }
  }
  return -1;
}
