/** An error the user can fix (bad flag, bad config, unreadable path). The CLI prints its one-line message and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** One line, whatever the error: the CLI's contract is a one-line reason on stderr. */
export function oneLine(message: string): string {
  // Split, not /\s*\r?\n\s*/g: that backtracks quadratically over a long run of white space without a line break.
  return message
    .split(/\r?\n/)
    .map((part) => part.trim())
    .filter(Boolean)
    .join(' ');
}
