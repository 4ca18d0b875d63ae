import { DEFAULT_SETTINGS, completeSettings } from '../../src/core/settings';
import { buildSettingsForm, SETTINGS_FIELDS, validateSettings, type SettingsForm } from '../../src/core/validate-settings';

const current = completeSettings(DEFAULT_SETTINGS);
const form = (patch: Partial<SettingsForm> = {}): SettingsForm => ({ ...buildSettingsForm(current), ...patch });

function errorsFor(patch: Partial<SettingsForm>) {
  const result = validateSettings(form(patch), current);
  if (result.ok) throw new Error('expected the form to be refused');
  return result.errors;
}

describe('validateSettings', () => {
  it('accepts the form of the current settings unchanged', () => {
    expect(validateSettings(form(), current)).toEqual({ ok: true, settings: current });
  });

  it('applies every field', () => {
    const result = validateSettings(
      form({
        weeklyDay: '5',
        weeklyHour: '23',
        draftsPerWeek: '0',
        defaultCadenceDays: '45',
        useLearnedCadence: '',
        excludedAddresses: 'Boss@Example.com,\n  <x@y.org>; boss@example.com',
        excludedDomains: '@Example.ORG\nnews.example.net.',
        lapsedLabel: ' Keep  up/Lapsed ',
        draftedLabel: 'Keep up/Drafted',
        lookbackDays: '1,000',
        replyInThread: 'new',
        minGapDays: '45',
      }),
      current,
    );
    expect(result).toEqual({
      ok: true,
      settings: {
        ...current,
        weeklyDay: 5,
        weeklyHour: 23,
        draftsPerWeek: 0,
        lookbackDays: 1000,
        excludedAddresses: ['boss@example.com', 'x@y.org'],
        excludedDomains: ['example.org', 'news.example.net'],
        labels: { lapsed: 'Keep up/Lapsed', drafted: 'Keep up/Drafted' },
        replyInThread: false,
        policy: { ...current.policy, defaultCadenceDays: 45, useLearnedCadence: false, minGapDays: 45 },
      },
    });
  });

  it('shows the 30-day minimum gap by default, also for settings stored before it existed', () => {
    expect(form().minGapDays).toBe('30');
    const old = completeSettings({ policy: { ...DEFAULT_SETTINGS.policy, minGapDays: undefined } });
    expect(buildSettingsForm(old).minGapDays).toBe('30');
    expect(completeSettings({}).policy.minGapDays).toBe(30);
  });

  it('keeps the current value of a field the form leaves out', () => {
    const result = validateSettings({ draftsPerWeek: '7' }, current);
    expect(result.ok && result.settings).toEqual({ ...current, draftsPerWeek: 7 });
  });

  it.each([
    [{ weeklyDay: '7' }, 'weeklyDay', 'Pick a day of the week'],
    [{ weeklyHour: '24' }, 'weeklyHour', 'Pick an hour from 0 to 23'],
    [{ draftsPerWeek: '51' }, 'draftsPerWeek', 'from 0 to 50'],
    [{ draftsPerWeek: '2.5' }, 'draftsPerWeek', 'a whole number'],
    [{ draftsPerWeek: '-1' }, 'draftsPerWeek', 'a whole number'],
    [{ defaultCadenceDays: '6' }, 'defaultCadenceDays', 'from 7 to 365'],
    [{ defaultCadenceDays: '' }, 'defaultCadenceDays', 'from 7 to 365'],
    [{ lookbackDays: '29' }, 'lookbackDays', 'from 30 to 3650'],
    [{ minGapDays: '366' }, 'minGapDays', 'from 0 to 365'],
    [{ minGapDays: 'a month' }, 'minGapDays', 'minimum gap must be a whole number'],
    [{ excludedAddresses: 'ann@example.org\nnot an address' }, 'excludedAddresses', '"not", "an", "address" are not email addresses'],
    [{ excludedAddresses: 'bob@' }, 'excludedAddresses', '"bob@" is not an email address: write one address per line'],
    [{ excludedDomains: 'example' }, 'excludedDomains', '"example" is not a domain'],
    [{ lapsedLabel: '' }, 'lapsedLabel', 'The lapsed label needs a name'],
    [{ lapsedLabel: 'Reconnect//Lapsed' }, 'lapsedLabel', 'has an empty part between slashes'],
    [{ lapsedLabel: 'SPAM' }, 'lapsedLabel', 'one of Gmail\'s own labels'],
    [{ draftedLabel: 'reconnect/lapsed' }, 'draftedLabel', 'must differ from the lapsed label'],
    [{ replyInThread: 'maybe' }, 'replyInThread', 'Choose whether drafts reply'],
  ] as Array<[Partial<SettingsForm>, keyof SettingsForm, string]>)('refuses %j with a message on %s', (patch, field, message) => {
    const errors = errorsFor(patch);
    expect(Object.keys(errors)).toEqual([field]);
    expect(errors[field]).toContain(message);
  });

  it('reports every bad field at once', () => {
    expect(Object.keys(errorsFor({ weeklyDay: 'x', draftsPerWeek: 'y', lookbackDays: 'z' })).sort()).toEqual(['draftsPerWeek', 'lookbackDays', 'weeklyDay']);
  });

  it('refuses settings too big for one UserProperties value (9 KB)', () => {
    const many = Array.from({ length: 400 }, (_, i) => `someone.with.a.long.name.${i}@example.org`).join('\n');
    const errors = errorsFor({ excludedAddresses: many });
    expect(errors.excludedAddresses).toMatch(/settings must fit in 9 KB, Apps Script's limit for one stored value, and these need \d+ KB/);
  });

  it('names every field of the form', () => {
    expect([...SETTINGS_FIELDS].sort()).toEqual(Object.keys(buildSettingsForm(current)).sort());
  });
});

describe('the quota table and account type', () => {
  const current = completeSettings(DEFAULT_SETTINGS);
  it('saves a chosen table and account type', () => {
    const result = validateSettings({ ...buildSettingsForm(current), gmailQuota: '2026', accountType: 'workspace' }, current);
    expect(result).toMatchObject({ ok: true, settings: { gmailQuota: '2026', accountType: 'workspace' } });
  });
  it('refuses anything else with a sentence naming the choices', () => {
    const result = validateSettings({ ...buildSettingsForm(current), gmailQuota: 'fast', accountType: 'school' }, current);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.gmailQuota).toMatch(/automatic/);
    expect(result.errors.accountType).toMatch(/Google Workspace/);
  });
});
