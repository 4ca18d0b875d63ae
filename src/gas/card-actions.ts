/**
 * The one place card buttons land. onCardAction reads the `action` parameter
 * and runs that entry of CARD_ACTIONS, whose keys are exactly the names
 * buildCardAction accepts. Each handler changes state, then answers with a
 * notification and the card rebuilt from the new state; a failure answers with
 * the error card and its Retry. Everything here finishes well inside Apps
 * Script's 30-second limit for add-on callbacks
 * (developers.google.com/apps-script/guides/services/quotas); a scan is only
 * ever scheduled, as a one-shot trigger.
 */
import { formatDate } from '../core/describe-contact';
import { DAY_MS } from '../core/ledger';
import { PermanentError } from '../core/reconnect-error';
import { isTier } from '../core/settings';
import { buildSettingsForm, SETTINGS_FIELDS, validateSettings, WEEKDAY_NAMES, type SettingsForm } from '../core/validate-settings';
import { buildCadenceCard, describeCadenceChoice } from './build-cadence-card';
import { ACTION_PARAMETER, type CardActionName, type CardActionParams, type CardView, type ViewParams } from './build-card-action';
import { renderComposeTemplate, TEMPLATE_FIELD } from './build-compose-card';
import { buildErrorCard } from './build-error-card';
import { createAddonContext, createGlobalAddonDeps, readFormText, type AddonContext, type AddonDeps } from './create-addon-context';
import { createDraftFor, DraftRefusedError } from './draft-reconnects';
import { readAddonEvent } from './read-addon-event';
import { renderAddonView, splitRecipients } from './render-addon-view';
import { WEEKLY_HANDLER } from './run-weekly';
import { CARD_SCAN_OPTIONS, CONTINUE_HANDLER, scanMailbox } from './scan-mailbox';

export type CardResponse = GoogleAppsScript.Card_Service.ActionResponse | GoogleAppsScript.Card_Service.UpdateDraftActionResponse;

type Handler<K extends CardActionName> = (ctx: AddonContext, params: CardActionParams[K]) => CardResponse;

export type CardActionHandlers = { readonly [K in CardActionName]: Handler<K> };

/** The longest snooze a button may ask for, in days: ten years is "forever" in practice. */
const MAX_SNOOZE_DAYS = 3650;

