import vm from 'node:vm';
import { FakeGoogle, GLOBAL_NAMES, MailboxBuilder } from '../fakes';

describe('FakeGoogle bundle', () => {
  function bundle(): FakeGoogle {
    const mb = new MailboxBuilder({ owner: { name: 'Me', email: 'me@example.com', address: 'Me <me@example.com>' } });
    const alice = mb.person('Alice');
    mb.sent(alice, '2024-01-01T10:00:00Z', { subject: 'Hi' });
    return new FakeGoogle({ now: '2025-01-06T09:00:00Z', mailbox: mb, timeZone: 'Europe/London' });
  }

  it('shares one clock and one call log across every fake', () => {
    const g = bundle();
    const t0 = g.clock.now();
    g.Gmail.Users.getProfile('me');
    g.PropertiesService.getUserProperties().setProperty('a', 'b');
    g.CacheService.getScriptCache().put('a', 'b');
    expect(g.clock.now() - t0).toBe(100 + 62 + 93);
    expect(g.log.count()).toBe(5);
    expect(g.Session.getScriptTimeZone()).toBe('Europe/London');
    expect(g.Session.getActiveUser().getEmail()).toBe('me@example.com');
    expect(g.SpreadsheetApp.create('x').getSpreadsheetTimeZone()).toBe('Europe/London');
  });

  it('installs the fakes as globals in a vm context, and runs a bundled script against them', () => {
    const g = bundle();
    const context = g.installGlobals(vm.createContext({}));
    for (const name of GLOBAL_NAMES) expect(Object.keys(context)).toContain(name);
    const script = `
      function countSent() {
        var res = Gmail.Users.Messages.list('me', { q: 'in:sent' });
        var ids = (res.messages || []).map(function (m) { return m.id; });
        PropertiesService.getUserProperties().setProperty('sent', String(ids.length));
        var day = Utilities.formatDate(new Date(0), Session.getScriptTimeZone(), 'yyyy-MM-dd');
        return ids.length + '@' + day;
      }
      countSent();
    `;
    expect(vm.runInContext(script, context)).toBe('1@1970-01-01');
    expect(g.PropertiesService.userStore.get('sent')).toBe('1');
    expect(g.log.count('gmail.users.messages.list')).toBe(1);
  });

  it("never touches Node's real globalThis", () => {
    const g = bundle();
    expect(() => g.installGlobals(globalThis)).toThrow(/globalThis/);
    expect((globalThis as Record<string, unknown>).Gmail).toBeUndefined();
    expect((globalThis as Record<string, unknown>).SpreadsheetApp).toBeUndefined();
  });

  it('runs two overlapping executions against the same lock', () => {
    const g = bundle();
    const a = g.startExecution({ id: 'A' });
    const b = g.startExecution({ id: 'B' });
    g.withExecution(a, () => g.LockService.getScriptLock().waitLock(1000));
    const got = g.withExecution(b, () => g.LockService.getScriptLock().tryLock(1000));
    expect(got).toBe(false);
    a.end();
    expect(g.withExecution(b, () => g.LockService.getScriptLock().tryLock(0))).toBe(true);
  });
});
