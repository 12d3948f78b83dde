/**
 * Markdown for text that carries scanned data (messages naming tools, files, parameters), as the job
 * summary and the pull-request review comments show it. One helper for both, so a name such as
 * `read](https://evil.example/login) ![x](https://evil.example/p.png)` renders as that literal text
 * everywhere: no raw HTML, no links, images, emphasis or code injected, no @mentions that notify people.
 */

/** Characters with an inline meaning in GitHub markdown, escaped with a backslash. */
const MARKDOWN_PUNCTUATION = /[\\`*_[\]()!|~]/g;

/** Plain text (no code spans kept): HTML entities, backslash-escaped markdown punctuation, broken @mentions. */
export function mdEscape(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(MARKDOWN_PUNCTUATION, '\\$&')
    .replace(/@/g, '@\u200b');
}

/** A code span written by agent-guard around scanned text: `like this`, on one line. */
const CODE_SPAN = /(`[^`\r\n]+`)/;

/**
 * A message or fix text as one line of markdown. Its code spans (agent-guard writes scanned names as
 * `name`) are kept, since nothing inside a code span renders as a link, image or HTML; everything else
 * goes through mdEscape. Line breaks become spaces, so scanned text cannot start a heading, list or quote.
 * `table`: the text sits in a GFM table cell, where a pipe ends the cell even inside a code span.
 */
export function mdText(s: string, options: { table?: boolean } = {}): string {
  return s
    .replace(/\r\n|\r|\n/g, ' ')
    .split(CODE_SPAN)
    .map((part, i) => (i % 2 === 1 ? (options.table ? part.replace(/\|/g, '\\|') : part) : mdEscape(part)))
    .join('');
}

/** Text safe inside a GFM table cell. */
export function mdCell(s: string): string {
  return mdText(s, { table: true });
}
