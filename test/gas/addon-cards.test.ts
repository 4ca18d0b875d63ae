import { CARD_ACTION_FUNCTION } from '../../src/gas/build-card-action';
import { HOMEPAGE_TOP } from '../../src/gas/build-homepage-card';
import { MAX_PEOPLE_ON_CARD } from '../../src/gas/build-contact-card';
import { CARD_ACTIONS } from '../../src/gas/card-actions';
import { TEXT_CAPS } from '../../src/gas/escape-card-text';
import type { CardTree } from '../../src/node/card-tree';
import { MAX_SECTIONS_PER_CARD, MAX_WIDGETS_PER_CARD, MAX_WIDGETS_PER_SECTION } from '../fakes/fake-card-service';
import {
  listButtons,
  readNextCard,
  openCompose,
  openHomepage,
  openMessage,
  openReportLink,
  openSettingsCard,
  readText,
  listWidgets,
} from './addon-harness';
import { createEmptyGoogle, createLargeGoogle, createTypicalGoogle } from './addon-fixtures';
import type { FakeGoogle } from '../fakes/fake-google';

/** Google's limits, checked again on the data (the fake also refuses to build past them). */
function expectWithinLimits(card: CardTree): void {
  expect(card.sections.length).toBeGreaterThan(0);
  expect(card.sections.length).toBeLessThanOrEqual(MAX_SECTIONS_PER_CARD);
  for (const s of card.sections) expect(s.widgets.length).toBeLessThanOrEqual(MAX_WIDGETS_PER_SECTION);
  expect(listWidgets(card).length).toBeLessThanOrEqual(MAX_WIDGETS_PER_CARD);
}

/** Every button calls the dispatcher with an action it has. */
function expectDispatchable(card: CardTree): void {
  for (const b of listButtons(card)) {
    if (b.openLink !== undefined) continue;
    expect(b.action?.functionName).toBe(CARD_ACTION_FUNCTION);
    expect(Object.keys(CARD_ACTIONS)).toContain(b.action?.parameters.action);
  }
}

/** No line of text longer than the longest thing a card is meant to show. */
function expectNoOverflow(card: CardTree): void {
  for (const line of readText(card).split('\n')) expect(line.length).toBeLessThanOrEqual(TEXT_CAPS.message + 100);
}

