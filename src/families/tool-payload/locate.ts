/** From a path inside a parsed record back to offsets in its text, and JSON syntax errors phrased for users. */
import { findNodeAtLocation, parse, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { quotable } from './describe.js';
import { MAX_DEPTH, textNestingExceeds } from './limits.js';
import type { Seg } from './paths.js';

/** Offsets of values in one JSON text, parsed into a tree only when a finding needs a position. */
export class Locator {
  private tree?: Node | null;
  constructor(
    readonly text: string,
    private readonly jsonc = false,
  ) {}

  /** A text nested past MAX_DEPTH is not parsed into a tree (jsonc-parser recurses): positions fall back to its start. */
  private root(): Node | null {
    if (this.tree === undefined && textNestingExceeds(this.text, MAX_DEPTH)) this.tree = null;
    if (this.tree === undefined) this.tree = parseTree(this.text, [], { allowTrailingComma: this.jsonc, disallowComments: false }) ?? null;
    return this.tree;
  }

  /** [start, end) of the value (or the property key) at `path`, or of its nearest existing ancestor. */
  locate(path: Seg[], key = false): [number, number] {
    const root = this.root();
    if (!root) return [0, 0];
    for (let n = path.length; n >= 0; n--) {
      const node = findNodeAtLocation(root, path.slice(0, n));
      if (!node) continue;
      if (key && n === path.length && node.parent?.type === 'property' && node.parent.children?.[0]) {
        const k = node.parent.children[0];
        return [k.offset, k.offset + k.length];
      }
      return [node.offset, node.offset + node.length];
    }
    return [root.offset, root.offset + root.length];
  }
}

const EXPECTED: Record<string, string> = {
  InvalidSymbol: 'a JSON value (object, array, string, number, true, false or null)',
  InvalidNumberFormat: 'a number',
  PropertyNameExpected: 'a property name in double quotes',
  ValueExpected: 'a value',
  ColonExpected: '":"',
  CommaExpected: '"," or the end of the object or array',
  CloseBraceExpected: '"}"',
  CloseBracketExpected: '"]"',
  EndOfFileExpected: 'the end of the JSON value',
  InvalidCommentToken: 'no comment (JSON has none)',
  UnexpectedEndOfComment: 'the end of the comment',
  UnexpectedEndOfString: 'a closing double quote',
  UnexpectedEndOfNumber: 'a digit',
  InvalidUnicode: 'a \\uXXXX escape',
  InvalidEscapeCharacter: 'a valid escape (\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t, \\uXXXX)',
  InvalidCharacter: 'no control character inside a string (escape it)',
};

export interface SyntaxProblem {
  start: number;
  end: number;
  code: string;
  expected: string;
  found: string;
}

function foundAt(text: string, offset: number, length: number): string {
  if (offset >= text.length) return 'the end of the input';
  // A run that could be a key is shown masked (the token may be an unquoted key).
  const tok = quotable(text.slice(offset, offset + Math.max(1, Math.min(length, 200)))).slice(0, 20);
  const ch = tok.charCodeAt(0);
  if (ch < 0x20) return `control character U+${ch.toString(16).padStart(4, '0').toUpperCase()}`;
  return JSON.stringify(tok);
}

/**
 * The first syntax error of a JSON text (strict JSON; with `jsonc`, comments and trailing commas are
 * allowed), or null. Also returns the best-effort value jsonc-parser recovers, for content detection.
 */
export function syntaxCheck(text: string, jsonc = false): { problem: SyntaxProblem | null; value: unknown } {
  const errors: ParseError[] = [];
  const value = parse(text, errors, { disallowComments: !jsonc, allowTrailingComma: jsonc, allowEmptyContent: false });
  if (!errors.length) return { problem: null, value };
  const e = errors[0];
  const code = printParseErrorCode(e.error);
  // A trailing comma: jsonc-parser complains at the bracket; point at the comma and say so.
  if (code === 'ValueExpected' || code === 'PropertyNameExpected') {
    let i = e.offset - 1;
    while (i >= 0 && /\s/.test(text[i])) i--;
    if (text[i] === ',' && (text[e.offset] === ']' || text[e.offset] === '}')) {
      return {
        problem: {
          start: i,
          end: i + 1,
          code: 'TrailingComma',
          expected: `${code === 'ValueExpected' ? 'a value' : 'a property'} after "," (JSON allows no trailing comma)`,
          found: JSON.stringify(text[e.offset]),
        },
        value,
      };
    }
  }
  // jsonc-parser reports "expected" errors at the token after the gap; keep the range non-empty.
  const start = Math.min(e.offset, text.length);
  const end = Math.min(text.length, start + Math.max(1, e.length));
  return { problem: { start, end: Math.max(start, end), code, expected: EXPECTED[code] ?? 'valid JSON', found: foundAt(text, e.offset, e.length) }, value };
}
