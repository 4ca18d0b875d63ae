import { runCardAction } from '../../src/gas/card-actions';
import { runWeekly, WEEKLY_HANDLER } from '../../src/gas/run-weekly';
import { CONTINUE_HANDLER } from '../../src/gas/scan-mailbox';
import type { CardTree, ResponseTree } from '../../src/node/card-tree';
import { readCard, readResponse } from '../fakes/fake-card-service';
import { showAddonCard } from '../../src/gas/show-addon-card';
import type { FakeGoogle } from '../fakes/fake-google';
import {
  createAddonDeps,
  buildAddonEvent,
  findButton,
  listButtons,
  runInCardExecution,
  isErrorCard,
  readNextCard,
  openHomepage,
  openMessage,
  openSettingsCard,
  press,
  readText,
} from './addon-harness';
import { createTypicalGoogle } from './addon-fixtures';
import { runExecution } from './gas-harness';

const ANN = 'ann@example.org';

function weeklyBatch(google: FakeGoogle) {
  const { result, error } = runExecution(google, (rt) => runWeekly(rt));
  if (error !== undefined) throw error;
  return result!.batch!;
}

function overridesOf(google: FakeGoogle) {
  const { result, error } = runExecution(google, (rt) => rt.overrides!());
  if (error !== undefined) throw error;
  return result!;
}

function settingsOf(google: FakeGoogle) {
  const { result } = runExecution(google, (rt) => rt.state.settings());
  return result!;
}

function lapsedOnHomepage(card: CardTree): string[] {
  return listButtons(card)
    .filter((b) => b.text === 'Draft reconnect')
    .map((b) => b.action!.parameters.email!);
}

function notification(response: ResponseTree): string | undefined {
  return response.kind === 'actionResponse' ? response.notification : undefined;
}

const failure = () => new Error('We\'re sorry, a server error occurred. Please wait a bit and try again.');

describe('without any choices, the weekly batch drafts to the most overdue', () => {
  it('drafts to Ann', () => {
    const { google } = createTypicalGoogle();
    expect(weeklyBatch(google).drafted.map((d) => d.email)).toContain(ANN);
  });
});

describe('snooze', () => {
  it('takes Ann off the homepage and out of the weekly batch, and says until when', () => {
    const { google } = createTypicalGoogle();
    const home = openHomepage(google);
    expect(lapsedOnHomepage(home)[0]).toBe(ANN);
    const response = press(google, findButton(home, 'Snooze 30 days'));
    expect(notification(response)).toBe('Snoozed Ann Smith until 2 Dec 2026.');
    const after = readNextCard(response);
    expect(after.name).toBe('homepage');
    expect(lapsedOnHomepage(after)).not.toContain(ANN);
    expect(lapsedOnHomepage(openHomepage(google))).not.toContain(ANN);
    // 30 days from the press; the scans before it moved the clock on by a few minutes.
    const until = overridesOf(google)[ANN]!.snoozeUntil!;
    expect(until - Date.parse('2026-12-02T09:00:00Z')).toBeGreaterThanOrEqual(0);
    expect(until - Date.parse('2026-12-02T09:00:00Z')).toBeLessThan(3_600_000);
    const batch = weeklyBatch(google);
    expect(batch.drafted.map((d) => d.email)).not.toContain(ANN);
    expect(batch.skipped).toContainEqual({ email: ANN, reason: 'snoozed' });
  });

  it('from the message card, and ended there', () => {
    const { google, annMessage } = createTypicalGoogle();
    const snoozed = readNextCard(press(google, findButton(openMessage(google, annMessage), 'Snooze 90 days', 'Ann Smith'), { messageId: annMessage }));
    expect(snoozed.name).toBe('contact');
    expect(readText(snoozed)).toContain('Snoozed until 31 Jan 2027');
    const ended = press(google, findButton(snoozed, 'End snooze', 'Ann Smith'), { messageId: annMessage });
    expect(notification(ended)).toBe('Ann Smith is no longer snoozed.');
    expect(readText(readNextCard(ended))).toMatch(/Lapsed · 4 months overdue/);
    expect(weeklyBatch(google).drafted.map((d) => d.email)).toContain(ANN);
  });
});

