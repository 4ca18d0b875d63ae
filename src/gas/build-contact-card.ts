/**
 * The card beside an open message: a section for each person on it other
 * than you, with when each of you last wrote, the cadence and where it came
 * from, the state, and actions. Someone Reconnect has no one-to-one history
 * with gets a short "no history yet" section.
 */
import { assessContact, type Assessment } from '../core/assess-contact';
import { describeContact, type ContactDescription, type WhenLine } from '../core/describe-contact';
import { addMessage } from '../core/fold-messages';
import type { Contact } from '../core/ledger';
import { draftUrl, isStaleDraft, openDraftOf, STALE_DRAFT_TEXT } from '../core/plan-draft-run';
import { findThankYouDue, reconcileDraftLog, type DraftRecord } from '../core/plan-drafts';
import { cleanDisplayName } from '../core/clean-display-name';
import { foldOptionsFrom } from '../core/settings';
import { buildActionButton, buildLinkButton, type ViewParams } from './build-card-action';
import { LOGO_URL } from './build-homepage-card';
import type { AddonContext } from './create-addon-context';
import { escapeCardText, formatCardText, TEXT_CAPS } from './escape-card-text';
import { listTemplates, type TemplateChoice } from './list-templates';
import { readMessagePeople } from './read-message-people';

/**
 * People given a section: a known person's section takes at most 12 widgets
 * (8 with the Relationship line, plus a stale-draft line, last met, their addresses and their groups),
 * and Google shows at most 100 widgets a card (google.apps.card.v1 Card reference).
 */
export const MAX_PEOPLE_ON_CARD = 8;

export interface ContactCardPerson {
  /** Identity key, for the actions. */
  email: string;
  /** As they write it, for display: the ledger's spelling, or this message's. */
  address: string;
  name: string;
  /** Null: no one-to-one exchange yet. */
  history: {
    description: ContactDescription;
    state: Assessment['state'];
    strength: number;
    strengthLabel: string;
    reason: string;
    thankYouDue: boolean;
    /** Their open Reconnect draft: where to open it, and whether they wrote since it was made. */
    openDraft: { url: string; stale: boolean } | null;
    /** Every address of the person (a contact card's, or linked by hand). */
    emails: string[];
    groups: string[];
  } | null;
  /** Messages with many recipients that included them: seen, but not an exchange. */
  weakTouches: number;
}

export interface ContactCardData {
  messageId: string;
  people: ContactCardPerson[];
  /** People on the message beyond MAX_PEOPLE_ON_CARD. */
  hidden: number;
  templates: TemplateChoice[];
}

export function readContactCard(ctx: AddonContext, messageId: string): ContactCardData {
  const { runtime, now } = ctx;
  const settings = runtime.state.settings();
  const { ledger, scan } = runtime.store.load();
  const owner = new Set(scan.owner.length > 0 ? scan.owner : runtime.source.ownerAddresses());
  const { message, people: everyone } = readMessagePeople(runtime.source, messageId, owner, settings.mergeGmailVariants);
  // The open message is news the last scan may not have read: without it, "they last wrote 2 years ago" under their new message.
  const watermark = scan.cursor.watermark;
  if (watermark === null || Math.floor(message.date / 1000) > watermark.second) addMessage(ledger, message, foldOptionsFrom(settings, owner));
  const shown = everyone.slice(0, MAX_PEOPLE_ON_CARD);
  const overrides = shown.length > 0 ? (runtime.overrides?.() ?? {}) : {};
  const records = readRecordsOf(ctx, new Set(shown.map((p) => p.email)));
  const thankYou = new Set(findThankYouDue(ledger, records));
  // As people: a contact card's addresses together, meetings counted (from the last sync; no call to Google here).
  const resolved = runtime.viewPeople === undefined ? ledger : runtime.viewPeople(ledger, now);
  const aliases = (resolved as { aliases?: Record<string, string> }).aliases ?? {};
  const people = shown.map((person): ContactCardPerson => {
    const contact = resolved.contacts[aliases[person.email] ?? person.email] as (typeof resolved.contacts)[string] & { meetingCount?: number; emails?: string[]; groups?: string[] } | undefined;
    const name = cleanDisplayName(contact?.name || person.name);
    if (contact === undefined || contact.sentCount + contact.receivedCount + (contact.meetingCount ?? 0) === 0) {
      return { email: person.email, address: person.address, name, history: null, weakTouches: contact?.weakCount ?? 0 };
    }
    const assessment = assessContact(contact, now, settings.policy, overrides[contact.email] ?? overrides[person.email]);
    return {
      email: person.email,
      address: assessment.address,
      name,
      history: {
        description: describeContact(contact, assessment, now, ctx.timeZone, ctx.locale),
        state: assessment.state,
        strength: assessment.strength,
        strengthLabel: assessment.strengthLabel,
        reason: assessment.reason,
        thankYouDue: thankYou.has(person.email),
        openDraft: openDraftView(records, person.email, contact),
        emails: assessment.emails ?? [assessment.address],
        groups: contact.groups ?? [],
      },
      weakTouches: contact.weakCount,
    };
  });
  return {
    messageId,
    people,
    hidden: everyone.length - shown.length,
    templates: people.some((p) => p.history !== null) ? listTemplates(runtime).choices : [],
  };
}

