/**
 * The subset of Gmail search (`q`) Reconnect relies on, evaluated against the
 * fake mailbox. Anything outside it throws, so a test notices a query the fake
 * would silently get wrong.
 *
 * Supported: in:, category:, label:, is:, after:, before:, each optionally negated
 * with a leading '-', combined with implicit AND.
 *
 * Dates: "All dates used in the search query are interpreted as midnight on that
 * date in the PST timezone. To specify accurate dates for other timezones pass the
 * value in seconds instead" (developers.google.com/workspace/gmail/api/guides/filtering).
 * The fake reads "PST" as America/Los_Angeles (DST included) and compares against
 * internalDate: after: is inclusive (>=), before: exclusive (<), matching the Gmail
 * UI's "after:2004/04/16 before:2004/04/18" returning the 16th and 17th.
 */

import { zonedTimeToEpoch } from './time-zone';

export const GMAIL_QUERY_TIME_ZONE = 'America/Los_Angeles';

export interface QueryTarget {
  labelIds: readonly string[];
  /** ms since the epoch. */
  internalDate: number;
}

export interface ParsedQuery {
  matches(m: QueryTarget): boolean;
  /** True when a positive term asks for spam or trash, which then lifts the default exclusion. */
  readonly wantsSpamOrTrash: boolean;
}

export class UnsupportedQueryError extends Error {
  constructor(query: string, term: string, why: string) {
    super(`FakeGmail: unsupported search term "${term}" in q "${query}": ${why}`);
    this.name = 'UnsupportedQueryError';
  }
}

const IN_LABELS: Readonly<Record<string, string>> = {
  sent: 'SENT',
  inbox: 'INBOX',
  spam: 'SPAM',
  trash: 'TRASH',
  drafts: 'DRAFT',
  draft: 'DRAFT',
  chats: 'CHAT',
  chat: 'CHAT',
  starred: 'STARRED',
  important: 'IMPORTANT',
};

const CATEGORY_LABELS: Readonly<Record<string, string>> = {
  primary: 'CATEGORY_PERSONAL',
  personal: 'CATEGORY_PERSONAL',
  social: 'CATEGORY_SOCIAL',
  promotions: 'CATEGORY_PROMOTIONS',
  updates: 'CATEGORY_UPDATES',
  forums: 'CATEGORY_FORUMS',
};

type Predicate = (m: QueryTarget) => boolean;

/**
 * @param resolveLabel maps a `label:` value to a label id, or null when no label
 *   has that name (Gmail then matches nothing rather than failing).
 */
export function parseGmailQuery(query: string, resolveLabel: (name: string) => string | null): ParsedQuery {
  const predicates: Predicate[] = [];
  let wantsSpamOrTrash = false;
  for (const token of tokenize(query)) {
    if (token === 'OR' || token === 'AND' || /^[(){}]/.test(token) || /[(){}]$/.test(token)) {
      throw new UnsupportedQueryError(query, token, 'boolean operators and grouping are not modelled');
    }
    const negated = token.startsWith('-');
    const body = negated ? token.slice(1) : token;
    const colon = body.indexOf(':');
    if (colon <= 0) throw new UnsupportedQueryError(query, token, 'free-text search is not modelled');
    const op = body.slice(0, colon).toLowerCase();
    const value = unquote(body.slice(colon + 1));
    if (value === '') throw new UnsupportedQueryError(query, token, 'empty value');
    let p: Predicate;
    switch (op) {
      case 'in': {
        const v = value.toLowerCase();
        if (v === 'anywhere') {
          if (negated) throw new UnsupportedQueryError(query, token, '-in:anywhere has no meaning');
          wantsSpamOrTrash = true;
          continue;
        }
        const id = IN_LABELS[v];
        if (!id) throw new UnsupportedQueryError(query, token, `unknown location "${value}"`);
        if (!negated && (id === 'SPAM' || id === 'TRASH')) wantsSpamOrTrash = true;
        p = hasLabel(id);
        break;
      }
      case 'category': {
        const id = CATEGORY_LABELS[value.toLowerCase()];
        if (!id) throw new UnsupportedQueryError(query, token, `unknown category "${value}"`);
        p = hasLabel(id);
        break;
      }
      case 'label': {
        const id = resolveLabel(value);
        if (!negated && (id === 'SPAM' || id === 'TRASH')) wantsSpamOrTrash = true;
        p = id === null ? () => false : hasLabel(id);
        break;
      }
      case 'is': {
        const v = value.toLowerCase();
        if (v === 'unread') p = hasLabel('UNREAD');
        else if (v === 'read') p = (m) => !m.labelIds.includes('UNREAD');
        else if (v === 'starred') p = hasLabel('STARRED');
        else if (v === 'important') p = hasLabel('IMPORTANT');
        else throw new UnsupportedQueryError(query, token, `unknown is: value "${value}"`);
        break;
      }
      case 'after':
      case 'before': {
        const bound = parseDateBound(value);
        if (bound === null) {
          throw new UnsupportedQueryError(query, token, 'expected YYYY/MM/DD or epoch seconds');
        }
        p = op === 'after' ? (m) => m.internalDate >= bound : (m) => m.internalDate < bound;
        break;
      }
      default:
        throw new UnsupportedQueryError(query, token, `operator "${op}:" is not modelled`);
    }
    predicates.push(negated ? (m) => !p(m) : p);
  }
  return {
    wantsSpamOrTrash,
    matches: (m) => predicates.every((p) => p(m)),
  };
}

/** ms since the epoch for an after:/before: value, or null when it is not a form Gmail accepts. */
export function parseDateBound(value: string): number | null {
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return zonedTimeToEpoch(GMAIL_QUERY_TIME_ZONE, year, month, day);
}

function hasLabel(id: string): Predicate {
  return (m) => m.labelIds.includes(id);
}

function unquote(v: string): string {
  return v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v;
}

function tokenize(query: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of query) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && /\s/.test(ch)) {
      if (current) tokens.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (current) tokens.push(current);
  return tokens;
}

/**
 * Gmail search spelling of a label name: lower-case, with spaces and '/' written
 * as '-' ("Reconnect/Snoozed" is searched as label:reconnect-snoozed).
 */
export function searchSpelling(labelName: string): string {
  return labelName.toLowerCase().replace(/[\s/]+/g, '-');
}
