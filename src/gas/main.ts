/**
 * The Apps Script entry module: every export here becomes a top-level function
 * in dist/Code.js (triggers, card callbacks, functions run from the editor),
 * and nothing else is exported. Each hands off at once to code that takes its
 * services as arguments.
 */
import manifest from '../../appsscript.json';
import { createGasRuntime } from './create-gas-runtime';
import { diagnoseAccount, formatDiagnosis } from './diagnose-account';
import { CONTINUE_HANDLER, scanMailbox } from './scan-mailbox';

/** Run once from the editor: makes the Reconnect spreadsheet and starts the first scan. */
export function setup(): string {
  const runtime = createGasRuntime();
  const result = scanMailbox(runtime);
  const sheet = runtime.opened.spreadsheet.getUrl();
  const note = runtime.opened.replaced ? ' Your previous Reconnect spreadsheet was gone, so a new one was made.' : '';
  const text = `Reconnect is set up. Spreadsheet: ${sheet}.${note} ${result.message}`;
  Logger.log(text);
  return text;
}

/** Scans new mail now (or continues a scan in progress). */
export function scanMail(): string {
  const result = scanMailbox(createGasRuntime());
  Logger.log(result.message);
  return result.message;
}

/** The one-shot continuation trigger: removes itself, then continues the scan, which schedules another if needed. */
export function continueScan(): string {
  const runtime = createGasRuntime();
  runtime.triggers.cancel(CONTINUE_HANDLER);
  const result = scanMailbox(runtime);
  Logger.log(result.message);
  return result.message;
}

/** Run from the editor on your real account; see docs/manual-checks.md. */
export function diagnose(): string {
  const scopes = manifest.oauthScopes;
  const text = formatDiagnosis(diagnoseAccount(createGasRuntime(), scopes), scopes);
  Logger.log(text);
  return text;
}