export const CARD_ACTIONS: CardActionHandlers = {
  refresh: (ctx, p) => respond(ctx, p),

  openSettings: (ctx) => {
    const nav = ctx.cardService.newNavigation().pushCard(renderAddonView(ctx, { view: 'settings' }));
    return ctx.cardService.newActionResponseBuilder().setNavigation(nav).build();
  },

  draft: (ctx, p) => {
    const picked = p.templateField === undefined ? undefined : readFormText(ctx.event, p.templateField);
    const template = p.template ?? picked ?? 'reconnect';
    try {
      createDraftFor(ctx.runtime, requireText(p.email, 'email'), template);
    } catch (error) {
      // A refusal ("a draft to them is already in your Drafts") is an answer, not a failure.
      if (error instanceof DraftRefusedError) return respond(ctx, p, error.message);
      throw error;
    }
    return respond(ctx, p, 'Draft created in your Drafts folder.');
  },

  snooze: (ctx, p) => {
    const days = Number(p.days);
    if (!Number.isInteger(days) || days < 0 || days > MAX_SNOOZE_DAYS) throw new PermanentError(`"${p.days}" is not a number of days to snooze for.`);
    const until = days === 0 ? null : ctx.now + days * DAY_MS;
    setOverride(ctx, p.email, { snoozeUntil: until });
    const who = p.name ?? p.email;
    return respond(ctx, p, until === null ? `${who} is no longer snoozed.` : `Snoozed ${who} until ${formatDate(until, ctx.timeZone, ctx.locale)}.`);
  },

  ignore: (ctx, p) => {
    const ignore = p.ignore === 'true';
    setOverride(ctx, p.email, { ignore });
    const who = p.name ?? p.email;
    return respond(ctx, p, ignore ? `Reconnect will ignore ${who}.` : `${who} is no longer ignored.`);
  },

  pickCadence: (ctx, p) => {
    requireText(p.email, 'email');
    const nav = ctx.cardService.newNavigation().pushCard(buildCadenceCard(ctx.cardService, p));
    return ctx.cardService.newActionResponseBuilder().setNavigation(nav).build();
  },

  setCadence: (ctx, p) => {
    if (p.cadence !== 'auto' && !isTier(p.cadence)) throw new PermanentError(`"${p.cadence}" is not a cadence.`);
    setOverride(ctx, p.email, { cadence: p.cadence });
    const nav = ctx.cardService.newNavigation().popCard().updateCard(renderAddonView(ctx, p));
    return ctx.cardService
      .newActionResponseBuilder()
      .setNavigation(nav)
      .setNotification(ctx.cardService.newNotification().setText(`Cadence for ${p.name ?? p.email}: ${describeCadenceChoice(p.cadence)}.`))
      .build();
  },

  scanNow: (ctx, p) => {
    // A card has 30 seconds and may not make a sub-hourly trigger: read a bounded slice now; the
    // continuation chain, or the hourly trigger made at setup, does the rest.
    const result = scanMailbox(ctx.runtime, CARD_SCAN_OPTIONS);
    const next =
      result.outcome === 'partial'
        ? ctx.runtime.triggers.count(CONTINUE_HANDLER) > 0
          ? ' It continues within a few minutes.'
          : ' It continues within the hour.'
        : '';
    return respond(ctx, p, `${result.message}${next}`);
  },

  saveSettings: (ctx, p) => {
    const form: Partial<SettingsForm> = {};
    for (const field of SETTINGS_FIELDS) {
      const value = readFormText(ctx.event, field);
      if (value !== undefined) form[field] = value;
    }
    // A card sends nothing for an unticked box.
    form.useLearnedCadence ??= '';
    form.readCalendar ??= '';
    form.readContacts ??= '';
    const { state, triggers, session } = ctx.runtime;
    const current = state.settings();
    const result = validateSettings(form, current);
    if (!result.ok) {
      const card = renderAddonView(ctx, p, { form: { ...buildSettingsForm(current), ...form }, errors: result.errors });
      const count = Object.keys(result.errors).length;
      return ctx.cardService
        .newActionResponseBuilder()
        .setNavigation(ctx.cardService.newNavigation().updateCard(card))
        .setNotification(ctx.cardService.newNotification().setText(`Not saved: ${count === 1 ? 'one setting needs' : `${count} settings need`} fixing.`))
        .build();
    }
    const next = result.settings;
    const moved = next.weeklyDay !== current.weeklyDay || next.weeklyHour !== current.weeklyHour;
    state.saveSettings(next);
    let note = 'Settings saved.';
    if (moved) {
      const zone = session.getScriptTimeZone();
      try {
        triggers.scheduleWeekly(WEEKLY_HANDLER, next.weeklyDay, next.weeklyHour, zone);
      } catch (error) {
        // Settings and trigger must agree: put the old settings back, and the old trigger if it went.
        state.saveSettings(current);
        try {
          if (triggers.count(WEEKLY_HANDLER) === 0) triggers.scheduleWeekly(WEEKLY_HANDLER, current.weeklyDay, current.weeklyHour, zone);
        } catch {
          // The next save or setup installs it; the error below is what the user needs to see.
        }
        throw error;
      }
      note = `Settings saved. Weekly drafts now run on ${WEEKDAY_NAMES[next.weeklyDay]}s at ${String(next.weeklyHour).padStart(2, '0')}:00 (${zone}).`;
    }
    return respond(ctx, p, note);
  },

  insertTemplate: (ctx, p) => {
    const template = readFormText(ctx.event, TEMPLATE_FIELD) ?? 'reconnect';
    const rendered = renderComposeTemplate(ctx, template, ctx.event.toRecipients ?? splitRecipients(p.to));
    const cs = ctx.cardService;
    return cs
      .newUpdateDraftActionResponseBuilder()
      .setUpdateDraftBodyAction(
        // MUTABLE_HTML: the text lands at the cursor as ordinary draft text the user goes on editing (UpdateDraftBodyAction reference).
        cs.newUpdateDraftBodyAction().addUpdateContent(rendered.html, cs.ContentType.MUTABLE_HTML).setUpdateType(cs.UpdateDraftBodyType.IN_PLACE_INSERT),
      )
      .build();
  },

  retry: (ctx, p) => {
    const target = p.retryOf;
    if (!isCardActionName(target) || target === 'retry') throw new PermanentError(`There is nothing called "${target}" to retry.`, 'Reopen Reconnect to get a current card.');
    const { retryOf: _retryOf, ...params } = p;
    return dispatch(ctx, target, params);
  },
};

