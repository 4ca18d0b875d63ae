/**
 * The fault sweep, shared by the sharded test files: a scan killed at any
 * service call k, then continued, ends with exactly the ledger of an
 * uninterrupted scan. The shards split k by residue so jest can run them on
 * both cores.
 */
import { MailboxBuilder } from '../fakes/mailbox-builder';
import { copyGoogle, newGoogle, NOW, scanUntilDone, storedLedger } from './gas-harness';

const DAY = 86_400_000;
export const FAULT_SHARDS = 2;

/**
 * About 3,000 messages over two years, with some noise; built once, seeded
 * afresh for every run. Threads start at least 20 days back so no reply is
 * dated after the scan starts.
 */
export function buildFaultMailbox(): MailboxBuilder {
  const box = new MailboxBuilder({ owner: 'me@example.com', aliases: ['me@alias.example'] });
  box.generate({ seed: 7, people: 120, threads: 1150, from: Date.parse(NOW) - 700 * DAY, to: Date.parse(NOW) - 20 * DAY, messagesPerThread: [1, 4] });
  for (let i = 0; i < 40; i += 1) box.newsletter(`news${i % 4}@shop.example`, Date.parse(NOW) - (i * 9 + 2) * DAY);
  return box;
}

export function describeFaultShard(shard: number): void {
  describe(`fault injection over a full scan (k ≡ ${shard} mod ${FAULT_SHARDS})`, () => {
    const pristine = newGoogle(buildFaultMailbox());
    const newestFirst = copyGoogle(pristine);
    scanUntilDone(newestFirst);
    // Listed as unkindly as Gmail may: any order, short and empty pages with tokens, ids listed twice.
    pristine.Gmail.setListing({ order: 'shuffled', shortPages: true, duplicates: true, seed: 7 });
    const google = copyGoogle(pristine);
    const before = google.log.count();
    scanUntilDone(google);
    // Counted before the ledger is read back: reading it is the test's, not the scan's.
    const calls = google.log.count() - before;
    const reference = { ledger: JSON.stringify(storedLedger(google)), calls, messages: google.Gmail.messageIds().length };

    it('covers a mailbox of about 3,000 messages, a scan of over 1,000 calls, and ignores the listing order', () => {
      expect(reference.messages).toBeGreaterThan(2800);
      expect(reference.messages).toBeLessThan(3300);
      expect(reference.calls).toBeGreaterThan(1000);
      expect(reference.ledger).toBe(JSON.stringify(storedLedger(newestFirst)));
    });

    it('ends with the uninterrupted ledger whichever call k fails', () => {
      const mismatches: string[] = [];
      for (let k = 1 + shard; k <= reference.calls; k += FAULT_SHARDS) {
        const run = copyGoogle(pristine);
        run.log.failOnCall(k, new Error("We're sorry, a server error occurred. Please wait a bit and try again."));
        try {
          scanUntilDone(run);
          if (JSON.stringify(storedLedger(run)) !== reference.ledger) mismatches.push(`k=${k}: ledger differs`);
        } catch (error) {
          const failed = run.log.calls.find((c) => c.outcome === 'fault');
          mismatches.push(`k=${k} (${failed?.name ?? 'never reached'}, ${run.log.count()} calls): ${String(error)}`);
        }
      }
      expect(mismatches).toEqual([]);
      // Some 1,550 scans of 3,000 messages: minutes, not jest's default seconds.
    }, 900_000);
  });
}
