/**
 * The one location model of agent-guard.
 *
 * Lines are 1-based. Columns are 1-based and counted in UTF-16 code units (what a JS string index counts,
 * and SARIF's default `columnKind`). `endColumn` is exclusive: it is the column just after the last
 * character, exactly as in SARIF. Reporters convert from this model when their target differs; nothing
 * else does.
 */
export interface Range {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface Position {
  line: number;
  column: number;
}

/** Maps string offsets (UTF-16 code units) to 1-based line/column positions. Built once per file. */
export class LineIndex {
  private readonly lineStarts: number[];

  constructor(private readonly text: string) {
    // A line ends at LF, CRLF, or a lone CR (old Mac files), as editors and GitHub count lines.
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: clamped - this.lineStarts[lo] + 1 };
  }

  /** Offset of a 1-based line's first character. */
  offsetOfLine(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line - 1, this.lineStarts.length - 1))];
  }

  rangeOf(startOffset: number, endOffset: number): Range {
    const s = this.positionAt(startOffset);
    const e = this.positionAt(Math.max(startOffset, endOffset));
    return { startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column };
  }

  /** Text of a 1-based line without its line terminator. */
  lineText(line: number): string {
    if (line < 1 || line > this.lineStarts.length) return '';
    const start = this.lineStarts[line - 1];
    const end = line < this.lineStarts.length ? this.lineStarts[line] - 1 : this.text.length;
    const raw = this.text.slice(start, end);
    return raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  }
}

export function compareRanges(a: Range, b: Range): number {
  return a.startLine - b.startLine || a.startColumn - b.startColumn || a.endLine - b.endLine || a.endColumn - b.endColumn;
}