/** What an action was doing, for the error card: "Reconnect could not snooze Ann Smith." */
const TASKS: { readonly [K in CardActionName]: (p: CardActionParams[K]) => string } = {
  refresh: () => 'load this card',
  openSettings: () => 'open the settings',
  draft: (p) => `create the draft to ${p.name ?? p.email}`,
  snooze: (p) => (p.days === '0' ? `end the snooze for ${p.name ?? p.email}` : `snooze ${p.name ?? p.email}`),
  ignore: (p) => (p.ignore === 'true' ? `ignore ${p.name ?? p.email}` : `stop ignoring ${p.name ?? p.email}`),
  pickCadence: () => 'open the cadence choices',
  setCadence: (p) => `set the cadence for ${p.name ?? p.email}`,
  scanNow: () => 'scan now',
  saveSettings: () => 'save the settings',
  insertTemplate: () => 'insert the template',
  retry: () => 'try again',
};

export function isCardActionName(name: unknown): name is CardActionName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(CARD_ACTIONS, name);
}

/** The entry point behind onCardAction. */
export function runCardAction(e: unknown, deps: AddonDeps = createGlobalAddonDeps()): CardResponse {
  const cs = deps.cardService;
  const event = readAddonEvent(e);
  const params = { view: 'homepage', ...event.parameters } as ViewParams & Record<string, string>;
  const name = params[ACTION_PARAMETER];
  if (!isCardActionName(name)) {
    // The same parameters cannot pass on a Retry: the card offers Back to Reconnect instead.
    const error = new PermanentError(`This card is out of date (it asked for "${name ?? ''}").`, 'Reopen Reconnect to get the current one.');
    return respondWithError(cs, { task: 'do that', error, retryOf: 'refresh', params: { ...params, view: chooseView(params.view) } });
  }
  // A Retry that fails again should retry the original action, not the retry.
  const retryOf: CardActionName = name === 'retry' && isCardActionName(params.retryOf) ? params.retryOf : name;
  const form: Record<string, string> = {};
  for (const [field, values] of Object.entries(event.form)) form[field] = values.join('\n');
  try {
    return dispatch(createAddonContext(deps, e), name, params);
  } catch (error) {
    const task = (TASKS[retryOf] as (p: unknown) => string)(params);
    return respondWithError(cs, { task, error, retryOf, params, form });
  }
}

function dispatch<K extends CardActionName>(ctx: AddonContext, name: K, params: Record<string, string>): CardResponse {
  const handler = CARD_ACTIONS[name] as Handler<K>;
  return handler(ctx, params as unknown as CardActionParams[K]);
}

function respondWithError(cs: GoogleAppsScript.Card_Service.CardService, failed: Parameters<typeof buildErrorCard>[1]): CardResponse {
  return cs.newActionResponseBuilder().setNavigation(cs.newNavigation().updateCard(buildErrorCard(cs, failed))).build();
}

/** The card the action came from, rebuilt from the new state, and a notification when there is news. */
function respond(ctx: AddonContext, view: ViewParams, notification?: string): CardResponse {
  const cs = ctx.cardService;
  const builder = cs.newActionResponseBuilder().setNavigation(cs.newNavigation().updateCard(renderAddonView(ctx, { ...view, view: chooseView(view.view) })));
  if (notification !== undefined) builder.setNotification(cs.newNotification().setText(notification));
  return builder.build();
}

function setOverride(ctx: AddonContext, email: string, patch: Parameters<AddonContext['runtime']['panel']['setOverride']>[1]): void {
  ctx.runtime.panel.setOverride(requireText(email, 'email'), patch, { mergeGmailVariants: ctx.runtime.state.settings().mergeGmailVariants });
}

function requireText(value: string | undefined, what: string): string {
  if (value === undefined || value.trim() === '') throw new PermanentError(`This card did not say which ${what} it meant.`, 'Reopen Reconnect.');
  return value;
}

function chooseView(view: string | undefined): CardView {
  return view === 'contact' || view === 'compose' || view === 'settings' ? view : 'homepage';
}
