/**
 * The homepage, shown when no message is open: how many people are lapsed,
 * due and awaiting a reply, drafts waiting, the most overdue people with
 * one-tap actions, and where the scan stands. It reads only what is stored
 * (the ledger, the draft log, the user's choices) and never scans: a card
 * must answer within Apps Script's 30-second add-on limit
 * (developers.google.com/apps-script/guides/services/quotas).
 */
import manifest from '../../appsscript.json';
import { assessLedger, type Assessment } from '../core/assess-contact';
import { describeSpan } from '../core/describe-contact';
import { describeScanStatus, formatCount, type ScanStatus } from '../core/describe-scan-status';
import { draftUrl, openDraftOf } from '../core/plan-draft-run';
import { cleanDisplayName } from '../core/clean-display-name';
import { buildActionButton, buildLinkButton, type ViewParams } from './build-card-action';
import type { AddonContext } from './create-addon-context';
import { escapeCardText, formatCardText, TEXT_CAPS } from './escape-card-text';
import { CONTINUE_HANDLER } from './scan-mailbox';

/**
 * People listed with actions, highest priority first (strength and lateness): a week's worth to act on in
 * the sidebar (the weekly batch drafts 5 by default); the report lists the
 * rest. Each takes two widgets of the 100 Google shows on a card.
 */
export const HOMEPAGE_TOP = 5;

export const LOGO_URL = manifest.addOns.common.logoUrl;

export interface HomepagePerson {
  /** Identity key, for the actions. */
  email: string;
  /** As they write it, for display. */
  address: string;
  name: string;
  overdueDays: number;
  lastContact: number | null;
  strength: number;
  strengthLabel: string;
  reason: string;
  /** Where their open Reconnect draft opens, or null when there is none. */
  openDraftUrl?: string | null;
}

export interface HomepageData {
  counts: { lapsed: number; due: number; awaiting: number; draftsWaiting: number; people: number };
  top: HomepagePerson[];
  /** Lapsed people beyond the top ones. */
  moreLapsed: number;
  scan: ScanStatus;
  reportUrl: string;
  now: number;
  timeZone: string;
}

export function readHomepage(ctx: AddonContext): HomepageData {
  const { runtime, now } = ctx;
  const settings = runtime.state.settings();
  const { ledger: stored, scan } = runtime.store.load();
  // As people: meetings and contact cards from the last sync (no call to Google here).
  const ledger = runtime.viewPeople === undefined ? stored : runtime.viewPeople(stored, now);
  const assessments = assessLedger(ledger, now, settings.policy, runtime.overrides?.() ?? {});
  const count = (state: Assessment['state']) => assessments.filter((a) => a.state === state).length;
  const lapsed = assessments.filter((a) => a.state === 'lapsed');
  const progress = scan.cursor.progress;
  const records = runtime.draftLog.read();
  return {
    counts: {
      lapsed: lapsed.length,
      due: count('due'),
      awaiting: count('awaiting-reply'),
      // Open records as the log last knew them: reconciling with Gmail would cost a request per vanished draft.
      draftsWaiting: records.filter((r) => r.state === 'open').length,
      people: assessments.length,
    },
    top: lapsed.slice(0, HOMEPAGE_TOP).map((a) => ({
      email: a.email,
      address: a.address,
      name: cleanDisplayName(ledger.contacts[a.email]?.name ?? ''),
      overdueDays: a.overdueDays,
      lastContact: a.lastContact,
      strength: a.strength,
      strengthLabel: a.strengthLabel,
      reason: a.reason,
      openDraftUrl: (() => {
        const open = openDraftOf(records, a.email);
        return open === null ? null : draftUrl(open);
      })(),
    })),
    moreLapsed: Math.max(0, lapsed.length - HOMEPAGE_TOP),
    scan: describeScanStatus({
      progress: progress === null ? null : { kind: progress.kind, folded: progress.folded, estimate: progress.estimate },
      lastRun: runtime.state.lastRun(),
      queued: runtime.triggers.count(CONTINUE_HANDLER) > 0,
      waitingFor: scan.waitingFor ?? null,
      resumesAt: scan.pausedUntil ?? null,
      now,
      timeZone: ctx.timeZone,
      locale: ctx.locale,
    }),
    reportUrl: runtime.opened.spreadsheet.getUrl(),
    now,
    timeZone: ctx.timeZone,
  };
}

