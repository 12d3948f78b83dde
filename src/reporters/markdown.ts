/**
 * Markdown for text that carries scanned data (messages naming tools, files, parameters), as the job
 * summary and the pull-request review comments show it. One helper for both, so a name such as
 * `read](https://evil.example/login) ![x](https://evil.example/p.png)` renders as that literal text
 * everywhere: no raw HTML, no links, images, emphasis or code injected, no @mentions that notify people.
 */

import type { Finding } from '../core/types.js';
import { visible } from '../core/display.js';

/** Characters with an inline meaning in GitHub markdown, escaped with a backslash. */
const MARKDOWN_PUNCTUATION = /[\\`*_[\]()!|~]/g;

/**
 * Plain text (no code spans kept): control and bidirectional characters as visible escapes (whose
 * backslash is then escaped, so `\x1b` renders as written), HTML entities, backslash-escaped markdown
 * punctuation, broken @mentions.
 */
export function mdEscape(s: string): string {
  return visible(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(MARKDOWN_PUNCTUATION, '\\$&').replace(/@/g, '@\u200b');
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
    .map((part, i) => (i % 2 === 1 ? (options.table ? visible(part).replace(/\|/g, '\\|') : visible(part)) : mdEscape(part)))
    .join('');
}

/** Text safe inside a GFM table cell. */
export function mdCell(s: string): string {
  return mdText(s, { table: true });
}

/**
 * Markdown for a history finding in a job summary or a PR comment (there is no line of HEAD to put it
 * on): where it was leaked, a link to the commit when the remote is known, and the advice that matters.
 * Null for a finding that is not from history.
 */
export function historyFindingMarkdown(f: Pick<Finding, 'ruleId' | 'family' | 'path' | 'range' | 'message' | 'properties'>): string | null {
  const p = f.properties;
  if (!p || p.history !== true || typeof p.commit !== 'string') return null;
  const commit = typeof p.commitUrl === 'string' ? `[\`${p.commit.slice(0, 7)}\`](${p.commitUrl})` : `\`${p.commit.slice(0, 7)}\``;
  const date = typeof p.authorDate === 'string' ? ` (${p.authorDate.slice(0, 10)})` : '';
  const where = `\`${visible(f.path)}:${f.range.startLine}\``;
  const advice =
    f.family === 'secret'
      ? 'The key was published with that commit and is in the repository history for anyone who can fetch it: **rotate it now** (revoke it at the provider). Deleting it in a later commit is not enough; rewriting history does not unpublish it either.'
      : 'Found in a commit of the range; it is no longer in the working tree.';
  return `**${f.ruleId}** in commit ${commit}${date}, ${where}: ${f.message}\n\n${advice}`;
}
