import { FakeLockService, FakeRuntime, WORDING } from '../fakes';

describe('FakeLockService', () => {
  it('lets one execution hold the script lock while another times out', () => {
    const rt = new FakeRuntime();
    const locks = new FakeLockService(rt);
    const a = rt.startExecution({ id: 'A' });
    const b = rt.startExecution({ id: 'B' });
    const lockA = locks.forExecution('A').getScriptLock();
    lockA.waitLock(10_000);
    expect(lockA.hasLock()).toBe(true);
    expect(locks.holderOf('script')).toBe('A');

    const lockB = locks.forExecution('B').getScriptLock();
    const t0 = rt.clock.now();
    expect(lockB.tryLock(5_000)).toBe(false);
    expect(rt.clock.now() - t0).toBe(5_000 + 20);
    expect(() => lockB.waitLock(30_000)).toThrow('Lock timeout: another process was holding the lock for too long.');
    expect(() => lockB.waitLock(1)).toThrow(WORDING.lockTimeout);

    lockA.releaseLock();
    expect(lockB.tryLock(0)).toBe(true);
    expect(locks.holderOf('script')).toBe('B');
    expect(a.ended).toBe(false);
    b.end();
    expect(locks.holderOf('script')).toBeNull();
  });

  it('releases a lock when its execution ends, and keeps user and script locks apart', () => {
    const rt = new FakeRuntime();
    const locks = new FakeLockService(rt);
    const first = rt.startExecution({ id: 'first' });
    locks.getScriptLock().waitLock(1000);
    locks.getUserLock().waitLock(1000);
    expect(locks.holderOf('user')).toBe('first');
    first.end();
    rt.startExecution({ id: 'second' });
    expect(locks.getScriptLock().tryLock(0)).toBe(true);
    expect(locks.getUserLock().tryLock(0)).toBe(true);
  });

  it('is re-entrant within one execution', () => {
    const rt = new FakeRuntime();
    const locks = new FakeLockService(rt);
    rt.startExecution({ id: 'solo' });
    const one = locks.getScriptLock();
    const two = locks.getScriptLock();
    expect(one.tryLock(0)).toBe(true);
    expect(two.tryLock(0)).toBe(true);
    expect(locks.getDocumentLock()).toBeNull();
  });

  it('a wait that runs past the deadline kills the execution instead', () => {
    const rt = new FakeRuntime();
    const locks = new FakeLockService(rt);
    rt.startExecution({ id: 'holder' });
    locks.getScriptLock().waitLock(0);
    const late = rt.startExecution({ id: 'late', kind: 'cardAction' });
    expect(() => locks.getScriptLock().waitLock(60_000)).toThrow('Exceeded maximum execution time');
    expect(late.died).toBe(true);
  });
});
