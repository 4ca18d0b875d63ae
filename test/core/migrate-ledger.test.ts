import { foldMessages } from '../../src/core/fold-messages';
import { LEDGER_VERSION } from '../../src/core/ledger';
import { LedgerFormatError, migrateLedger } from '../../src/core/migrate-ledger';
import { assessContact } from '../../src/core/assess-contact';
import { chooseDisplayAddress } from '../../src/core/contact-addresses';
import { hasDirectionDays } from '../../src/core/measure-strength';
import { DEFAULT_POLICY } from '../../src/core/settings';
import { DAY, options, received, sent, T0 } from './message-builder';

/** A current ledger with one contact, damaged by `harm`: the version-3 fields are required from version 3 on. */
function damagedV3(harm: (c: Record<string, unknown>) => void): unknown {
  const ledger = JSON.parse(JSON.stringify(foldMessages([received('Ann@example.org', T0)], options())));
  harm(ledger.contacts['ann@example.org']);
  return ledger;
}

describe('migrateLedger', () => {
  it('returns a current ledger unchanged', () => {
    const ledger = foldMessages([received('ann@example.org', T0)], options());
    expect(migrateLedger(JSON.parse(JSON.stringify(ledger)))).toEqual(ledger);
  });

  it('migrates version 1, which had no message id on thread references', () => {
    const ledger = foldMessages([received('ann@example.org', T0, { id: 'x', threadId: 't' })], options());
    const v1 = JSON.parse(JSON.stringify(ledger));
    v1.version = 1;
    delete v1.contacts['ann@example.org'].lastReceivedThread.id;
    const migrated = migrateLedger(v1);
    expect(migrated.version).toBe(LEDGER_VERSION);
    expect(migrated.contacts['ann@example.org']!.lastReceivedThread).toEqual({ ...ledger.contacts['ann@example.org']!.lastReceivedThread, id: '' });
    expect(migrated.contacts['ann@example.org']!.lastSentThread).toBeNull();
  });

  it('migrates version 2, which kept no spellings or per-direction days: the identity is shown until mail brings one', () => {
    const ledger = foldMessages([received('Ann.Lee@gmail.com', T0), sent('ann.lee@gmail.com', T0 + DAY)], options());
    const v2 = JSON.parse(JSON.stringify(ledger));
    v2.version = 2;
    for (const c of Object.values(v2.contacts) as Array<Record<string, unknown>>) {
      delete c.addresses;
      delete c.sentDays;
      delete c.receivedDays;
    }
    const migrated = migrateLedger(v2);
    expect(migrated.version).toBe(LEDGER_VERSION);
    const c = migrated.contacts['annlee@gmail.com']!;
    expect([c.addresses, c.sentDays, c.receivedDays]).toEqual([{}, [], []]);
    expect(chooseDisplayAddress(c)).toBe('annlee@gmail.com');
    // Strength still reads reciprocity from the counts, and one new message does not make them look unanswering.
    const before = assessContact(c, T0 + 100 * DAY, DEFAULT_POLICY).strength;
    expect(before).toBeGreaterThan(0);
    const more = { ...c, sentCount: c.sentCount + 1, lastSent: T0 + 2 * DAY, sentDays: [Math.floor((T0 + 2 * DAY) / DAY)], history: [...c.history, Math.floor((T0 + 2 * DAY) / DAY)] };
    expect(hasDirectionDays(more)).toBe(false);
    expect(assessContact(more, T0 + 100 * DAY, DEFAULT_POLICY).strength).toBeGreaterThanOrEqual(before - 2);
  });

  it.each([
    [null, /not a Reconnect ledger/],
    [{ contacts: {} }, /not a Reconnect ledger/],
    [{ version: 'x', contacts: {} }, /invalid version "x"/],
    [{ version: LEDGER_VERSION + 1, contacts: {} }, /newer than this Reconnect.*update Reconnect/],
    [{ version: LEDGER_VERSION, contacts: { 'a@b.example': null }, coverage: { messages: 0, counted: 0, oldest: null, newest: null } }, /damaged: contacts\["a@b\.example"\] is null, not an object/],
    [{ version: LEDGER_VERSION, contacts: 'x', coverage: { messages: 0, counted: 0, oldest: null, newest: null } }, /damaged: contacts is a string/],
    [{ version: LEDGER_VERSION, contacts: {} }, /damaged: coverage is missing, not an object/],
    [damagedV3((c) => delete c.sentDays), /damaged: contacts\["ann@example\.org"\]\.sentDays is missing, not an array/],
    [damagedV3((c) => (c.addresses = { 'Ann@example.org': { last: 'yesterday', lastFrom: null } })), /damaged: contacts\["ann@example\.org"\]\.addresses\["Ann@example\.org"\]\.last is a string/],
  ])('rejects %p', (stored, message) => {
    expect(() => migrateLedger(stored)).toThrow(LedgerFormatError);
    expect(() => migrateLedger(stored)).toThrow(message);
  });
});
