/**
 * The manifest's add-on entry points: the homepage, the card beside an open
 * message, the compose action, and the Settings and Open report universal
 * actions. Each answers with a card, or with the error card and its Retry.
 */
import type { CardView, ViewParams } from './build-card-action';
import { buildErrorCard } from './build-error-card';
import { createAddonContext, createGlobalAddonDeps, type AddonDeps } from './create-addon-context';
import { readAddonEvent } from './read-addon-event';
import { renderAddonView } from './render-addon-view';

export function showAddonCard(e: unknown, view: Exclude<CardView, 'settings'>, deps: AddonDeps = createGlobalAddonDeps()): GoogleAppsScript.Card_Service.Card {
  const event = readAddonEvent(e);
  const params: ViewParams =
    view === 'contact' ? { view, messageId: event.messageId ?? '' } : view === 'compose' ? { view, to: (event.toRecipients ?? []).join(',') } : { view };
  try {
    return renderAddonView(createAddonContext(deps, e), params);
  } catch (error) {
    return buildErrorCard(deps.cardService, { task: 'open this card', error, retryOf: 'refresh', params: { ...params } as ViewParams & Record<string, string> });
  }
}

/** The Settings universal action: the settings card, whatever card was showing. */
export function showSettings(e: unknown, deps: AddonDeps = createGlobalAddonDeps()): GoogleAppsScript.Card_Service.UniversalActionResponse {
  const cs = deps.cardService;
  let card: GoogleAppsScript.Card_Service.Card;
  try {
    card = renderAddonView(createAddonContext(deps, e), { view: 'settings' });
  } catch (error) {
    card = buildErrorCard(cs, { task: 'open the settings', error, retryOf: 'refresh', params: { view: 'settings' } });
  }
  return cs.newUniversalActionResponseBuilder().displayAddOnCards([card]).build();
}

/** The Open report universal action: the Reconnect spreadsheet in a new tab (a Google URL, so no openLinkUrlPrefixes entry is needed). */
export function openReport(e: unknown, deps: AddonDeps = createGlobalAddonDeps()): GoogleAppsScript.Card_Service.UniversalActionResponse {
  const cs = deps.cardService;
  try {
    const url = createAddonContext(deps, e).runtime.opened.spreadsheet.getUrl();
    return cs.newUniversalActionResponseBuilder().setOpenLink(cs.newOpenLink().setUrl(url).setOpenAs(cs.OpenAs.FULL_SIZE)).build();
  } catch (error) {
    const card = buildErrorCard(cs, { task: 'open the report', error, retryOf: 'refresh', params: { view: 'homepage' } });
    return cs.newUniversalActionResponseBuilder().displayAddOnCards([card]).build();
  }
}
