/** Picks one person's cadence: a tier, never, or back to what Reconnect learns. */
import { TIER_DAYS, type Tier } from '../core/settings';
import { buildActionButton, type CardActionParams } from './build-card-action';
import { LOGO_URL } from './build-homepage-card';
import { escapeCardText, formatCardText, TEXT_CAPS } from './escape-card-text';

const CHOICES: ReadonlyArray<{ cadence: Tier | 'auto'; text: string; note: string }> = [
  { cadence: 'weekly', text: 'Weekly', note: `every ${TIER_DAYS.weekly} days` },
  { cadence: 'monthly', text: 'Monthly', note: `every ${TIER_DAYS.monthly} days` },
  { cadence: 'quarterly', text: 'Quarterly', note: `every ${TIER_DAYS.quarterly} days` },
  { cadence: 'yearly', text: 'Yearly', note: `every ${TIER_DAYS.yearly} days` },
  { cadence: 'never', text: 'Never', note: 'they never lapse' },
  { cadence: 'auto', text: 'Automatic', note: 'learned from your history, else the default' },
];

/** `who` is the person and the card to return to. */
export function buildCadenceCard(cs: GoogleAppsScript.Card_Service.CardService, who: CardActionParams['pickCadence']): GoogleAppsScript.Card_Service.Card {
  const shown = who.name ?? who.email;
  const section = cs.newCardSection().addWidget(cs.newTextParagraph().setText(`How often do you want to be in touch with <b>${formatCardText(shown, TEXT_CAPS.name)}</b>?`));
  for (const choice of CHOICES) {
    section.addWidget(
      cs
        .newDecoratedText()
        .setText(escapeCardText(choice.text))
        .setBottomLabel(escapeCardText(choice.note))
        .setButton(buildActionButton(cs, 'Choose', 'setCadence', { ...who, cadence: choice.cadence })),
    );
  }
  return cs
    .newCardBuilder()
    .setName('cadence')
    .setHeader(cs.newCardHeader().setTitle('Set cadence').setSubtitle(shown).setImageUrl(LOGO_URL).setImageAltText('Reconnect'))
    .addSection(section)
    .build();
}

export function describeCadenceChoice(cadence: Tier | 'auto'): string {
  const choice = CHOICES.find((c) => c.cadence === cadence);
  return choice === undefined ? cadence : `${choice.text.toLowerCase()} (${choice.note})`;
}
