/** A failure retrying cannot fix: the `error` outcome, shown on the homepage with what to do, no endless continuation, no Retry button. */
import { isRetryable, PermanentError, ReconnectError } from '../../src/core/reconnect-error';
import { buildErrorCard } from '../../src/gas/build-error-card';
import { DailyQuotaError } from '../../src/gas/call-with-retry';
import { runCardAction } from '../../src/gas/card-actions';
import { explainGasError } from '../../src/gas/explain-gas-error';
import { LabelConflictError } from '../../src/gas/gmail-labeler';
import { CONTINUE_HANDLER, scanMailbox } from '../../src/gas/scan-mailbox';
import { readCard, readResponse } from '../fakes/fake-card-service';
import { WORDING } from '../fakes/google-errors';
import { buildTypicalMailbox, createTypicalGoogle } from './addon-fixtures';
import { buildAddonEvent, createAddonDeps, listButtons, openHomepage, readNextCard, readText, runInCardExecution } from './addon-harness';
import { newGoogle, runExecution } from './gas-harness';

const continuations = (google: ReturnType<typeof newGoogle>) => google.ScriptApp.triggers.filter((t) => t.handlerFunction === CONTINUE_HANDLER).length;

describe('a label name the user already uses', () => {
  it('stops the scan with the error outcome and what to do, and leaves no continuation firing every minute', () => {
    const google = newGoogle(buildTypicalMailbox().box);
    google.Gmail.seedLabel('Reconnect/Lapsed');
    const first = runExecution(google, (rt) => scanMailbox(rt));
    expect(first.error).toBeUndefined();
    expect(first.result!.outcome).toBe('error');
    expect(first.result!.message).toMatch(/A label named "Reconnect\/Lapsed" already exists and Reconnect did not create it; pick another label name/);
    expect(continuations(google)).toBe(0);
    const last = runExecution(google, (rt) => rt.state.lastRun()).result!;
    expect(last).toMatchObject({ outcome: 'error' });

    const home = readText(openHomepage(google));
    expect(home).toMatch(/Reconnect needs you/);
    expect(home).toMatch(/pick another label name in Reconnect's settings/);
    expect(home).toMatch(/press Scan now/);

    // The user picks another name; the next scan completes.
    runExecution(google, (rt) => rt.state.saveSettings({ ...rt.state.settings(), labels: { ...rt.state.settings().labels, lapsed: 'Reconnect/Cold' } }));
    google.clock.advance(60_000);
    expect(runExecution(google, (rt) => scanMailbox(rt)).result!.outcome).not.toBe('error');
  });
});

describe('error cards', () => {
  it('offer no Retry for a failure retrying cannot fix, and do for one that may pass', () => {
    const { google } = createTypicalGoogle();
    const cs = google.CardService;
    const permanent = readCard(buildErrorCard(cs, { task: 'label the thread', error: new LabelConflictError('A label named "X" already exists.'), retryOf: 'refresh', params: { view: 'homepage' } }));
    expect(listButtons(permanent).map((b) => b.text)).not.toContain('Retry');
    const transient = readCard(buildErrorCard(cs, { task: 'label the thread', error: new Error('Backend Error'), retryOf: 'refresh', params: { view: 'homepage' } }));
    expect(listButtons(transient).map((b) => b.text)).toContain('Retry');
  });
});

describe('one error model: the card reads retryable, never the message text', () => {
  const cardFor = (error: unknown) => {
    const { google } = createTypicalGoogle();
    return readCard(buildErrorCard(google.CardService, { task: 'do that', error, retryOf: 'refresh', params: { view: 'homepage' } }));
  };
  const buttons = (error: unknown) => listButtons(cardFor(error)).map((b) => b.text);

  it('a ReconnectError that says it cannot pass gets no Retry, whatever its words', () => {
    // Words that read like a passing failure ("quota", "timed out") must not bring the button back.
    expect(buttons(new ReconnectError('Quota exceeded; Exceeded maximum execution time', { retryable: false }))).toEqual(['Back to Reconnect']);
    expect(buttons(new ReconnectError('The label is taken.', { retryable: true }))).toContain('Retry');
    expect(isRetryable(new ReconnectError('x', { retryable: false }))).toBe(false);
    expect(isRetryable(new PermanentError('x'))).toBe(false);
    expect(isRetryable(new Error('Backend Error'))).toBe(true);
  });

  it("Google's own errors are told apart once, where they come in", () => {
    const timedOut = explainGasError(new Error(WORDING.exceededMaxExecutionTime));
    expect(timedOut).toMatchObject({ retryable: true });
    expect(timedOut.describe()).toMatch(/^It took longer than the 30 seconds Google gives a card\. Retry; if it keeps happening/);
    const quota = explainGasError(new Error('Service invoked too many times for one day: gmail.'));
    expect(quota.describe()).toMatch(/^Google's quota for your account is used up for now \(Service invoked too many times for one day: gmail\.\)\. Retry in a minute/);
    expect(explainGasError(new DailyQuotaError('spent')).describe()).toMatch(/quota for your account is used up/);
    const other = explainGasError(new Error('Backend Error'));
    expect(other.describe()).toBe('Backend Error Retry; if it fails again, open the report or run diagnose from the Apps Script editor.');
    const own = new PermanentError('A label named "X" already exists.', 'Pick another name.');
    expect(explainGasError(own)).toBe(own);
    expect(readText(cardFor(own))).toContain('A label named "X" already exists. Pick another name.');
  });

  it('a card asking for what no longer exists offers Back to Reconnect, not a Retry that asks again', () => {
    const { google } = createTypicalGoogle();
    const response = runInCardExecution(google, () => runCardAction(buildAddonEvent({ parameters: { action: 'snoze', view: 'homepage' } }), createAddonDeps(google)));
    const card = readNextCard(readResponse(response));
    expect(readText(card)).toContain('This card is out of date (it asked for "snoze"). Reopen Reconnect to get the current one.');
    expect(listButtons(card).map((b) => b.text)).toEqual(['Back to Reconnect']);
  });
});
