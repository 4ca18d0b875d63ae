/**
 * The settings card: every value the user can change, each with the message
 * validate-settings gave it when the last save was refused, under the field.
 */
import { SETTINGS_LIMITS, WEEKDAY_NAMES, type SettingsErrors, type SettingsField, type SettingsForm } from '../core/validate-settings';
import { buildActionButton, type ViewParams } from './build-card-action';
import { LOGO_URL } from './build-homepage-card';
import { escapeCardText } from './escape-card-text';

export interface SettingsCardData {
  form: SettingsForm;
  errors: SettingsErrors;
  /** The zone the weekly trigger runs in. */
  timeZone: string;
}

/** Material Design's error red, as Gmail uses it. */
const ERROR_COLOR = '#d93025';

export function buildSettingsCard(cs: GoogleAppsScript.Card_Service.CardService, data: SettingsCardData): GoogleAppsScript.Card_Service.Card {
  const { form, errors } = data;
  const view: ViewParams = { view: 'settings' };
  const problem = (section: GoogleAppsScript.Card_Service.CardSection, field: SettingsField) => {
    const message = errors[field];
    if (message !== undefined) section.addWidget(cs.newTextParagraph().setText(`<font color="${ERROR_COLOR}">${escapeCardText(message)}</font>`));
  };
  const text = (section: GoogleAppsScript.Card_Service.CardSection, field: SettingsField, title: string, hint: string, multiline = false) => {
    section.addWidget(cs.newTextInput().setFieldName(field).setTitle(title).setHint(hint).setValue(form[field]).setMultiline(multiline));
    problem(section, field);
  };

  const weekly = cs.newCardSection().setHeader('Weekly drafts');
  const day = cs.newSelectionInput().setType(cs.SelectionInputType.DROPDOWN).setFieldName('weeklyDay').setTitle('Day');
  WEEKDAY_NAMES.forEach((name, i) => day.addItem(name, String(i), form.weeklyDay === String(i)));
  weekly.addWidget(day);
  problem(weekly, 'weeklyDay');
  const hour = cs.newSelectionInput().setType(cs.SelectionInputType.DROPDOWN).setFieldName('weeklyHour').setTitle(`Hour (${escapeCardText(data.timeZone)})`);
  for (let h = 0; h < 24; h += 1) hour.addItem(`${String(h).padStart(2, '0')}:00`, String(h), form.weeklyHour === String(h));
  weekly.addWidget(hour);
  problem(weekly, 'weeklyHour');
  const { min: dMin, max: dMax } = SETTINGS_LIMITS.draftsPerWeek;
  text(weekly, 'draftsPerWeek', 'Drafts per week', `${dMin} to ${dMax}; 0 turns the weekly drafts off`);
  const reply = cs.newSelectionInput().setType(cs.SelectionInputType.RADIO_BUTTON).setFieldName('replyInThread').setTitle('Drafts are written as');
  reply.addItem('A reply in the latest thread', 'reply', form.replyInThread === 'reply');
  reply.addItem('A new message', 'new', form.replyInThread !== 'reply');
  weekly.addWidget(reply);
  problem(weekly, 'replyInThread');

  const cadence = cs.newCardSection().setHeader('Cadence');
  const { min: cMin, max: cMax } = SETTINGS_LIMITS.defaultCadenceDays;
  text(cadence, 'defaultCadenceDays', 'Default cadence (days)', `${cMin} to ${cMax}; for people without a rhythm of their own`);
  cadence.addWidget(
    cs
      .newSelectionInput()
      .setType(cs.SelectionInputType.CHECK_BOX)
      .setFieldName('useLearnedCadence')
      .addItem('Learn each person’s rhythm from your history with them', 'true', form.useLearnedCadence === 'true'),
  );
  problem(cadence, 'useLearnedCadence');
  const { min: gMin, max: gMax } = SETTINGS_LIMITS.minGapDays;
  text(cadence, 'minGapDays', 'Minimum gap (days)', `${gMin} to ${gMax}; nobody is due sooner unless you set their cadence`);

  const scanning = cs.newCardSection().setHeader('Scanning');
  text(scanning, 'excludedAddresses', 'Never count these addresses', 'One per line; applies to mail read from now on', true);
  text(scanning, 'excludedDomains', 'Never count these domains', 'One per line, like example.org', true);
  const { min: lMin, max: lMax } = SETTINGS_LIMITS.lookbackDays;
  text(scanning, 'lookbackDays', 'Look back (days)', `${lMin} to ${lMax}; how far the first full scan reads`);
  // Neither is visible through the API; 'auto' learns the quota table from Gmail's first 429 (README, Quotas).
  const quota = cs.newSelectionInput().setType(cs.SelectionInputType.DROPDOWN).setFieldName('gmailQuota').setTitle('Gmail API quota table');
  quota.addItem('Automatic (learned from Gmail’s rate limits)', 'auto', form.gmailQuota === 'auto');
  quota.addItem('15,000 units a minute (projects before May 2026)', 'legacy', form.gmailQuota === 'legacy');
  quota.addItem('6,000 units a minute (projects since May 2026)', '2026', form.gmailQuota === '2026');
  scanning.addWidget(quota);
  problem(scanning, 'gmailQuota');
  const account = cs.newSelectionInput().setType(cs.SelectionInputType.DROPDOWN).setFieldName('accountType').setTitle('Daily Apps Script runtime');
  account.addItem('Automatic (from your address)', 'auto', form.accountType === 'auto');
  account.addItem('Personal account: 90 minutes a day', 'consumer', form.accountType === 'consumer');
  account.addItem('Google Workspace: 6 hours a day', 'workspace', form.accountType === 'workspace');
  scanning.addWidget(account);
  problem(scanning, 'accountType');
  // Issue 14: meetings and Google Contacts, each one tick.
  for (const [field, label] of [
    ['readCalendar', 'Meetings on your calendar count as contact'],
    ['readContacts', 'Use Google Contacts: one person per card, labels like “Reconnect: monthly” set the cadence'],
  ] as const) {
    scanning.addWidget(cs.newSelectionInput().setType(cs.SelectionInputType.CHECK_BOX).setFieldName(field).addItem(label, 'true', form[field] === 'true'));
    problem(scanning, field);
  }

  const labels = cs.newCardSection().setHeader('Gmail labels');
  text(labels, 'lapsedLabel', 'On lapsed people’s latest thread', 'Like Reconnect/Lapsed');
  text(labels, 'draftedLabel', 'On threads Reconnect drafted in', 'Like Reconnect/Drafted');

  const save = cs
    .newCardSection()
    .addWidget(cs.newButtonSet().addButton(buildActionButton(cs, 'Save settings', 'saveSettings', view, true)).addButton(buildActionButton(cs, 'Back to Reconnect', 'refresh', { view: 'homepage' })));

  const refused = Object.keys(errors).length;
  const header = cs.newCardHeader().setTitle('Reconnect settings').setImageUrl(LOGO_URL).setImageAltText('Reconnect');
  if (refused > 0) header.setSubtitle(`Not saved: fix the ${refused === 1 ? 'setting' : `${refused} settings`} marked in red`);
  return cs.newCardBuilder().setName('settings').setHeader(header).addSection(weekly).addSection(cadence).addSection(scanning).addSection(labels).addSection(save).build();
}
