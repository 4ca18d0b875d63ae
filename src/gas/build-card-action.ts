/**
 * Every button on Reconnect's cards calls one function, onCardAction, with the
 * action's name in the `action` parameter. The names and each one's parameters
 * are this interface, so a button can only name an action the dispatcher
 * (card-actions.ts) has, with the parameters its handler reads.
 */
import type { Tier } from '../core/settings';

/** The one callback every button names; the entry module exports a function of this name. */
export const CARD_ACTION_FUNCTION = 'onCardAction';

/** The parameter that carries the action's name. */
export const ACTION_PARAMETER = 'action';

/** Form values a Retry button carries over from the failed action, as `form.<field>` parameters. */
export const FORM_PARAMETER_PREFIX = 'form.';

/** Which card an action was taken on, so that card is the one rebuilt afterwards. */
export type CardView = 'homepage' | 'contact' | 'compose' | 'settings';

/** Card actions take strings only (Action.setParameters), so these are all strings. */
export interface ViewParams {
  view: CardView;
  /** The open message (contact view). */
  messageId?: string;
  /** The draft's To recipients, comma-separated (compose view). */
  to?: string;
}

interface PersonParams extends ViewParams {
  email: string;
  /** For the notification: "Snoozed Ann Smith for 30 days." */
  name?: string;
}

export interface CardActionParams {
  /** Rebuilds the card as it is now. */
  refresh: ViewParams;
  /** Opens the settings card on top of this one. */
  openSettings: ViewParams;
  /** A draft to one person; the template by name, or from the card's picker `templateField`. */
  draft: PersonParams & { template?: string; templateField?: string };
  /** Snoozes for `days` days from now; '0' ends a snooze. */
  snooze: PersonParams & { days: string };
  ignore: PersonParams & { ignore: 'true' | 'false' };
  /** Opens the cadence picker for one person. */
  pickCadence: PersonParams;
  /** 'auto' hands the cadence back to Reconnect. */
  setCadence: PersonParams & { cadence: Tier | 'auto' };
  /** Hands a scan to a one-shot trigger; never scans inside the card. */
  scanNow: ViewParams;
  /** Reads the settings form. */
  saveSettings: ViewParams;
  /** Inserts the template picked on the compose card into the draft. */
  insertTemplate: ViewParams;
  /** Runs `retryOf` again with the parameters (and form values) of the attempt that failed. */
  retry: ViewParams & { retryOf: string } & Record<string, string>;
}

export type CardActionName = keyof CardActionParams;

/** The callback Action for `name`: a misspelt name or a missing parameter does not compile. */
export function buildCardAction<K extends CardActionName>(
  cardService: GoogleAppsScript.Card_Service.CardService,
  name: K,
  params: CardActionParams[K],
): GoogleAppsScript.Card_Service.Action {
  const parameters: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) if (typeof value === 'string') parameters[key] = value;
  parameters[ACTION_PARAMETER] = name;
  return cardService.newAction().setFunctionName(CARD_ACTION_FUNCTION).setParameters(parameters);
}

/** A text button that runs `name`. */
export function buildActionButton<K extends CardActionName>(
  cardService: GoogleAppsScript.Card_Service.CardService,
  text: string,
  name: K,
  params: CardActionParams[K],
  filled = false,
): GoogleAppsScript.Card_Service.TextButton {
  const button = cardService.newTextButton().setText(text).setOnClickAction(buildCardAction(cardService, name, params));
  return filled ? button.setTextButtonStyle(cardService.TextButtonStyle.FILLED) : button;
}

/** A text button that opens `url` in a new tab. */
export function buildLinkButton(
  cardService: GoogleAppsScript.Card_Service.CardService,
  text: string,
  url: string,
): GoogleAppsScript.Card_Service.TextButton {
  return cardService.newTextButton().setText(text).setOpenLink(cardService.newOpenLink().setUrl(url).setOpenAs(cardService.OpenAs.FULL_SIZE));
}
