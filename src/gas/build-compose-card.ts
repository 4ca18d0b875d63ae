/**
 * The compose action: pick a template, and it is written for the draft's
 * recipient straight into the draft at the cursor. With several recipients
 * the greeting is for the first one Reconnect knows; with none, "Hi there,".
 */
import { emptyContact } from '../core/fold-messages';
import { assessContact } from '../core/assess-contact';
import { chooseDisplayAddress } from '../core/contact-addresses';
import type { Contact } from '../core/ledger';
import { parseAddresses, type Mailbox } from '../core/parse-addresses';
import { buildTemplateView } from '../core/build-template-view';
import { cleanDisplayName } from '../core/clean-display-name';
import { type RenderedTemplate, renderTemplate } from '../core/render-template';
import { buildActionButton, type ViewParams } from './build-card-action';
import { LOGO_URL } from './build-homepage-card';
import type { AddonContext } from './create-addon-context';
import { escapeCardText, formatCardText, TEXT_CAPS } from './escape-card-text';
import { labelTemplate, listTemplates, type TemplateChoice } from './list-templates';

/** The picker's field name. */
export const TEMPLATE_FIELD = 'template';

/** Recipients named on the card; the draft may have more. */
const MAX_RECIPIENTS_SHOWN = 5;

export interface ComposeCardData {
  /** As the draft had them when the card opened. */
  to: string[];
  /** `address` as the draft's To has it: the user typed it. */
  recipients: Array<{ email: string; address: string; name: string; known: boolean }>;
  templates: TemplateChoice[];
}

export function readComposeCard(ctx: AddonContext, to: readonly string[]): ComposeCardData {
  const { runtime } = ctx;
  const merge = runtime.state.settings().mergeGmailVariants;
  const { ledger } = to.length > 0 ? runtime.store.load() : { ledger: null };
  const recipients = parseRecipients(to, merge).map(({ email, name, address }) => {
    const contact = ledger?.contacts[email];
    return { email, address, name: cleanDisplayName(contact?.name || name), known: contact !== undefined && contact.sentCount + contact.receivedCount > 0 };
  });
  return { to: [...to], recipients, templates: listTemplates(runtime).choices };
}

export function buildComposeCard(cs: GoogleAppsScript.Card_Service.CardService, data: ComposeCardData): GoogleAppsScript.Card_Service.Card {
  const view: ViewParams = { view: 'compose', to: data.to.join(',') };
  const forWhom = cs.newCardSection();
  if (data.recipients.length === 0) {
    forWhom.addWidget(cs.newTextParagraph().setText('Add a recipient first to have the template greet them by name; without one it says “Hi there,”.'));
  } else {
    for (const r of data.recipients.slice(0, MAX_RECIPIENTS_SHOWN)) {
      forWhom.addWidget(
        cs
          .newDecoratedText()
          .setTopLabel(r.known ? 'Writing to' : 'Writing to · no history yet')
          .setText(formatCardText(r.name === '' ? r.address : r.name, TEXT_CAPS.name))
          .setBottomLabel(formatCardText(r.address, TEXT_CAPS.email)),
      );
    }
    if (data.recipients.length > 1) {
      forWhom.addWidget(cs.newTextParagraph().setText('The greeting is written for the first recipient Reconnect knows.'));
    }
  }
  const picker = cs.newSelectionInput().setType(cs.SelectionInputType.RADIO_BUTTON).setFieldName(TEMPLATE_FIELD).setTitle('Template');
  for (const t of data.templates) picker.addItem(t.label, t.name, t.name === 'reconnect');
  const choose = cs.newCardSection().setHeader('Choose a template').addWidget(picker);
  for (const t of data.templates) {
    if (t.description !== '') choose.addWidget(cs.newDecoratedText().setTopLabel(escapeCardText(t.label)).setText(formatCardText(t.description, TEXT_CAPS.message)).setWrapText(true));
  }
  choose.addWidget(cs.newButtonSet().addButton(buildActionButton(cs, 'Insert into draft', 'insertTemplate', view, true)));
  return cs
    .newCardBuilder()
    .setName('compose')
    .setHeader(cs.newCardHeader().setTitle('Insert a Reconnect template').setImageUrl(LOGO_URL).setImageAltText('Reconnect'))
    .addSection(forWhom)
    .addSection(choose)
    .build();
}

/**
 * The template rendered for the first recipient with history (else the first
 * recipient, else nobody), as text and HTML, and who it was written for.
 */
export function renderComposeTemplate(ctx: AddonContext, templateName: string, to: readonly string[]): RenderedTemplate & { html: string; forWhom: string } {
  const { runtime, now } = ctx;
  const template = listTemplates(runtime).templates[templateName];
  if (template === undefined) throw new Error(`There is no template named "${labelTemplate(templateName)}"; reopen the compose action to see the current ones.`);
  const settings = runtime.state.settings();
  const emails = parseRecipients(to, settings.mergeGmailVariants).map((r) => r.email);
  const { ledger } = emails.length > 0 ? runtime.store.load() : { ledger: null };
  const known = emails.find((e) => {
    const c = ledger?.contacts[e];
    return c !== undefined && c.sentCount + c.receivedCount > 0;
  });
  const email = known ?? emails[0] ?? '';
  const contact: Contact = ledger?.contacts[email] ?? emptyContact(email, now);
  const overrides = email === '' ? {} : (runtime.overrides?.() ?? {});
  const assessment = assessContact(contact, now, settings.policy, overrides[email]);
  const owner = runtime.source.ownerIdentity();
  const rendered = renderTemplate(template, buildTemplateView({ contact, assessment, owner, now, timeZone: ctx.timeZone }), { format: 'html' });
  return { ...rendered, html: rendered.html ?? '', forWhom: cleanDisplayName(contact.name) || (email === '' ? '' : chooseDisplayAddress(contact)) };
}

/** Gmail gives plain addresses; a Retry gives them back as one list. Either way, one mailbox per person. */
function parseRecipients(to: readonly string[], mergeGmailVariants: boolean): Mailbox[] {
  const byEmail = new Map<string, Mailbox>();
  for (const m of parseAddresses(to.join(', '), mergeGmailVariants)) if (!byEmail.has(m.email)) byEmail.set(m.email, m);
  return [...byEmail.values()];
}
