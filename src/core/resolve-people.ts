/**
 * People, not addresses. The ledger stays keyed by address (so its fold laws
 * hold and nothing needs a rescan); when people are assessed, the addresses on
 * one contact card, and addresses the user linked by hand, become one person,
 * and meetings join mail as contact. Changing a card or a link changes only
 * this view.
 *
 * - A card's addresses are one person. Two cards are never merged: an address
 *   written on two cards belongs to the card that sorts first by id.
 * - People without a card are never merged by name.
 * - A manual link never joins two cards.
 */
import { mergeContactRecords, emptyContact } from './fold-messages';
import type { MeetingStore } from './fold-meetings';
import { tallyMeetings } from './fold-meetings';
import type { Contact, Coverage, Ledger, Millis } from './ledger';
import { LEDGER_VERSION } from './ledger';
import { normalizeEmail } from './normalize-email';
import { isTier, TIERS, type Tier } from './settings';

/** A Google Contact, or a vCard: one person whatever address they write from. */
export interface ContactCard {
  /** The People API resourceName, or the vCard UID (the file position when it has none). */
  id: string;
  /** As the user wrote it on the card; '' when none. */
  name: string;
  /** As written on the card. */
  emails: string[];
  /** Label names as the user sees them, system groups already left out. */
  groups: string[];
}

export interface PeopleDirectory {
  cards: ContactCard[];
  /** Addresses the user linked by hand (the Contacts tab's "Other addresses"): each list is one person. */
  links: string[][];
}

export type ContactKind = 'sent' | 'received' | 'met';

/** A contact as assessed: every address's mail folded together, plus meetings and the card. */
export interface Person extends Contact {
  /** Every address: for a card, exactly its addresses as written; otherwise the normalized addresses. */
  emails: string[];
  groups: string[];
  /** The tier from a `Reconnect: …` label; null when none. */
  groupTier: Tier | null;
  lastMet: Millis | null;
  /** Occurrences that started before `now`, each counted once per person. */
  meetingCount: number;
  cardId: string | null;
}

export interface PeopleLedger extends Ledger {
  contacts: Record<string, Person>;
  /** Every normalized address of every person → the person's key (their `email`). */
  aliases: Record<string, string>;
}

export interface RefusedLink {
  /** Index into directory.links. */
  link: number;
  email: string;
  message: string;
}

export interface ResolvedPeople {
  ledger: PeopleLedger;
  refusedLinks: RefusedLink[];
}

/**
 * Google's own groups (People API contactGroups of type SYSTEM_CONTACT_GROUP,
 * developers.google.com/people/api/rest/v1/contactGroups), as a Takeout vCard
 * names them in CATEGORIES. They are not labels the user made.
 */
export const GOOGLE_SYSTEM_GROUPS: ReadonlySet<string> = new Set(['myContacts', 'starred', 'friends', 'family', 'coworkers', 'chatBuddies', 'all', 'blocked']);

const GROUP_TIER = /^\s*reconnect\s*:\s*([a-z]+)\s*$/i;

/** The tier a label sets: `Reconnect: monthly` → monthly; null for any other label. */
export function parseGroupTier(label: string): Tier | null {
  const m = GROUP_TIER.exec(label);
  if (m === null) return null;
  const tier = m[1]!.toLowerCase();
  return isTier(tier) ? tier : null;
}

/** Several tier labels: the most frequent cadence wins ("never" only when it is the only one). */
export function chooseGroupTier(groups: readonly string[]): Tier | null {
  const tiers = groups.map(parseGroupTier).filter((t): t is Tier => t !== null);
  if (tiers.length === 0) return null;
  return [...TIERS].find((t) => tiers.includes(t)) ?? null;
}

export interface ResolvePeopleInput {
  ledger: Ledger;
  now: Millis;
  meetings?: MeetingStore;
  directory?: PeopleDirectory;
  mergeGmailVariants?: boolean;
}

