/**
 * What every card and card action works with: the CardService, the event, the
 * runtime over the stored state, and the reader's time zone and locale.
 */
import { createGasRuntime, globalServices, type GasRuntime, type GoogleServices } from './create-gas-runtime';
import { readAddonEvent, type AddonEvent } from './read-addon-event';

export interface AddonDeps {
  cardService: GoogleAppsScript.Card_Service.CardService;
  /** Read when a card needs them, so a missing Advanced Gmail service becomes an error card, not a blank sidebar. */
  services: () => GoogleServices;
}

export function createGlobalAddonDeps(): AddonDeps {
  return { cardService: CardService, services: globalServices };
}

export interface AddonContext {
  cardService: GoogleAppsScript.Card_Service.CardService;
  event: AddonEvent;
  runtime: GasRuntime;
  now: number;
  /** Gmail sends the reader's zone with useLocaleFromApp; the script's zone otherwise. */
  timeZone: string;
  locale: string;
}

export function createAddonContext(deps: AddonDeps, e: unknown): AddonContext {
  const event = readAddonEvent(e);
  const runtime = createGasRuntime(deps.services());
  return {
    cardService: deps.cardService,
    event,
    runtime,
    now: runtime.now(),
    timeZone: event.timeZone ?? runtime.session.getScriptTimeZone(),
    locale: event.locale ?? 'en',
  };
}

/** A form input's text as typed (a multi-line input's lines joined again), or undefined when the form had no such field. */
export function readFormText(event: AddonEvent, name: string): string | undefined {
  const values = event.formValues(name);
  return values.length === 0 ? undefined : values.join('\n');
}