describe('ignore', () => {
  it('changes the next card and the weekly batch, and can be undone', () => {
    const { google, annMessage } = createTypicalGoogle();
    const response = press(google, findButton(openHomepage(google), 'Ignore'));
    expect(notification(response)).toBe('Reconnect will ignore Ann Smith.');
    expect(lapsedOnHomepage(readNextCard(response))).not.toContain(ANN);
    expect(weeklyBatch(google).skipped).toContainEqual({ email: ANN, reason: 'ignored' });
    const card = openMessage(google, annMessage);
    expect(readText(card)).toMatch(/State\nIgnored/);
    const undone = press(google, findButton(card, 'Stop ignoring', 'Ann Smith'), { messageId: annMessage });
    expect(readText(readNextCard(undone))).toMatch(/State\nLapsed/);
  });
});

describe('set cadence', () => {
  it('picks a tier on a card of its own, then shows the card it came from with the change', () => {
    const { google, annMessage } = createTypicalGoogle();
    const opened = press(google, findButton(openMessage(google, annMessage), 'Set cadence', 'Ann Smith'), { messageId: annMessage });
    expect(opened.kind === 'actionResponse' && opened.navigation[0]?.kind).toBe('pushCard');
    const picker = readNextCard(opened);
    expect(picker.name).toBe('cadence');
    expect(picker.sections[0]!.widgets.flatMap((w) => (w.kind === 'decoratedText' ? [w.text] : []))).toEqual(['Weekly', 'Monthly', 'Quarterly', 'Yearly', 'Never', 'Automatic']);
    const yearly = listButtons(picker).find((b) => b.action?.parameters.cadence === 'yearly')!;
    const set = press(google, yearly, { messageId: annMessage });
    expect(set.kind === 'actionResponse' && set.navigation.map((s) => s.kind)).toEqual(['popCard', 'updateCard']);
    expect(notification(set)).toBe('Cadence for Ann Smith: yearly (every 365 days).');
    const shown = readText(readNextCard(set));
    expect(shown).toMatch(/Every 365 days\nSet by you/);
    expect(lapsedOnHomepage(openHomepage(google))).not.toContain(ANN);
    expect(weeklyBatch(google).drafted.map((d) => d.email)).not.toContain(ANN);
  });

  it('"Automatic" hands it back', () => {
    const { google, annMessage } = createTypicalGoogle();
    const choose = (cadence: string) => {
      const picker = readNextCard(press(google, findButton(openMessage(google, annMessage), 'Set cadence', 'Ann Smith'), { messageId: annMessage }));
      return press(google, listButtons(picker).find((b) => b.action?.parameters.cadence === cadence)!, { messageId: annMessage });
    };
    choose('never');
    expect(overridesOf(google)[ANN]?.cadence).toBe('never');
    expect(lapsedOnHomepage(openHomepage(google))).not.toContain(ANN);
    expect(notification(choose('auto'))).toBe('Cadence for Ann Smith: automatic (learned from your history, else the default).');
    expect(overridesOf(google)[ANN]?.cadence).toBeUndefined();
    expect(lapsedOnHomepage(openHomepage(google))).toContain(ANN);
  });
});

