/** A mistake the user can fix: printed as one line, never with a stack trace. */
export class UserError extends Error {
  constructor(
    message: string,
    /** Process exit code: 2 for a bad command line, 1 for bad input. */
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
