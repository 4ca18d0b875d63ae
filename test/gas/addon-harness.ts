/**
 * Drives the add-on as Gmail would: each trigger or button press is one
 * execution with the 30-second add-on budget, with an event object shaped
 * like Gmail's, and the answer read back as plain data from the CardService fake.
 */
import type { ButtonTree, CardTree, ResponseTree, WidgetTree } from '../../src/node/card-tree';
import { runCardAction } from '../../src/gas/card-actions';
import type { AddonDeps } from '../../src/gas/create-addon-context';
import { openReport, showAddonCard, showSettings } from '../../src/gas/show-addon-card';
import { readCard, readResponse } from '../fakes/fake-card-service';
import type { FakeGoogle } from '../fakes/fake-google';
import { fakeServices } from './gas-harness';

export const USER_ZONE = 'Europe/London';

export function createAddonDeps(google: FakeGoogle): AddonDeps {
  return { cardService: google.CardService, services: () => fakeServices(google) };
}

/** One add-on execution: Apps Script gives card callbacks 30 seconds. */
export function runInCardExecution<T>(google: FakeGoogle, body: () => T): T {
  google.startExecution({ kind: 'cardAction' });
  try {
    return body();
  } finally {
    google.endExecution();
  }
}

export interface EventOptions {
  messageId?: string;
  to?: string[];
  parameters?: Record<string, string>;
  form?: Record<string, string | string[]>;
}

/** A Workspace add-on event object (developers.google.com/workspace/add-ons/concepts/event-objects). */
export function buildAddonEvent(o: EventOptions = {}): GoogleAppsScript.Addons.EventObject {
  const formInputs: GoogleAppsScript.Addons.CommonEventObject['formInputs'] = {};
  for (const [name, value] of Object.entries(o.form ?? {})) {
    formInputs[name] = { '': {}, stringInputs: { value: Array.isArray(value) ? value : [value] } };
  }
  const event: GoogleAppsScript.Addons.EventObject = {
    commonEventObject: {
      hostApp: 'GMAIL',
      platform: 'WEB',
      userLocale: 'en-GB',
      timeZone: { id: USER_ZONE, offset: '0' },
      parameters: o.parameters ?? {},
      formInputs,
    },
  };
  if (o.messageId !== undefined || o.to !== undefined) {
    event.gmail = { accessToken: 'token', messageId: o.messageId ?? '', threadId: '', toRecipients: o.to };
  }
  return event;
}

export function openHomepage(google: FakeGoogle): CardTree {
  return readCard(runInCardExecution(google, () => showAddonCard(buildAddonEvent(), 'homepage', createAddonDeps(google))));
}

export function openMessage(google: FakeGoogle, messageId: string): CardTree {
  return readCard(runInCardExecution(google, () => showAddonCard(buildAddonEvent({ messageId }), 'contact', createAddonDeps(google))));
}

export function openCompose(google: FakeGoogle, to: string[]): CardTree {
  return readCard(runInCardExecution(google, () => showAddonCard(buildAddonEvent({ to }), 'compose', createAddonDeps(google))));
}

export function openSettingsCard(google: FakeGoogle): ResponseTree {
  return readResponse(runInCardExecution(google, () => showSettings(buildAddonEvent(), createAddonDeps(google))));
}

export function openReportLink(google: FakeGoogle): ResponseTree {
  return readResponse(runInCardExecution(google, () => openReport(buildAddonEvent(), createAddonDeps(google))));
}

/** Presses a button: its action's parameters, plus whatever the card's inputs hold. */
export function press(google: FakeGoogle, button: ButtonTree, o: Omit<EventOptions, 'parameters'> = {}): ResponseTree {
  if (button.action === undefined) throw new Error(`the button "${button.text}" has no action`);
  const params = button.action.parameters;
  const event = buildAddonEvent({ ...o, parameters: params });
  return readResponse(runInCardExecution(google, () => runCardAction(event, createAddonDeps(google))));
}

export function listWidgets(card: CardTree): WidgetTree[] {
  return card.sections.flatMap((s) => s.widgets);
}

/** Every button on the card, in order, with the section it is in. */
export function listButtons(card: CardTree): Array<ButtonTree & { section: string }> {
  const out: Array<ButtonTree & { section: string }> = [];
  for (const s of card.sections) {
    for (const w of s.widgets) {
      const section = s.header ?? '';
      if (w.kind === 'buttonSet') out.push(...w.buttons.map((b) => ({ ...b, section })));
      else if (w.kind === 'textButton' || w.kind === 'imageButton') out.push({ ...w, section });
      else if (w.kind === 'decoratedText' && w.button !== undefined) out.push({ ...w.button, section });
    }
  }
  for (const b of [card.fixedFooter?.primary, card.fixedFooter?.secondary]) if (b !== undefined) out.push({ ...b, section: 'footer' });
  return out;
}

/** The button labelled `text` (in the section whose header contains `section`, when given). */
export function findButton(card: CardTree, text: string, section?: string): ButtonTree {
  const found = listButtons(card).find((b) => b.text === text && (section === undefined || b.section.includes(section)));
  if (found === undefined) throw new Error(`no button "${text}"${section ? ` in "${section}"` : ''}; buttons: ${listButtons(card).map((b) => `${b.section}/${b.text}`).join(', ')}`);
  return found;
}

/** Every piece of text the card shows, one per line, entities decoded. */
export function readText(card: CardTree): string {
  const lines: string[] = [];
  if (card.header) lines.push(card.header.title, card.header.subtitle ?? '');
  for (const s of card.sections) {
    if (s.header !== undefined) lines.push(s.header);
    for (const w of s.widgets) {
      if (w.kind === 'textParagraph') lines.push(w.text);
      else if (w.kind === 'decoratedText') lines.push(w.topLabel ?? '', w.text, w.bottomLabel ?? '', w.button?.text ?? '');
      else if (w.kind === 'buttonSet') lines.push(...w.buttons.map((b) => b.text));
      else if (w.kind === 'selectionInput') lines.push(w.title ?? '', ...w.items.map((i) => i.text));
      else if (w.kind === 'textInput') lines.push(w.title ?? '', w.value ?? '');
    }
  }
  return lines
    .filter((l) => l !== '')
    .map((l) => l.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'))
    .join('\n');
}

/** The card an action response shows next (the last pushed or updated card). */
export function readNextCard(response: ResponseTree): CardTree {
  if (response.kind === 'universalActionResponse') {
    const card = response.cards[0];
    if (card === undefined) throw new Error('the universal action shows no card');
    return card;
  }
  if (response.kind !== 'actionResponse') throw new Error(`a ${response.kind} shows no card`);
  const steps = response.navigation.filter((s) => s.kind === 'updateCard' || s.kind === 'pushCard');
  const last = steps[steps.length - 1];
  if (last === undefined || !('card' in last)) throw new Error('the response shows no card');
  return last.card;
}

export function isErrorCard(card: CardTree): boolean {
  return card.name === 'error';
}
