/**
 * The Apps Script entry module: every export here becomes a top-level function
 * in dist/Code.js (triggers, card callbacks, functions run from the editor),
 * and nothing else is exported. Each hands off at once to code that takes its
 * services as arguments.
 */
import manifest from '../../appsscript.json';
import { normalizeEmail } from '../core/normalize-email';
import { runCardAction } from './card-actions';
import { createGasRuntime, globalServices } from './create-gas-runtime';
import { diagnoseAccount, formatDiagnosis } from './diagnose-account';
import { continueScanWith, resumeScanWith, runTrigger } from './continue-scan';
import { createDraftFor } from './draft-reconnects';
import { RESUME_HANDLER, scanMailbox } from './scan-mailbox';
import { runWeekly, WEEKLY_HANDLER } from './run-weekly';
import { openReport, showAddonCard, showSettings } from './show-addon-card';

/**
 * Run once from the editor: makes the Reconnect spreadsheet, installs the
 * weekly trigger (idempotently: it replaces any earlier one) and starts the first scan.
 */
export function setup(): string {
  const runtime = createGasRuntime();
  const settings = runtime.state.settings();
  runtime.triggers.scheduleWeekly(WEEKLY_HANDLER, settings.weeklyDay, settings.weeklyHour, runtime.session.getScriptTimeZone());
  // Made here, from the editor: a card callback may not make sub-hourly triggers, so scans it starts rely on this one.
  runtime.triggers.scheduleHourly(RESUME_HANDLER);
  const result = scanMailbox(runtime, { context: 'editor' });
  const sheet = runtime.opened.spreadsheet.getUrl();
  const note = runtime.opened.replaced ? ' Your previous Reconnect spreadsheet was gone, so a new one was made.' : '';
  const text = `Reconnect is set up. Spreadsheet: ${sheet}.${note} ${result.message}`;
  Logger.log(text);
  return text;
}

/** Scans new mail now (or continues a scan in progress). */
export function scanMail(): string {
  const result = scanMailbox(createGasRuntime(), { context: 'editor' });
  Logger.log(result.message);
  return result.message;
}

/**
 * The one-shot continuation trigger: removes itself, then continues the scan,
 * which schedules another if needed; a weekly batch waiting on the scan follows.
 */
export function continueScan(): string {
  const message = runTrigger(globalServices(), continueScanWith);
  Logger.log(message);
  return message;
}

/** The hourly trigger made at setup: continues a scan that stalled or was started from a card. */
export function resumeScan(): string {
  const message = runTrigger(globalServices(), resumeScanWith);
  Logger.log(message);
  return message;
}

/** The weekly time trigger: scan, then draft for the most overdue people. Never sends. */
export function weeklyRun(): string {
  const result = runWeekly(createGasRuntime());
  Logger.log(result.message);
  return result.message;
}

/** Run from the editor to draft to one person now, e.g. draftNow('ann@example.org', 'reconnect'). */
export function draftNow(email: string, template = 'reconnect'): string {
  const created = createDraftFor(createGasRuntime(), normalizeEmail(email) ?? email.trim().toLowerCase(), template);
  const text = `Draft created in your Drafts folder (draft ${created.draftId}).`;
  Logger.log(text);
  return text;
}

/** Run from the editor on your real account; see docs/manual-checks.md. */
export function diagnose(): string {
  const scopes = manifest.oauthScopes;
  const text = formatDiagnosis(diagnoseAccount(createGasRuntime(), scopes), scopes);
  Logger.log(text);
  return text;
}

// ---------------------------------------------------------------------------
// The Gmail add-on: the functions appsscript.json names, and the one callback
// every card button calls (build-card-action.ts).

/** Homepage trigger: the add-on opened with no message selected. */
export function onHomepage(e: GoogleAppsScript.Addons.EventObject): GoogleAppsScript.Card_Service.Card {
  return showAddonCard(e, 'homepage');
}

/** Contextual trigger: a message is open. */
export function onGmailMessage(e: GoogleAppsScript.Addons.EventObject): GoogleAppsScript.Card_Service.Card {
  return showAddonCard(e, 'contact');
}

/** Compose action "Insert a Reconnect template". */
export function onCompose(e: GoogleAppsScript.Addons.EventObject): GoogleAppsScript.Card_Service.Card {
  return showAddonCard(e, 'compose');
}

/** Universal action "Settings". */
export function onSettings(e: GoogleAppsScript.Addons.EventObject): GoogleAppsScript.Card_Service.UniversalActionResponse {
  return showSettings(e);
}

/** Universal action "Open report". */
export function onOpenReport(e: GoogleAppsScript.Addons.EventObject): GoogleAppsScript.Card_Service.UniversalActionResponse {
  return openReport(e);
}

/** Every card button: dispatches on the `action` parameter (card-actions.ts). */
export function onCardAction(e: GoogleAppsScript.Addons.EventObject): GoogleAppsScript.Card_Service.ActionResponse | GoogleAppsScript.Card_Service.UpdateDraftActionResponse {
  return runCardAction(e);
}
