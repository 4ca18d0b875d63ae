/**
 * Failures retrying cannot fix (a label name the user already uses, a missing
 * template) versus those that pass (a 5xx, a lost answer, a rate limit). A run
 * that meets a permanent one records the `error` outcome with what to do, and
 * stops retrying until the user acts; a card shows it without a Retry button.
 */
export class PermanentError extends Error {
  override name = 'PermanentError';
  /** What the user can do about it, in one sentence. */
  readonly action: string;

  constructor(message: string, action = '') {
    super(message);
    this.action = action;
  }
}

/** Anything not known to be permanent may pass: network errors, 5xx, time limits. */
export function isRetryable(error: unknown): boolean {
  return !(error instanceof PermanentError);
}
