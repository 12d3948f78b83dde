/** An error the user can fix (bad flag, bad config, unreadable path). The CLI prints its one-line message and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** One line, whatever the error: the CLI's contract is a one-line reason on stderr. */
export function oneLine(message: string): string {
  return message.replace(/\s*\r?\n\s*/g, ' ').trim();
}
