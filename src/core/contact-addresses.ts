/**
 * How each person writes their address (ledger version 3). The
 * ledger's key is the normalized identity (normalizeEmail: lower case, Gmail's
 * dots dropped), which is never shown: people see the spelling they use
 * themselves, the latest one seen in a From header they wrote, or, for someone
 * who never wrote, the latest one seen anywhere.
 */
import type { Contact, Millis } from './ledger';
import { normalizeEmail } from './normalize-email';

/** When one spelling was last seen. */
export interface AddressSeen {
  /** Latest date in any header (To, Cc, Bcc or From). */
  last: Millis;
  /** Latest date in a From header they wrote; null when only others wrote it. */
  lastFrom: Millis | null;
}

/** Spelling as written → when it was seen. */
export type AddressSpellings = Record<string, AddressSeen>;

/**
 * A person has a handful of spellings; a header generator gone wrong could
 * make thousands. The ledger keeps the latest this many.
 */
export const MAX_SPELLINGS = 8;

/** Records one sighting of `address` in place; `from` when it was their own From header. */
export function addSpelling(spellings: AddressSpellings, address: string, date: Millis, from: boolean): void {
  const written = address.trim();
  if (written === '') return;
  const seen = Object.prototype.hasOwnProperty.call(spellings, written) ? spellings[written] : undefined;
  if (seen === undefined) {
    spellings[written] = { last: date, lastFrom: from ? date : null };
    trimSpellings(spellings);
    sortKeys(spellings);
    return;
  }
  seen.last = Math.max(seen.last, date);
  if (from) seen.lastFrom = seen.lastFrom === null ? date : Math.max(seen.lastFrom, date);
}

/** Union by spelling, each date a max: order-free, like the rest of the fold. */
export function mergeSpellings(a: AddressSpellings, b: AddressSpellings): AddressSpellings {
  const out: AddressSpellings = {};
  for (const source of [a, b]) {
    for (const [written, seen] of Object.entries(source)) {
      const have = out[written];
      out[written] =
        have === undefined
          ? { ...seen }
          : { last: Math.max(have.last, seen.last), lastFrom: maxOrNull(have.lastFrom, seen.lastFrom) };
    }
  }
  trimSpellings(out);
  sortKeys(out);
  return out;
}

/** Every spelling, the one to show first, then by how recently each was seen. */
export function listAddresses(contact: Pick<Contact, 'email' | 'addresses'>): string[] {
  const entries = Object.entries(contact.addresses ?? {});
  if (entries.length === 0) return [contact.email];
  return entries.sort(([x, a], [y, b]) => compareSeen(b, a) || (x < y ? -1 : x > y ? 1 : 0)).map(([w]) => w);
}

/**
 * Every spelling seen in mail (the one shown first), then each of the person's
 * other addresses (a contact card's, as written; a linked address) that no
 * spelling already covers. What `emails` means in the JSON, the CSV and the cards.
 */
export function listAllAddresses(contact: Pick<Contact, 'email' | 'addresses'>, others: readonly string[]): string[] {
  const out = listAddresses(contact);
  const covered = new Set(out.map((a) => normalizeEmail(a) ?? a));
  for (const other of others) {
    const key = normalizeEmail(other) ?? other;
    if (covered.has(key)) continue;
    covered.add(key);
    out.push(other);
  }
  return out;
}

/** The address to show and to write to: the spelling they use; the identity when none was recorded (an older ledger). */
export function chooseDisplayAddress(contact: Pick<Contact, 'email' | 'addresses'>): string {
  return listAddresses(contact)[0]!;
}

/** Their own From spellings first (latest first), then what others wrote (latest first). */
function compareSeen(a: AddressSeen, b: AddressSeen): number {
  const fa = a.lastFrom ?? -Infinity;
  const fb = b.lastFrom ?? -Infinity;
  if (fa !== fb) return fa > fb ? 1 : -1;
  return a.last === b.last ? 0 : a.last > b.last ? 1 : -1;
}

function trimSpellings(spellings: AddressSpellings): void {
  const keys = Object.keys(spellings);
  if (keys.length <= MAX_SPELLINGS) return;
  const ranked = keys.sort((x, y) => compareSeen(spellings[y]!, spellings[x]!) || (x < y ? -1 : x > y ? 1 : 0));
  for (const drop of ranked.slice(MAX_SPELLINGS)) delete spellings[drop];
}

/**
 * Keys in text order, in place: the stored JSON is then the same whatever order
 * the mail was folded in, as a scan resumed after a failure must produce.
 */
function sortKeys(spellings: AddressSpellings): void {
  const keys = Object.keys(spellings);
  if (keys.every((k, i) => i === 0 || keys[i - 1]! < k)) return;
  const entries = keys.sort().map((k) => [k, spellings[k]!] as const);
  for (const k of keys) delete spellings[k];
  for (const [k, v] of entries) spellings[k] = v;
}

function maxOrNull(a: Millis | null, b: Millis | null): Millis | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}