/**
 * The draft log's records for these people, brought up to date with Gmail in
 * memory only: a reconnect note becomes "sent" once it has left Drafts, which
 * is what makes a thank-you due. Costs a drafts.list, plus a threads.get per
 * draft of theirs that left Drafts since the log last looked; nothing is written.
 */
function readRecordsOf(ctx: AddonContext, emails: ReadonlySet<string>): DraftRecord[] {
  if (emails.size === 0) return [];
  const { drafter, draftLog } = ctx.runtime;
  const records = draftLog.read().filter((r) => emails.has(r.email));
  if (!records.some((r) => r.state === 'open')) return records;
  return reconcileDraftLog(records, drafter.openDraftIds(), (r) => drafter.findSentAt(r), ctx.now);
}

function openDraftView(records: readonly DraftRecord[], email: string, contact: Contact): { url: string; stale: boolean } | null {
  const open = openDraftOf(records, email);
  return open === null ? null : { url: draftUrl(open), stale: isStaleDraft(open, contact) };
}

export function buildContactCard(cs: GoogleAppsScript.Card_Service.CardService, data: ContactCardData): GoogleAppsScript.Card_Service.Card {
  const view: ViewParams = { view: 'contact', messageId: data.messageId };
  const card = cs.newCardBuilder().setName('contact');
  const first = data.people[0];
  const subtitle =
    data.people.length === 0 ? 'Only you are on this message' : data.people.length + data.hidden === 1 ? first!.name || first!.address : `${data.people.length + data.hidden} people on this message`;
  card.setHeader(cs.newCardHeader().setTitle('Reconnect').setSubtitle(subtitle).setImageUrl(LOGO_URL).setImageAltText('Reconnect'));

  if (data.people.length === 0) {
    card.addSection(cs.newCardSection().addWidget(cs.newTextParagraph().setText('Only you are on this message, so there is nobody to keep in touch with here.')));
  }
  data.people.forEach((person, index) => {
    const shown = person.name === '' ? person.address : person.name;
    const section = cs.newCardSection().setHeader(formatCardText(shown, TEXT_CAPS.name));
    const history = person.history;
    if (history === null) {
      const seen = person.weakTouches > 0 ? ` They were on ${person.weakTouches} group ${person.weakTouches === 1 ? 'message' : 'messages'} with you.` : '';
      section.addWidget(
        cs
          .newTextParagraph()
          .setText(`No history yet: Reconnect has not seen you and ${formatCardText(person.address, TEXT_CAPS.email)} write to each other one-to-one.${seen}`),
      );
      card.addSection(section);
      return;
    }
    const d = history.description;
    const when = (label: string, line: WhenLine | null) =>
      line === null
        ? cs.newDecoratedText().setTopLabel(label).setText('Never')
        : cs.newDecoratedText().setTopLabel(label).setText(escapeCardText(line.relative)).setBottomLabel(escapeCardText(line.absolute));
    section
      .addWidget(when('You last wrote', d.youWrote))
      .addWidget(when('They last wrote', d.theyWrote))
      .addWidget(when('You last met', d.youMet))
      .addWidget(cs.newDecoratedText().setTopLabel('Cadence').setText(escapeCardText(d.cadence)).setBottomLabel(escapeCardText(d.cadenceSource)).setWrapText(true))
      .addWidget(
        cs
          .newDecoratedText()
          .setTopLabel('State')
          .setText(escapeCardText(d.state))
          .setBottomLabel(history.openDraft !== null ? 'A Reconnect draft to them is in your Drafts' : escapeCardText(person.address))
          .setWrapText(true),
      )
      .addWidget(
        cs
          .newDecoratedText()
          .setTopLabel('Relationship')
          .setText(escapeCardText(`${history.strengthLabel.charAt(0).toUpperCase()}${history.strengthLabel.slice(1)} · ${history.strength}/100`))
          .setBottomLabel(escapeCardText(history.reason))
          .setWrapText(true),
      );
    if (history.openDraft?.stale === true) {
      // Never deleted: the user may have edited it. They decide whether it still fits.
      section.addWidget(
        cs
          .newDecoratedText()
          .setTopLabel('Draft is stale')
          .setText(`Stale: ${STALE_DRAFT_TEXT}`)
          .setBottomLabel('They wrote after Reconnect drafted to them; read their message before sending the draft, or delete it.')
          .setWrapText(true),
      );
    }
    if (history.emails.length > 1) {
      section.addWidget(
        cs.newDecoratedText().setTopLabel('Addresses').setText(history.emails.map((e) => formatCardText(e, TEXT_CAPS.email)).join('<br>')).setWrapText(true),
      );
    }
    if (history.groups.length > 0) {
      section.addWidget(cs.newDecoratedText().setTopLabel('Groups').setText(formatCardText(history.groups.join(', '), TEXT_CAPS.name)).setWrapText(true));
    }
    const who = { ...view, email: person.email, name: shown };
    const field = `template_${index}`;
    const picker = cs.newSelectionInput().setType(cs.SelectionInputType.DROPDOWN).setFieldName(field).setTitle('Template');
    for (const t of data.templates) picker.addItem(t.label, t.name, t.name === 'reconnect');
    if (history.openDraft === null) section.addWidget(picker);
    // With an open Reconnect draft, the first thing to offer is that draft, not a refused second one.
    const drafts = cs
      .newButtonSet()
      .addButton(
        history.openDraft !== null
          ? buildLinkButton(cs, 'Open draft', history.openDraft.url)
          : buildActionButton(cs, 'Draft reconnect', 'draft', { ...who, templateField: field }, true),
      );
    if (history.thankYouDue) drafts.addButton(buildActionButton(cs, 'Draft thank-you', 'draft', { ...who, template: 'thank-you' }));
    section.addWidget(drafts);
    const manage = cs.newButtonSet();
    if (history.state === 'snoozed') manage.addButton(buildActionButton(cs, 'End snooze', 'snooze', { ...who, days: '0' }));
    else {
      manage.addButton(buildActionButton(cs, 'Snooze 30 days', 'snooze', { ...who, days: '30' }));
      manage.addButton(buildActionButton(cs, 'Snooze 90 days', 'snooze', { ...who, days: '90' }));
    }
    manage.addButton(
      history.state === 'ignored'
        ? buildActionButton(cs, 'Stop ignoring', 'ignore', { ...who, ignore: 'false' })
        : buildActionButton(cs, 'Ignore', 'ignore', { ...who, ignore: 'true' }),
    );
    manage.addButton(buildActionButton(cs, 'Set cadence', 'pickCadence', who));
    section.addWidget(manage);
    card.addSection(section);
  });
  if (data.hidden > 0) {
    card.addSection(
      cs.newCardSection().addWidget(cs.newTextParagraph().setText(`…and ${data.hidden} more ${data.hidden === 1 ? 'person' : 'people'} on this message; the report lists everyone.`)),
    );
  }
  return card.build();
}
