/** Apps Script: the run's settings come from Properties once per entry point, whatever asks for them. */
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { PropertiesStateStore } from '../../src/gas/properties-state-store';
import { runWeekly } from '../../src/gas/run-weekly';
import { FakeGoogle } from '../fakes/fake-google';
import { FakeProperties } from '../fakes/fake-properties-service';
import { MailboxBuilder } from '../fakes/mailbox-builder';
import { newGoogle, NOW, runExecution } from './gas-harness';

const at = (daysAgo: number) => Date.parse(NOW) - daysAgo * 86_400_000;

const reads = (google: FakeGoogle) => google.log.count('properties.getProperty');

/** Reads of the settings property itself, by any store; the call log does not keep keys. */
const settingsSpy = jest.spyOn(FakeProperties.prototype, 'getProperty');
const settingsReads = (_google: FakeGoogle) => settingsSpy.mock.calls.filter(([key]) => key === 'reconnect.settings').length;

describe('PropertiesStateStore.settings', () => {
  it('reads the settings once, hands out copies, and sees its own saves', () => {
    const google = new FakeGoogle({ now: NOW });
    const before = reads(google);
    const store = new PropertiesStateStore(google.PropertiesService as unknown as GoogleAppsScript.Properties.PropertiesService);
    const first = store.settings();
    first.policy.defaultCadenceDays = 1;
    first.excludedDomains.push('mine.example');
    const second = store.settings();
    expect(second).toEqual(DEFAULT_SETTINGS);
    expect(reads(google) - before).toBe(1);

    store.saveSettings({ ...second, draftsPerWeek: 3 });
    expect(store.settings().draftsPerWeek).toBe(3);
    expect(reads(google) - before).toBe(1);
    // A new run reads what was saved.
    expect(new PropertiesStateStore(google.PropertiesService as unknown as GoogleAppsScript.Properties.PropertiesService).settings().draftsPerWeek).toBe(3);
  });

  it('the weekly batch reads the settings property once, not once per draft', () => {
    const measure = (people: number) => {
      const box = new MailboxBuilder({ owner: { name: 'Alex Rivera', email: 'me@example.com', address: 'Alex Rivera <me@example.com>' } });
      for (let i = 0; i < people; i += 1) {
        const p = box.person(`Person ${i}`, `p${i}@example.org`);
        box.thread({ from: box.me, to: p, date: at(300 + i * 10), subject: `Project ${i}` }, { from: p, to: box.me, date: at(299 + i * 10) });
      }
      const google = newGoogle(box);
      const before = settingsReads(google);
      const out = runExecution(google, (rt) => runWeekly(rt));
      expect(out.error).toBeUndefined();
      expect(google.Gmail.draftRecords()).toHaveLength(Math.min(people, 5));
      return settingsReads(google) - before;
    };
    expect(measure(5)).toBe(measure(1));
    expect(measure(1)).toBe(1);
  });
});