describe('drafts', () => {
  it('Draft reconnect makes one draft and says so; a second press is refused politely', () => {
    const { google } = createTypicalGoogle();
    const openHomepageBefore = openHomepage(google);
    const response = press(google, findButton(openHomepageBefore, 'Draft reconnect'));
    expect(notification(response)).toBe('Draft created in your Drafts folder.');
    expect(google.Gmail.draftRecords().map((d) => d.to)).toEqual([expect.stringContaining(ANN)]);
    expect(readText(readNextCard(response))).toMatch(/Drafts waiting\n1 draft/);
    // The next card offers her draft, not a second one.
    const next = listButtons(readNextCard(response));
    expect(next.find((b) => b.action?.parameters.email === ANN && b.text === 'Draft reconnect')).toBeUndefined();
    expect(next.find((b) => b.text === 'Open draft')?.openLink?.url).toMatch(/^https:\/\/mail\.google\.com\/mail\/#drafts\/[0-9a-f]+$/);
    // A press on a card shown before the draft was made is refused politely.
    const again = press(google, findButton(openHomepageBefore, 'Draft reconnect'));
    expect(notification(again)).toBe(`A Reconnect draft to ${ANN} is already in your Drafts.`);
    expect(google.Gmail.draftRecords()).toHaveLength(1);
    expect(google.Gmail.sendAttempts).toHaveLength(0);
  });

  it('the message card drafts with the template picked', () => {
    const { google, annMessage } = createTypicalGoogle();
    const card = openMessage(google, annMessage);
    press(google, findButton(card, 'Draft reconnect', 'Ann Smith'), { messageId: annMessage, form: { template_0: 'keep-in-touch' } });
    const { result } = runExecution(google, (rt) => rt.draftLog.read());
    expect(result).toEqual([expect.objectContaining({ email: ANN, template: 'keep-in-touch', kind: 'reconnect', state: 'open' })]);
  });
});

describe('thank-you', () => {
  it('once Ann answers the reconnect note you sent, her card offers a thank-you draft', () => {
    const { google, annMessage } = createTypicalGoogle();
    press(google, findButton(openHomepage(google), 'Draft reconnect'));
    expect(listButtons(openMessage(google, annMessage)).map((b) => b.text)).not.toContain('Draft thank-you');
    const [draft] = google.Gmail.draftRecords();
    google.clock.advance(3_600_000);
    google.Gmail.userSendsDraft(draft!.id);
    google.clock.advance(3_600_000);
    const reply = google.Gmail.deliver({ threadId: draft!.threadId, from: 'Ann Smith <ann@example.org>', to: 'me@example.com', subject: 'Re: Plans', date: google.clock.now() });
    const card = openMessage(google, reply);
    const thanks = findButton(card, 'Draft thank-you', 'Ann Smith');
    expect(thanks.action?.parameters).toMatchObject({ action: 'draft', template: 'thank-you', email: ANN });
    expect(notification(press(google, thanks, { messageId: reply }))).toBe('Draft created in your Drafts folder.');
    const { result } = runExecution(google, (rt) => rt.draftLog.read());
    expect(result!.map((r) => [r.kind, r.state])).toEqual([
      ['reconnect', 'sent'],
      ['thank-you', 'open'],
    ]);
  });
});

describe('a failing service call shows the error card, and nothing is half-written', () => {
  it('snooze: the sheet write fails', () => {
    const { google } = createTypicalGoogle();
    const home = openHomepage(google);
    google.log.failOnMethodCall('spreadsheet.Range.setValues', 1, failure());
    const response = press(google, findButton(home, 'Snooze 30 days'));
    const card = readNextCard(response);
    expect(isErrorCard(card)).toBe(true);
    expect(readText(card)).toContain('Reconnect could not snooze Ann Smith.');
    expect(readText(card)).toContain("We're sorry, a server error occurred.");
    expect(overridesOf(google)[ANN]).toBeUndefined();
    const retried = press(google, findButton(card, 'Retry'));
    expect(notification(retried)).toBe('Snoozed Ann Smith until 2 Dec 2026.');
    expect(overridesOf(google)[ANN]?.snoozeUntil).toBeDefined();
  });

  it('draft: Gmail refuses the draft', () => {
    const { google } = createTypicalGoogle();
    const home = openHomepage(google);
    google.log.failOnMethodCall('gmail.users.drafts.create', 1, failure());
    const card = readNextCard(press(google, findButton(home, 'Draft reconnect')));
    expect(isErrorCard(card)).toBe(true);
    expect(readText(card)).toContain('Reconnect could not create the draft to Ann Smith.');
    expect(google.Gmail.draftRecords()).toHaveLength(0);
    expect(runExecution(google, (rt) => rt.draftLog.read()).result).toEqual([]);
    expect(notification(press(google, findButton(card, 'Retry')))).toBe('Draft created in your Drafts folder.');
    expect(google.Gmail.draftRecords()).toHaveLength(1);
  });

  it('settings: the new weekly trigger cannot be made, so the old settings and trigger stay', () => {
    const { google } = createTypicalGoogle();
    runExecution(google, (rt) => rt.triggers.scheduleWeekly(WEEKLY_HANDLER, 1, 8, 'Europe/London'));
    const settings = readNextCard(openSettingsCard(google));
    google.log.failOnMethodCall('script.TriggerBuilder.create', 1, failure());
    const card = readNextCard(press(google, findButton(settings, 'Save settings'), { form: { ...formOf(settings), weeklyDay: '5', weeklyHour: '7' } }));
    expect(isErrorCard(card)).toBe(true);
    expect(readText(card)).toContain('Reconnect could not save the settings.');
    expect(settingsOf(google)).toMatchObject({ weeklyDay: 1, weeklyHour: 8 });
    const weekly = google.ScriptApp.triggers.filter((t) => t.handlerFunction === WEEKLY_HANDLER);
    expect(weekly.map((t) => [t.spec.onWeekDay, t.spec.atHour])).toEqual([['MONDAY', 8]]);
    // The Retry carries the form over: the error card has no inputs of its own.
    expect(notification(press(google, findButton(card, 'Retry')))).toMatch(/^Settings saved\. Weekly drafts now run on Fridays at 07:00/);
    expect(settingsOf(google)).toMatchObject({ weeklyDay: 5, weeklyHour: 7 });
  });

  it('the homepage itself: the stored state cannot be read', () => {
    const { google } = createTypicalGoogle();
    google.log.failWhen((c) => c.name === 'properties.getProperty', failure());
    const card = readCard(runInCardExecution(google, () => showAddonCard(buildAddonEvent(), 'homepage', createAddonDeps(google))));
    expect(isErrorCard(card)).toBe(true);
    expect(readText(card)).toContain('Reconnect could not open this card.');
    google.log.clearFaults();
    expect(readNextCard(press(google, findButton(card, 'Retry'))).name).toBe('homepage');
  });

  it('an action the dispatcher does not know', () => {
    const { google } = createTypicalGoogle();
    const response = readResponse(runInCardExecution(google, () => runCardAction(buildAddonEvent({ parameters: { action: 'snoze', view: 'homepage' } }), createAddonDeps(google))));
    expect(readText(readNextCard(response))).toContain('This card is out of date');
  });
});

function formOf(card: CardTree): Record<string, string> {
  const form: Record<string, string> = {};
  for (const w of card.sections.flatMap((s) => s.widgets)) {
    if (w.kind === 'textInput') form[w.fieldName] = w.value ?? '';
    if (w.kind === 'selectionInput') {
      const picked = w.items.filter((i) => i.selected).map((i) => i.value);
      if (picked.length > 0) form[w.fieldName] = picked.join('\n');
    }
  }
  return form;
}

describe('settings', () => {
  it('refuses bad values with a message under each field and keeps what was typed', () => {
    const { google } = createTypicalGoogle();
    const settings = readNextCard(openSettingsCard(google));
    const response = press(google, findButton(settings, 'Save settings'), {
      form: { ...formOf(settings), draftsPerWeek: 'lots', excludedDomains: 'example.org\n@@bad', lapsedLabel: 'Inbox' },
    });
    expect(notification(response)).toBe('Not saved: 3 settings need fixing.');
    const card = readNextCard(response);
    const text = readText(card);
    expect(text).toContain('Drafts per week must be a whole number from 0 to 50');
    expect(text).toContain('"@@bad" is not a domain');
    expect(text).toContain('The lapsed label cannot be "Inbox"');
    expect(card.header?.subtitle).toBe('Not saved: fix the 3 settings marked in red');
    expect(card.sections.flatMap((s) => s.widgets).find((w) => w.kind === 'textInput' && w.fieldName === 'draftsPerWeek')).toMatchObject({ value: 'lots' });
    expect(settingsOf(google).draftsPerWeek).toBe(5);
  });

  it('saves good values, moves the weekly trigger, and an unticked box turns learning off', () => {
    const { google } = createTypicalGoogle();
    const settings = readNextCard(openSettingsCard(google));
    const { useLearnedCadence: _ticked, ...form } = formOf(settings);
    const response = press(google, findButton(settings, 'Save settings'), {
      form: { ...form, weeklyDay: '5', weeklyHour: '7', draftsPerWeek: '3', excludedAddresses: 'Boss@Example.com, x@y.org' },
    });
    expect(notification(response)).toBe('Settings saved. Weekly drafts now run on Fridays at 07:00 (Europe/London).');
    expect(settingsOf(google)).toMatchObject({
      weeklyDay: 5,
      weeklyHour: 7,
      draftsPerWeek: 3,
      excludedAddresses: ['boss@example.com', 'x@y.org'],
      policy: expect.objectContaining({ useLearnedCadence: false }),
    });
    const weekly = google.ScriptApp.triggers.filter((t) => t.handlerFunction === WEEKLY_HANDLER);
    expect(weekly.map((t) => [t.spec.onWeekDay, t.spec.atHour, t.spec.timeZone])).toEqual([['FRIDAY', 7, 'Europe/London']]);
    expect(weeklyBatch(google).drafted.filter((d) => d.kind === 'reconnect').length).toBeLessThanOrEqual(3);
  });
});

describe('scan now', () => {
  it('reads new mail inline, within the card limit, and makes no trigger from the card', () => {
    const { google } = createTypicalGoogle();
    const creates = google.log.count('script.TriggerBuilder.create');
    const response = press(google, findButton(openHomepage(google), 'Scan now'));
    expect(notification(response)).toContain('Scan complete');
    expect(google.log.count('script.TriggerBuilder.create')).toBe(creates);
    expect(google.runtime.allExecutions.every((e) => !e.died)).toBe(true);
    expect(google.ScriptApp.triggers.filter((t) => t.handlerFunction === CONTINUE_HANDLER)).toHaveLength(0);
  });
});

describe('the compose action', () => {
  it('inserts the chosen template, written for the recipient, at the cursor', () => {
    const { google } = createTypicalGoogle();
    const card = readCard(runInCardExecution(google, () => showAddonCard(buildAddonEvent({ to: [ANN] }), 'compose', createAddonDeps(google))));
    const response = press(google, findButton(card, 'Insert into draft'), { to: [ANN], form: { template: 'keep-in-touch' } });
    expect(response.kind).toBe('updateDraftActionResponse');
    if (response.kind !== 'updateDraftActionResponse') return;
    expect(response.body?.updateType).toBe('IN_PLACE_INSERT');
    expect(response.body?.contents).toHaveLength(1);
    expect(response.body?.contents[0]).toMatchObject({ contentType: 'MUTABLE_HTML', content: expect.stringContaining('<p>Hi Ann,</p>') });
  });

  it('with nobody to greet, says "Hi there,"', () => {
    const { google } = createTypicalGoogle();
    const card = readCard(runInCardExecution(google, () => showAddonCard(buildAddonEvent({ to: [] }), 'compose', createAddonDeps(google))));
    const response = press(google, findButton(card, 'Insert into draft'), { to: [] });
    expect(response.kind === 'updateDraftActionResponse' && response.body?.contents[0]?.content).toContain('Hi there,');
  });
});

describe('every action fits in a card callback', () => {
  it('runs within 30 seconds of fake time', () => {
    const { google } = createTypicalGoogle();
    press(google, findButton(openHomepage(google), 'Draft reconnect'));
    const cardRuns = google.runtime.allExecutions.filter((e) => e.kind === 'cardAction');
    expect(cardRuns.length).toBeGreaterThan(0);
    for (const run of cardRuns) expect(run.died).toBe(false);
  });
});