export function buildHomepageCard(cs: GoogleAppsScript.Card_Service.CardService, data: HomepageData, locale = 'en'): GoogleAppsScript.Card_Service.Card {
  const view: ViewParams = { view: 'homepage' };
  const n = (value: number) => formatCount(value, locale);
  const { counts } = data;
  const subtitle =
    counts.people === 0
      ? 'Keep your network from going cold'
      : `${n(counts.lapsed)} lapsed · ${n(counts.due)} due · ${n(counts.awaiting)} awaiting reply`;

  const glance = cs.newCardSection();
  const stat = (label: string, value: number, unit: string, note: string) =>
    glance.addWidget(cs.newDecoratedText().setTopLabel(label).setText(`<b>${n(value)}</b> ${unit}`).setBottomLabel(note));
  stat('Lapsed', counts.lapsed, pluralize(counts.lapsed, 'person', 'people'), 'Past the cadence you keep with them');
  stat('Due', counts.due, pluralize(counts.due, 'person', 'people'), 'Near the end of their cadence');
  stat('Awaiting reply', counts.awaiting, pluralize(counts.awaiting, 'person', 'people'), 'You wrote last and no answer came');
  stat('Drafts waiting', counts.draftsWaiting, pluralize(counts.draftsWaiting, 'draft', 'drafts'), 'Reconnect drafts in your Drafts folder');

  const overdue = cs.newCardSection().setHeader('Reconnect first');
  if (data.top.length === 0) {
    overdue.addWidget(
      cs
        .newTextParagraph()
        .setText(counts.people === 0 ? 'Nobody to show yet: the list fills in once a scan has read your mail.' : 'Nobody has lapsed. Reconnect will list people here when they do.'),
    );
  }
  for (const person of data.top) {
    const shown = person.name === '' ? person.address : person.name;
    overdue.addWidget(
      cs
        .newDecoratedText()
        .setText(`<b>${formatCardText(shown, TEXT_CAPS.name)}</b>`)
        .setTopLabel(person.name === '' ? 'Lapsed' : formatCardText(person.address, TEXT_CAPS.email))
        .setBottomLabel(
          escapeCardText(
            // The reason already says how long it has been; the overdue days say how far past their rhythm.
            `${capitalize(person.strengthLabel)} (${person.strength}/100) · ${person.reason} · ${person.overdueDays === 0 ? 'due today' : `${describeSpan(person.overdueDays)} overdue`}`,
          ),
        )
        .setWrapText(true),
    );
    const who = { ...view, email: person.email, name: shown };
    overdue.addWidget(
      cs
        .newButtonSet()
        .addButton(
          person.openDraftUrl != null
            ? buildLinkButton(cs, 'Open draft', person.openDraftUrl)
            : buildActionButton(cs, 'Draft reconnect', 'draft', { ...who, template: 'reconnect' }, true),
        )
        .addButton(buildActionButton(cs, 'Snooze 30 days', 'snooze', { ...who, days: '30' }))
        .addButton(buildActionButton(cs, 'Snooze 90 days', 'snooze', { ...who, days: '90' }))
        .addButton(buildActionButton(cs, 'Ignore', 'ignore', { ...who, ignore: 'true' }))
        .addButton(buildActionButton(cs, 'Set cadence', 'pickCadence', who)),
    );
  }
  if (data.moreLapsed > 0) {
    overdue.addWidget(cs.newTextParagraph().setText(`…and ${n(data.moreLapsed)} more lapsed ${pluralize(data.moreLapsed, 'person', 'people')} in the report.`));
  }

  const scan = cs
    .newCardSection()
    .setHeader('Scan')
    .addWidget(cs.newDecoratedText().setText(escapeCardText(data.scan.headline)).setWrapText(true))
    .addWidget(cs.newTextParagraph().setText(formatCardText(data.scan.detail, TEXT_CAPS.message)))
    .addWidget(
      cs
        .newButtonSet()
        .addButton(buildActionButton(cs, 'Scan now', 'scanNow', view, data.scan.state === 'never' || data.scan.state === 'error'))
        .addButton(buildLinkButton(cs, 'Open report', data.reportUrl))
        .addButton(buildActionButton(cs, 'Settings', 'openSettings', view)),
    );

  return cs
    .newCardBuilder()
    .setName('homepage')
    .setHeader(cs.newCardHeader().setTitle('Reconnect').setSubtitle(subtitle).setImageUrl(LOGO_URL).setImageAltText('Reconnect'))
    .addSection(glance)
    .addSection(overdue)
    .addSection(scan)
    .build();
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function pluralize(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}