describe('the homepage', () => {
  it('before any scan: zero counts, "Not scanned yet", and Scan now', () => {
    const google = createEmptyGoogle();
    const card = openHomepage(google);
    const text = readText(card);
    expect(text).toContain('Not scanned yet');
    expect(text).toMatch(/Lapsed\n0 people/);
    expect(text).toContain('Nobody to show yet');
    expect(listButtons(card).map((b) => b.text)).toEqual(['Scan now', 'Open report', 'Settings']);
    expect(listButtons(card)[1]!.openLink?.url).toMatch(/^https:\/\/docs\.google\.com\/spreadsheets\/d\//);
    expectWithinLimits(card);
    expectDispatchable(card);
  });

  it('after a scan: counts, the most overdue first with their actions, and the last run', () => {
    const { google } = createTypicalGoogle();
    const card = openHomepage(google);
    const text = readText(card);
    expect(card.header?.subtitle).toBe('4 lapsed · 1 due · 1 awaiting reply');
    const names = card.sections[1]!.widgets.filter((w) => w.kind === 'decoratedText').map((w) => (w.kind === 'decoratedText' ? w.text : ''));
    // Ann, who wrote both ways, has the highest priority; one-way Hal comes after her.
    expect(names[0]).toBe('<b>Ann Smith</b>');
    const people = card.sections[1]!.widgets.filter((w) => w.kind === 'decoratedText');
    const ann = people[0]!;
    expect(ann.kind === 'decoratedText' && ann.bottomLabel).toMatch(/^(Strong tie|Regular|Occasional|Weak tie) \(\d+\/100\) · They wrote last, 7 months ago, and you haven't replied · /);
    expect(names.indexOf('<b>R&amp;D &lt;Lab&gt;</b>')).toBeGreaterThan(0);
    expect(names).toContain('<b>R&amp;D &lt;Lab&gt;</b>');
    expect(text).toContain('Last run');
    expect(text).toContain('Scan complete');
    const annButtons = listButtons(card).slice(0, 5).map((b) => b.text);
    expect(annButtons).toEqual(['Draft reconnect', 'Snooze 30 days', 'Snooze 90 days', 'Ignore', 'Set cadence']);
    expect(listButtons(card)[0]!.action?.parameters).toMatchObject({ action: 'draft', email: 'ann@example.org', template: 'reconnect' });
    expectWithinLimits(card);
    expectDispatchable(card);
  });

  it('with 2,000 people: the most overdue few, the rest counted, within Google\'s limits', () => {
    const { google } = createLargeGoogle();
    const card = openHomepage(google);
    const people = card.sections[1]!.widgets.filter((w) => w.kind === 'decoratedText');
    expect(people).toHaveLength(HOMEPAGE_TOP);
    expect(readText(card)).toMatch(/…and [\d,]+ more lapsed people in the report\./);
    expectWithinLimits(card);
    expectDispatchable(card);
    expectNoOverflow(card);
  });

  it('shows a scan in progress as "N of about M messages"', () => {
    const { google } = createLargeGoogle(20);
    google.startExecution();
    const props = google.PropertiesService.getUserProperties();
    const scan = JSON.parse(props.getProperty('reconnect.scan')!);
    scan.cursor.progress = { kind: 'full', startedAt: 0, phase: 'sent', cursor: null, floor: { second: 0, ids: [] }, folded: 12400, topIds: [], estimate: 40000 };
    props.setProperty('reconnect.scan', JSON.stringify(scan));
    google.endExecution();
    expect(readText(openHomepage(google))).toContain('Scanning: 12,400 of about 40,000 messages');
  });
});

describe('the card beside a message', () => {
  it('a section per person but you: history, cadence and its source, state, actions', () => {
    const { google, annMessage } = createTypicalGoogle();
    const card = openMessage(google, annMessage);
    expect(card.sections.map((s) => s.header)).toEqual(['Ann Smith', 'Bob Jones', 'Ivy Chen']);
    const text = readText(card);
    expect(text).toContain('You last wrote');
    expect(text).toContain('They last wrote');
    expect(text).toMatch(/Every 90 days\nReconnect's default/);
    expect(text).toMatch(/Lapsed · \d+ months? overdue/);
    expect(text).toContain('No history yet');
    expect(text).toContain('They were on 1 group message with you.');
    const relationship = card.sections[0]!.widgets.find((w) => w.kind === 'decoratedText' && w.topLabel === 'Relationship');
    expect(relationship).toMatchObject({ text: expect.stringMatching(/^(Strong tie|Regular|Occasional|Weak tie) · \d+\/100$/) });
    expect(relationship?.kind === 'decoratedText' && relationship.bottomLabel).toMatch(/^You wrote last|^They wrote last|^Too little history/);
    const picker = card.sections[0]!.widgets.find((w) => w.kind === 'selectionInput');
    expect(picker).toMatchObject({ type: 'DROPDOWN', fieldName: 'template_0' });
    expect(picker?.kind === 'selectionInput' && picker.items.map((i) => i.value)).toEqual(['reconnect', 'ask', 'interest', 'keep-in-touch', 'thank-you']);
    expect(listButtons(card).filter((b) => b.section === 'Ann Smith').map((b) => b.text)).toEqual([
      'Draft reconnect',
      'Snooze 30 days',
      'Snooze 90 days',
      'Ignore',
      'Set cadence',
    ]);
    expectWithinLimits(card);
    expectDispatchable(card);
  });

  it('dates are relative and absolute in the reader\'s zone', () => {
    const { google, annMessage } = createTypicalGoogle();
    const bob = openMessage(google, annMessage).sections[1]!;
    const theyWrote = bob.widgets.find((w) => w.kind === 'decoratedText' && w.topLabel === 'They last wrote');
    // Bob wrote two days before 2026-11-02T09:00Z: 09:00 in London (GMT in November).
    expect(theyWrote).toMatchObject({ text: '2 days ago', bottomLabel: 'Sat, 31 Oct 2026, 09:00' });
  });

  it('a learned cadence says so', () => {
    const { google } = createTypicalGoogle();
    const fayMessage = google.Gmail.seedMessage({ from: 'Fay Green <fay@example.org>', to: 'me@example.com', subject: 'Hi', date: Date.parse('2026-11-01T10:00:00Z'), labels: ['INBOX'] });
    expect(readText(openMessage(google, fayMessage))).toContain('Learned: you usually write every ~4 weeks');
  });

  it('only you on the message', () => {
    const { google, selfMessage } = createTypicalGoogle();
    const card = openMessage(google, selfMessage);
    expect(card.header?.subtitle).toBe('Only you are on this message');
    expectWithinLimits(card);
  });

  it('before any scan: the open message itself is the only history', () => {
    const google = createEmptyGoogle();
    const id = google.Gmail.seedMessage({ from: 'Ann <ann@example.org>', to: 'me@example.com', cc: 'Bo <bo@example.org>', subject: 'Hi', date: Date.parse('2026-11-01T10:00:00Z') });
    const card = openMessage(google, id);
    expect(card.sections.map((s) => s.header)).toEqual(['Ann', 'Bo']);
    expect(readText(card)).toMatch(/You last wrote\nNever\nThey last wrote\nyesterday/);
    expect(readText(card)).toContain('No history yet: Reconnect has not seen you and bo@example.org write to each other one-to-one.');
    expectWithinLimits(card);
  });

  it('counts the open message when the last scan has not read it yet', () => {
    const { google } = createTypicalGoogle();
    const fresh = google.Gmail.deliver({ from: 'Ann Smith <ann@example.org>', to: 'me@example.com', subject: 'Back in town', date: google.clock.now() });
    const ann = openMessage(google, fresh).sections[0]!;
    expect(ann.widgets.find((w) => w.kind === 'decoratedText' && w.topLabel === 'They last wrote')).toMatchObject({ text: 'just now' });
    expect(readText(openMessage(google, fresh))).toMatch(/State\nIn touch/);
    // Only on the card: the ledger waits for the next scan.
    expect(readText(openHomepage(google))).toContain('Ann Smith');
  });

  it('a message to 300 people: the first few, the rest counted, within Google\'s limits', () => {
    const { google, crowdMessage } = createLargeGoogle();
    const card = openMessage(google, crowdMessage);
    expect(card.sections).toHaveLength(MAX_PEOPLE_ON_CARD + 1);
    expect(readText(card)).toContain(`…and ${300 - MAX_PEOPLE_ON_CARD} more people on this message`);
    expect(readText(card)).toContain('…');
    expectWithinLimits(card);
    expectDispatchable(card);
    expectNoOverflow(card);
  });
});

describe('the compose action', () => {
  it('a template picker for the draft\'s recipient', () => {
    const { google } = createTypicalGoogle();
    const card = openCompose(google, ['Ann Smith <ann@example.org>']);
    const text = readText(card);
    expect(text).toContain('Ann Smith');
    expect(text).toContain('Keep in touch');
    const picker = listWidgets(card).find((w) => w.kind === 'selectionInput');
    expect(picker).toMatchObject({ type: 'RADIO_BUTTON', fieldName: 'template' });
    expect(listButtons(card).map((b) => b.text)).toEqual(['Insert into draft']);
    expectWithinLimits(card);
    expectDispatchable(card);
  });

  it('no recipients yet, and many', () => {
    const google = createEmptyGoogle();
    expect(readText(openCompose(google, []))).toContain('Add a recipient first');
    const { google: large, emails } = createLargeGoogle();
    const card = openCompose(large, emails.slice(0, 50));
    expectWithinLimits(card);
    expectDispatchable(card);
  });
});

describe('the settings', () => {
  it('every setting, as stored, and Save', () => {
    const google = createEmptyGoogle();
    const card = readNextCard(openSettingsCard(google));
    const fields = listWidgets(card).flatMap((w) => (w.kind === 'textInput' || w.kind === 'selectionInput' ? [w.fieldName] : []));
    expect(fields.sort()).toEqual(
      ['weeklyDay', 'weeklyHour', 'draftsPerWeek', 'replyInThread', 'defaultCadenceDays', 'useLearnedCadence', 'excludedAddresses', 'excludedDomains', 'lookbackDays', 'gmailQuota', 'accountType', 'lapsedLabel', 'draftedLabel', 'readCalendar', 'readContacts', 'minGapDays'].sort(),
    );
    const day = listWidgets(card).find((w) => w.kind === 'selectionInput' && w.fieldName === 'weeklyDay');
    expect(day?.kind === 'selectionInput' && day.items.find((i) => i.selected)?.text).toBe('Monday');
    const gap = listWidgets(card).find((w) => w.kind === 'textInput' && w.fieldName === 'minGapDays');
    expect(gap?.kind === 'textInput' && gap.value).toBe('30');
    expect(listButtons(card).map((b) => b.text)).toContain('Save settings');
    expectWithinLimits(card);
    expectDispatchable(card);
  });

  it('Open report opens the spreadsheet', () => {
    const google = createEmptyGoogle();
    const response = openReportLink(google);
    expect(response).toMatchObject({ kind: 'universalActionResponse', openLink: { url: expect.stringMatching(/^https:\/\/docs\.google\.com\/spreadsheets\//) } });
  });
});

describe.each([
  ['empty', () => {
    const google = createEmptyGoogle();
    const messageId = google.Gmail.seedMessage({ from: 'Ann <ann@example.org>', to: 'me@example.com', subject: 'Hi', date: Date.parse('2026-11-01T10:00:00Z') });
    return { google, messageId, to: ['ann@example.org'] };
  }],
  ['typical', () => {
    const { google, annMessage } = createTypicalGoogle();
    return { google, messageId: annMessage, to: ['ann@example.org', 'bob@example.org'] };
  }],
  ['large (2,000 people)', () => {
    const { google, crowdMessage, emails } = createLargeGoogle();
    return { google, messageId: crowdMessage, to: emails.slice(0, 40) };
  }],
] as Array<[string, () => { google: FakeGoogle; messageId: string; to: string[] }]>)('every card, %s state', (_state, make) => {
  it('builds within Google\'s limits, every button dispatchable, inside the 30-second budget', () => {
    const { google, messageId, to } = make();
    const gmailBefore = google.log.count('gmail');
    const home = openHomepage(google);
    // The homepage reads the stored ledger: no Gmail request, let alone a scan.
    expect(google.log.count('gmail')).toBe(gmailBefore);
    const cards = [home, openMessage(google, messageId), openCompose(google, to), readNextCard(openSettingsCard(google))];
    expect(cards.map((c) => c.name)).toEqual(['homepage', 'contact', 'compose', 'settings']);
    for (const card of cards) {
      expectWithinLimits(card);
      expectDispatchable(card);
      expectNoOverflow(card);
    }
    for (const run of google.runtime.allExecutions.filter((e) => e.kind === 'cardAction')) expect(run.died).toBe(false);
  });
});
