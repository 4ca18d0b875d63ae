/** A failure retrying cannot fix: the `error` outcome, shown on the homepage with what to do, no endless continuation, no Retry button. */
import { buildErrorCard } from '../../src/gas/build-error-card';
import { LabelConflictError } from '../../src/gas/gmail-labeler';
import { CONTINUE_HANDLER, scanMailbox } from '../../src/gas/scan-mailbox';
import { readCard } from '../fakes/fake-card-service';
import { buildTypicalMailbox, createTypicalGoogle } from './addon-fixtures';
import { listButtons, openHomepage, readText } from './addon-harness';
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
