/** Reads a stored ledger of any known version and returns the current one. */
import { LEDGER_VERSION, type Contact, type Ledger } from './ledger';
import { findShapeProblem, LEDGER_SCHEMA, LEDGER_V3_SCHEMA } from './ledger-schema';

export class LedgerFormatError extends Error {
  override name = 'LedgerFormatError';
}

/**
 * Stored ledgers outlive the code that wrote them (a sheet, a file in the
 * user's data directory), so each version that ever shipped is read here.
 * Throws LedgerFormatError, naming the problem, for anything else; the caller
 * keeps the stored copy untouched.
 */
export function migrateLedger(stored: unknown): Ledger {
  if (typeof stored !== 'object' || stored === null || !('version' in stored) || !('contacts' in stored)) {
    throw new LedgerFormatError('the stored ledger is not a Reconnect ledger (no version or contacts)');
  }
  const version = (stored as { version: unknown }).version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new LedgerFormatError(`the stored ledger has an invalid version ${JSON.stringify(version)}`);
  }
  if (version > LEDGER_VERSION) {
    throw new LedgerFormatError(
      `the stored ledger is version ${version}, newer than this Reconnect (version ${LEDGER_VERSION}); update Reconnect`,
    );
  }
  // The whole shape, so a damaged ledger that is still valid JSON is refused here, not half-used.
  const problem = findShapeProblem(LEDGER_SCHEMA, stored) ?? (version >= 3 ? findShapeProblem(LEDGER_V3_SCHEMA, stored) : null);
  if (problem !== null) throw new LedgerFormatError(`the stored ledger is damaged: ${problem}`);
  let ledger = stored as Ledger;
  if (version === 1) ledger = fromV1(ledger);
  if (version <= 2) ledger = fromV2(ledger);
  return ledger;
}

/** Version 1 thread references had no message id: labels then fall back to the thread. */
function fromV1(v1: Ledger): Ledger {
  const contacts: Record<string, Contact> = {};
  for (const [email, c] of Object.entries(v1.contacts)) {
    contacts[email] = {
      ...c,
      lastSentThread: c.lastSentThread && { ...c.lastSentThread, id: c.lastSentThread.id ?? '' },
      lastReceivedThread: c.lastReceivedThread && { ...c.lastReceivedThread, id: c.lastReceivedThread.id ?? '' },
    };
  }
  return { ...v1, version: LEDGER_VERSION, contacts };
}

/**
 * Version 2 kept no spellings and no per-direction days. The identity is shown
 * until the next message brings a spelling, and strength reads reciprocity from
 * the counts until days accumulate (see measureStrength).
 */
function fromV2(v2: Ledger): Ledger {
  const contacts: Record<string, Contact> = {};
  for (const [email, c] of Object.entries(v2.contacts)) {
    contacts[email] = { ...c, addresses: c.addresses ?? {}, sentDays: c.sentDays ?? [], receivedDays: c.receivedDays ?? [] };
  }
  return { ...v2, version: LEDGER_VERSION, contacts };
}
