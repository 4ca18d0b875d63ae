/**
 * Reconnect's one error model: a failure said in the user's words, with what
 * they can do and whether trying again can fix it. Cards decide on a Retry
 * button and runs decide whether to keep retrying from `retryable`, never
 * from the message text. Google's own errors arrive as plain Errors; each side
 * turns them into this shape once, where they come in (src/gas/explain-gas-error.ts).
 */
export class ReconnectError extends Error {
  override name = 'ReconnectError';
  /** What the user can do about it, in one sentence ('' when the message says it). */
  readonly action: string;
  /** False when the same call cannot pass until the user acts (a label name they already use, a missing template). */
  readonly retryable: boolean;

  constructor(message: string, options: { retryable: boolean; action?: string }) {
    super(message);
    this.retryable = options.retryable;
    this.action = options.action ?? '';
  }

  /** The message and the action, as a card or a run summary shows them. */
  describe(): string {
    return this.action === '' ? this.message : `${this.message} ${this.action}`;
  }
}

/**
 * Failures retrying cannot fix (a label name the user already uses, a missing
 * template) versus those that pass (a 5xx, a lost answer, a rate limit). A run
 * that meets a permanent one records the `error` outcome with what to do, and
 * stops retrying until the user acts; a card shows it without a Retry button.
 */
export class PermanentError extends ReconnectError {
  override name = 'PermanentError';

  constructor(message: string, action = '') {
    super(message, { retryable: false, action });
  }
}

/** Anything not known to be permanent may pass: network errors, 5xx, time limits. */
export function isRetryable(error: unknown): boolean {
  return error instanceof ReconnectError ? error.retryable : true;
}
