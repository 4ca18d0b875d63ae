/** Turns what can go wrong talking to Gmail into one line that says what to do. */
import { classifyGmailError, GmailDailyLimitError } from './call-gmail-with-retry';
import { ScanInterruptedError } from './scan-gmail';
import { UserError } from './user-error';

/** sysexits.h EX_TEMPFAIL: try again later. */
export const EXIT_TRY_LATER = 75;
/** 128 + SIGINT, as shells report a run stopped with Ctrl-C. */
export const EXIT_INTERRUPTED = 130;

/** `command` is what to run again, e.g. "reconnect scan --gmail". Errors that are not Gmail's pass through unchanged. */
export function explainGmailError(error: unknown, command: string): unknown {
  if (error instanceof UserError) return error;
  if (error instanceof GmailDailyLimitError) {
    return new UserError(
      `Gmail's daily API quota is used up (${error.message}); progress is saved — run ${command} again after the quota resets at midnight Pacific time`,
      EXIT_TRY_LATER,
    );
  }
  if (error instanceof ScanInterruptedError) {
    return new UserError(`stopped; progress is saved — run ${command} again to continue`, EXIT_INTERRUPTED);
  }
  const info = classifyGmailError(error);
  switch (info.kind) {
    case 'auth':
      return new UserError(`Gmail did not accept the saved sign-in (${info.message}); run reconnect auth --client FILE again`);
    case 'forbidden':
      return new UserError(`Gmail refused the request (${info.message}); check the account and run reconnect auth --client FILE again`);
    case 'rate':
      return new UserError(`Gmail kept answering "${info.reason || 'rate limit exceeded'}" after a minute of retries; progress is saved — wait a few minutes and run ${command} again`, EXIT_TRY_LATER);
    case 'transient':
      return new UserError(`cannot reach Gmail (${info.message}); check the connection — progress is saved, run ${command} again`, EXIT_TRY_LATER);
    default:
      if (info.status >= 400) return new UserError(`Gmail answered ${info.status} (${info.message}); run ${command} again, and report it if it persists`);
      return error;
  }
}
