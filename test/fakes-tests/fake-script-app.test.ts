import { FakeRuntime, FakeScriptApp, MAX_TRIGGERS_PER_USER_PER_SCRIPT, NotImplementedError } from '../fakes';

describe('FakeScriptApp triggers', () => {
  it('records a weekly trigger and reports when it is due, in its time zone', () => {
    // Wednesday 2025-01-08 12:00 UTC.
    const rt = new FakeRuntime({ start: '2025-01-08T12:00:00Z' });
    const app = new FakeScriptApp(rt, { timeZone: 'Etc/UTC' });
    const t = app
      .newTrigger('weeklyRun')
      .timeBased()
      .everyWeeks(1)
      .onWeekDay(app.WeekDay.MONDAY)
      .atHour(8)
      .inTimezone('America/New_York')
      .create();
    expect(t.getHandlerFunction()).toBe('weeklyRun');
    expect(String(t.getEventType())).toBe('CLOCK');
    expect(t.getTriggerSourceId()).toBeNull();
    expect(t.spec).toEqual({ everyWeeks: 1, onWeekDay: 'MONDAY', atHour: 8, timeZone: 'America/New_York' });
    expect(app.getProjectTriggers().map((x) => x.getUniqueId())).toEqual([t.getUniqueId()]);

    expect(app.fireDue(Date.parse('2025-01-13T12:59:00Z'))).toEqual([]);
    // Monday 2025-01-13 08:00 in New York is 13:00 UTC.
    const fired = app.fireDue(Date.parse('2025-01-13T13:00:00Z'));
    expect(fired.map((f) => [f.trigger.uniqueId, new Date(f.at).toISOString()])).toEqual([
      [t.uniqueId, '2025-01-13T13:00:00.000Z'],
    ]);
    const threeWeeks = app.fireDue(Date.parse('2025-02-03T13:00:00Z'));
    expect(threeWeeks[0]?.occurrences).toBe(3);
  });

  it('fires a one-shot after() trigger once and leaves deleting it to the code', () => {
    const rt = new FakeRuntime({ start: '2025-01-06T09:00:00Z' });
    const app = new FakeScriptApp(rt);
    const t = app.newTrigger('continueRun').timeBased().after(5 * 60 * 1000).create();
    expect(app.fireDue(rt.clock.now() + 4 * 60 * 1000)).toEqual([]);
    expect(app.fireDue(rt.clock.now() + 5 * 60 * 1000).map((f) => f.trigger)).toEqual([t]);
    expect(app.fireDue(rt.clock.now() + 60 * 60 * 1000)).toEqual([]);
    expect(app.getProjectTriggers()).toHaveLength(1);
    app.deleteTrigger(t);
    expect(app.getProjectTriggers()).toHaveLength(0);
    expect(app.deletedTriggers).toEqual([t]);
  });

  it('daily triggers fire at the hour in the script time zone', () => {
    const rt = new FakeRuntime({ start: '2025-03-01T00:00:00Z' });
    const app = new FakeScriptApp(rt, { timeZone: 'Europe/London' });
    app.newTrigger('daily').timeBased().everyDays(1).atHour(6).create();
    // London moves to BST on 2025-03-30: 06:00 local is 05:00 UTC on the 31st.
    const fired = app.fireDue(Date.parse('2025-03-31T05:00:00Z'));
    expect(new Date(fired[0]?.at ?? 0).toISOString()).toBe('2025-03-31T05:00:00.000Z');
    expect(fired[0]?.occurrences).toBe(31);
  });

  it('caps triggers at 20 per user per script with Apps Script wording', () => {
    const rt = new FakeRuntime();
    const app = new FakeScriptApp(rt);
    for (let i = 0; i < MAX_TRIGGERS_PER_USER_PER_SCRIPT; i++) app.newTrigger(`f${i}`).timeBased().everyHours(1).create();
    expect(() => app.newTrigger('one-too-many').timeBased().everyHours(1).create()).toThrow(
      'This script has too many triggers. Triggers must be deleted from the script before more can be added.',
    );
    app.deleteTrigger(app.getProjectTriggers()[0] as NonNullable<ReturnType<typeof app.getProjectTriggers>[0]>);
    app.newTrigger('fits-again').timeBased().everyHours(1).create();
  });

  it('validates builder arguments Apps Script documents', () => {
    const app = new FakeScriptApp(new FakeRuntime());
    expect(() => app.newTrigger('f').timeBased().everyMinutes(7)).toThrow(/1, 5, 10, 15 or 30/);
    expect(() => app.newTrigger('f').timeBased().atHour(24)).toThrow(/0\.\.23/);
    expect(() => app.newTrigger('f').timeBased().create()).toThrow(/needs after/);
    expect(() => app.newTrigger('f').timeBased().onWeekDay(app.WeekDay.MONDAY).everyDays(1).create()).toThrow(/everyWeeks/);
    expect(() => app.newTrigger('f').forSpreadsheet('id')).toThrow(NotImplementedError);
  });

  it('gives an OAuth token and script id, and checks granted scopes', () => {
    const app = new FakeScriptApp(new FakeRuntime(), {
      scriptId: 'abc',
      grantedScopes: ['https://www.googleapis.com/auth/gmail.modify'],
      declaredScopes: ['https://www.googleapis.com/auth/gmail.modify', 'https://www.googleapis.com/auth/spreadsheets'],
    });
    expect(app.getScriptId()).toBe('abc');
    expect(app.getOAuthToken()).toMatch(/^ya29\./);
    app.requireScopes(app.AuthMode.FULL, ['https://www.googleapis.com/auth/gmail.modify']);
    expect(() => app.requireAllScopes(app.AuthMode.FULL)).toThrow('Authorization is required to perform that action.');
    expect(String(app.getAuthorizationInfo(app.AuthMode.FULL).getAuthorizationStatus())).toBe('REQUIRED');
  });
});
