import { foldMessages } from '../../src/core/fold-messages';
import { LEDGER_VERSION } from '../../src/core/ledger';
import { LedgerFormatError, migrateLedger } from '../../src/core/migrate-ledger';
import { options, received, T0 } from './message-builder';

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

  it.each([
    [null, /not a Reconnect ledger/],
    [{ contacts: {} }, /not a Reconnect ledger/],
    [{ version: 'x', contacts: {} }, /invalid version "x"/],
    [{ version: LEDGER_VERSION + 1, contacts: {} }, /newer than this Reconnect.*update Reconnect/],
    [{ version: LEDGER_VERSION, contacts: { 'a@b.example': null }, coverage: { messages: 0, counted: 0, oldest: null, newest: null } }, /damaged: contacts\["a@b\.example"\] is null, not an object/],
    [{ version: LEDGER_VERSION, contacts: 'x', coverage: { messages: 0, counted: 0, oldest: null, newest: null } }, /damaged: contacts is a string/],
    [{ version: LEDGER_VERSION, contacts: {} }, /damaged: coverage is missing, not an object/],
  ])('rejects %p', (stored, message) => {
    expect(() => migrateLedger(stored)).toThrow(LedgerFormatError);
    expect(() => migrateLedger(stored)).toThrow(message);
  });
});