export function resolvePeople(input: ResolvePeopleInput): ResolvedPeople {
  const merge = input.mergeGmailVariants ?? true;
  const norm = (address: string) => normalizeEmail(address, merge);
  const cards = [...(input.directory?.cards ?? [])].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  // Union-find over normalized addresses; a root may carry one card and never two.
  const parent = new Map<string, string>();
  const cardOf = new Map<string, number>();
  const find = (x: string): string => {
    let root = x;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    if (!parent.has(x)) parent.set(x, x);
    let at = x;
    while (at !== root) {
      const next = parent.get(at)!;
      parent.set(at, root);
      at = next;
    }
    return root;
  };
  const union = (a: string, b: string): boolean => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return true;
    const ca = cardOf.get(ra);
    const cb = cardOf.get(rb);
    if (ca !== undefined && cb !== undefined) return false;
    const [keep, drop] = ra < rb ? [ra, rb] : [rb, ra];
    parent.set(drop, keep);
    const card = ca ?? cb;
    if (card !== undefined) cardOf.set(keep, card);
    cardOf.delete(drop);
    return true;
  };

  cards.forEach((card, index) => {
    const own = card.emails.map(norm).filter((e): e is string => e !== null && cardOf.get(find(e)) === undefined);
    if (own.length === 0) return;
    cardOf.set(find(own[0]!), index);
    for (const email of own.slice(1)) union(own[0]!, email);
  });
  const refusedLinks: RefusedLink[] = [];
  (input.directory?.links ?? []).forEach((link, index) => {
    const emails = link.map(norm).filter((e): e is string => e !== null);
    for (const email of emails.slice(1)) {
      if (!union(emails[0]!, email)) {
        refusedLinks.push({ link: index, email, message: `${email} is on another contact card than ${emails[0]}; Reconnect never merges two cards, so this link is ignored. Add the address to one card instead.` });
      }
    }
  });

  const meetingsByAddress = input.meetings === undefined ? new Map() : tallyMeetings(input.meetings, input.now);
  const meetingsByRoot = input.meetings === undefined ? new Map() : tallyMeetings(input.meetings, input.now, find);

  // Every address with mail or a meeting, grouped by person.
  const members = new Map<string, string[]>();
  const addMember = (email: string) => {
    const root = find(email);
    const list = members.get(root);
    if (list === undefined) members.set(root, [email]);
    else if (!list.includes(email)) list.push(email);
  };
  for (const email of Object.keys(input.ledger.contacts)) addMember(email);
  for (const email of meetingsByAddress.keys()) addMember(email);

  // Every address a card or a link names, by person, so any of them finds the person.
  const groupOf = new Map<string, string[]>();
  for (const email of parent.keys()) {
    const root = find(email);
    const list = groupOf.get(root);
    if (list === undefined) groupOf.set(root, [email]);
    else list.push(email);
  }

  const contacts: Record<string, Person> = {};
  const aliases: Record<string, string> = {};
  for (const [root, addresses] of members) {
    addresses.sort();
    const lastUsed = (email: string): number => {
      const c = input.ledger.contacts[email];
      return Math.max(c?.lastSent ?? -Infinity, c?.lastReceived ?? -Infinity, meetingsByAddress.get(email)?.lastMet ?? -Infinity, c?.lastWeak ?? -Infinity);
    };
    // The address most recently used; ties go to the first in text order.
    let primary = addresses[0]!;
    for (const email of addresses) if (lastUsed(email) > lastUsed(primary)) primary = email;

    let merged: Contact | null = null;
    for (const email of addresses) {
      const c = input.ledger.contacts[email];
      if (c !== undefined) merged = merged === null ? c : mergeContactRecords(merged, c);
    }
    const met = meetingsByRoot.get(root);
    const base = merged ?? emptyContact(primary, met!.firstMet);
    const cardIndex = cardOf.get(root);
    const card = cardIndex === undefined ? null : cards[cardIndex]!;

    let name = base.name;
    let nameDate = base.nameDate;
    if (met !== undefined && met.name !== '' && (name === '' || met.nameDate > nameDate)) {
      name = met.name;
      nameDate = met.nameDate;
    }
    if (card !== null && card.name.trim() !== '') name = card.name.trim();

    const all = [...new Set([...addresses, ...(groupOf.get(root) ?? [])])];
    const emails = card === null ? all.sort() : cardEmails(card, all, norm);
    const groups = card === null ? [] : [...card.groups];
    const person: Person = {
      ...base,
      lastSentThread: base.lastSentThread && { ...base.lastSentThread },
      lastReceivedThread: base.lastReceivedThread && { ...base.lastReceivedThread },
      history: [...base.history],
      email: primary,
      name,
      nameDate,
      firstSeen: met === undefined ? base.firstSeen : Math.min(base.firstSeen, met.firstMet),
      emails,
      groups,
      groupTier: chooseGroupTier(groups),
      lastMet: met?.lastMet ?? null,
      meetingCount: met?.meetingCount ?? 0,
      cardId: card?.id ?? null,
    };
    contacts[primary] = person;
    for (const email of all) aliases[email] = primary;
  }
  const coverage: Coverage = { ...input.ledger.coverage };
  return { ledger: { version: LEDGER_VERSION, contacts, coverage, aliases }, refusedLinks };
}

/** The card's addresses as written (each once), then any address linked to it by hand. */
function cardEmails(card: ContactCard, all: readonly string[], norm: (a: string) => string | null): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const written of card.emails) {
    const key = norm(written);
    if (key === null || seen.has(key)) continue;
    seen.add(key);
    out.push(written.trim());
  }
  for (const email of all) if (!seen.has(email)) out.push(email);
  return out;
}

/** The contact's latest touch, and which kind it was; mail wins a tie over a meeting, sent over received. */
export function chooseLastContact(contact: Pick<Contact, 'lastSent' | 'lastReceived'> & { lastMet?: Millis | null }): { at: Millis; kind: ContactKind } | null {
  let best: { at: Millis; kind: ContactKind } | null = null;
  const candidates: Array<[Millis | null | undefined, ContactKind]> = [
    [contact.lastSent, 'sent'],
    [contact.lastReceived, 'received'],
    [contact.lastMet, 'met'],
  ];
  for (const [at, kind] of candidates) {
    if (at === null || at === undefined) continue;
    if (best === null || at > best.at) best = { at, kind };
  }
  return best;
}
