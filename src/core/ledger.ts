/** The contact ledger: what Reconnect knows about each person, folded from message metadata. */
import type { AddressSpellings } from './contact-addresses';

/** Milliseconds since the Unix epoch, UTC. */
export type Millis = number;

/** The latest thread in one direction, so a draft can reply in it and a template can recall it. */
export interface ThreadRef {
  /** The source's message id (Gmail's id in Apps Script and the API), so a label can go on it. */
  id: string;
  threadId: string;
  subject: string;
  date: Millis;
  /** RFC 5322 Message-ID of that message, for In-Reply-To; '' when unknown. */
  messageId: string;
  /**
   * That message's own References header (RFC 5322 section 3.6.4), so a reply
   * can carry the whole chain; capped to the latest REFERENCES_MAX_CHARS.
   * Absent when the message had none (and in ledgers made before it was kept).
   */
  references?: string;
}

/** References kept per thread ref: about 40 Message-IDs, the newest, far under a sheet cell's 50,000 characters. */
export const REFERENCES_MAX_CHARS = 2000;

export interface Contact {
  /** Identity: lower-cased, Gmail-equivalent address (see normalizeEmail). */
  email: string;
  /** Latest non-empty display name seen; '' when none. */
  name: string;
  /** When `name` was seen, so the latest name wins whatever the fold order; 0 while there is none. */
  nameDate: Millis;
  firstSeen: Millis;
  /** The owner wrote to them (To, Cc or Bcc of sent mail), one-to-one. */
  lastSent: Millis | null;
  /** They wrote to the owner (From of received mail), one-to-one. */
  lastReceived: Millis | null;
  sentCount: number;
  receivedCount: number;
  /** Messages with more than `largeRecipientCount` recipients: seen, but not an exchange. */
  weakCount: number;
  lastWeak: Millis | null;
  lastSentThread: ThreadRef | null;
  lastReceivedThread: ThreadRef | null;
  /**
   * Distinct UTC days (days since the epoch) with a one-to-one exchange, ascending,
   * capped to the latest HISTORY_DAYS. A set, so merge is a union and order never matters.
   */
  history: number[];
  // --- Version 3: spellings, and each direction's days, for display and strength. ---
  /** Every spelling of their address as headers wrote it; see contact-addresses.ts. Never a key. */
  addresses: AddressSpellings;
  /** Distinct UTC days the owner wrote to them one-to-one, like `history` (ascending, capped). */
  sentDays: number[];
  /** Distinct UTC days they wrote to the owner one-to-one, like `history`. */
  receivedDays: number[];
}

export interface Coverage {
  /** Messages folded, noise included. */
  messages: number;
  /** Messages that touched at least one contact. */
  counted: number;
  oldest: Millis | null;
  newest: Millis | null;
}

/** Version 1 had no ThreadRef.id; version 2 had no addresses, sentDays or receivedDays; see migrateLedger. */
export const LEDGER_VERSION = 3;

export interface Ledger {
  version: typeof LEDGER_VERSION;
  contacts: Record<string, Contact>;
  coverage: Coverage;
}

/** Enough exchange days to learn a rhythm of years, small enough to store 10k contacts. */
export const HISTORY_DAYS = 48;

export const DAY_MS = 86_400_000;
