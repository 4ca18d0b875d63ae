/** Builds the card for a view as things stand now: after a trigger, an action, or a Retry. */
import { buildSettingsForm, type SettingsErrors, type SettingsForm } from '../core/validate-settings';
import type { ViewParams } from './build-card-action';
import { buildComposeCard, readComposeCard } from './build-compose-card';
import { buildContactCard, readContactCard } from './build-contact-card';
import { buildHomepageCard, readHomepage } from './build-homepage-card';
import { buildSettingsCard } from './build-settings-card';
import type { AddonContext } from './create-addon-context';

export interface SettingsDraft {
  form: SettingsForm;
  errors: SettingsErrors;
}

export function renderAddonView(ctx: AddonContext, view: ViewParams, settingsDraft?: SettingsDraft): GoogleAppsScript.Card_Service.Card {
  const cs = ctx.cardService;
  switch (view.view) {
    case 'homepage':
      return buildHomepageCard(cs, readHomepage(ctx), ctx.locale);
    case 'contact': {
      const messageId = view.messageId ?? ctx.event.messageId;
      // Without a message there is nothing to be beside: the homepage is the useful card.
      if (messageId === null || messageId === undefined || messageId === '') return buildHomepageCard(cs, readHomepage(ctx), ctx.locale);
      return buildContactCard(cs, readContactCard(ctx, messageId));
    }
    case 'compose': {
      const to = ctx.event.toRecipients ?? splitRecipients(view.to);
      return buildComposeCard(cs, readComposeCard(ctx, to));
    }
    case 'settings':
      return buildSettingsCard(cs, {
        form: settingsDraft?.form ?? buildSettingsForm(ctx.runtime.state.settings()),
        errors: settingsDraft?.errors ?? {},
        timeZone: ctx.runtime.session.getScriptTimeZone(),
      });
  }
}

export function splitRecipients(to: string | undefined): string[] {
  return (to ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
}
