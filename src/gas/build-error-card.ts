/**
 * What a card shows when something fails: what could not be done, Google's
 * or Reconnect's own message, and a Retry that runs the same thing again —
 * never a blank sidebar.
 */
import { buildActionButton, FORM_PARAMETER_PREFIX, type CardActionName, type ViewParams } from './build-card-action';
import { LOGO_URL } from './build-homepage-card';
import { escapeCardText, shortenText, TEXT_CAPS } from './escape-card-text';
import { explainGasError } from './explain-gas-error';

export interface FailedAttempt {
  /** "create the draft", "open this card". */
  task: string;
  error: unknown;
  /** The action to run again, with the parameters and form values it had. */
  retryOf: CardActionName;
  params: ViewParams & Record<string, string>;
  form?: Readonly<Record<string, string>>;
}

export function buildErrorCard(cs: GoogleAppsScript.Card_Service.CardService, failed: FailedAttempt): GoogleAppsScript.Card_Service.Card {
  const carried: Record<string, string> = {};
  for (const [name, value] of Object.entries(failed.form ?? {})) carried[`${FORM_PARAMETER_PREFIX}${name}`] = value;
  const { action: _action, ...params } = failed.params;
  const explained = explainGasError(failed.error);
  const buttons = cs.newButtonSet();
  // A failure retrying cannot fix (a label name the user already uses) gets no Retry: the message says what to do.
  if (explained.retryable) buttons.addButton(buildActionButton(cs, 'Retry', 'retry', { ...params, ...carried, retryOf: failed.retryOf }, true));
  if (failed.params.view !== 'homepage' || !explained.retryable) buttons.addButton(buildActionButton(cs, 'Back to Reconnect', 'refresh', { view: 'homepage' }));
  return cs
    .newCardBuilder()
    .setName('error')
    .setHeader(cs.newCardHeader().setTitle('Reconnect').setSubtitle('Something went wrong').setImageUrl(LOGO_URL).setImageAltText('Reconnect'))
    .addSection(
      cs
        .newCardSection()
        .addWidget(cs.newTextParagraph().setText(`<b>Reconnect could not ${escapeCardText(failed.task)}.</b>`))
        .addWidget(cs.newTextParagraph().setText(escapeCardText(shortenText(explained.describe(), TEXT_CAPS.message))))
        .addWidget(buttons),
    )
    .build();
}
