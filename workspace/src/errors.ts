/**
 * How a command fails, the same for every command: the dispatcher prints
 * `ukconfig NAME: message` (and the usage, for usage errors) and exits
 * with the status.
 */

/**
 * The command line cannot be used as given (exit status 2). The command's
 * usage follows the message unless `usage` is false (for problems with the
 * place rather than with the arguments).
 */
export class UsageError extends Error {
  readonly showUsage: boolean;

  constructor(message = '', opts: { usage?: boolean } = {}) {
    super(message);
    this.showUsage = opts.usage ?? true;
  }
}

/** The command cannot do its work (bad input, an unreadable file): `status` is its exit status. */
export class CommandFailure extends Error {
  constructor(
    message: string,
    readonly status = 1,
  ) {
    super(message);
  }
}
