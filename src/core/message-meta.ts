/** One normalized record per message: the headers Reconnect reads. */
import { decodeEncodedWords } from './decode-encoded-words';

export interface MessageMeta {
  /** Gmail message id, or the RFC 5322 Message-ID, or a synthetic id from the reader. */
  id: string;
  /** Gmail thread id (X-GM-THRID in Takeout, threadId in the API); '' when unknown. */
  threadId: string;
  /** Milliseconds since the Unix epoch, UTC. */
  date: number;
  /**
   * Address header values as written by the sender's mailer, RFC 2047 encoded words left in:
   * parseAddresses reads the structure first and then decodes each display name, so a name can
   * never decode into an address. Repeated To, Cc and Bcc fields are joined with ", ".
   */
  from: string;
  to: string;
  cc: string;
  bcc: string;
  /** Decoded (RFC 2047) subject. */
  subject: string;
  /** Gmail labels, either Takeout names ("Sent", "Category Promotions") or API ids ("SENT"). */
  labels: string[];
  /** RFC 5322 Message-ID, kept so a reply draft can set In-Reply-To and References. */
  messageId?: string;
  /** RFC 5322 References, so a reply can continue the chain. */
  references?: string;
  /** RFC 2919 List-Id. */
  listId?: string;
  /** RFC 2369 List-Unsubscribe. */
  listUnsubscribe?: string;
  /** Precedence (RFC 3834 section 2): bulk, list, junk mark automated mail. */
  precedence?: string;
  /** RFC 3834 Auto-Submitted: anything but "no" is automated. */
  autoSubmitted?: string;
}

/**
 * The headers the core reads, and so the only ones a metadata request asks
 * Gmail for (users.messages.get `metadataHeaders`), on both the Apps Script and
 * the Node side.
 */
export const METADATA_HEADERS: readonly string[] = [
  'From',
  'To',
  'Cc',
  'Bcc',
  'Subject',
  'Date',
  'Message-ID',
  'References',
  'List-Id',
  'List-Unsubscribe',
  'Precedence',
  'Auto-Submitted',
];

/** Gmail system labels in API spelling. Takeout spells them in words; see canonicalLabel. */
export type SystemLabel =
  | 'SENT'
  | 'INBOX'
  | 'DRAFT'
  | 'SPAM'
  | 'TRASH'
  | 'CHAT'
  | 'CATEGORY_PERSONAL'
  | 'CATEGORY_PROMOTIONS'
  | 'CATEGORY_SOCIAL'
  | 'CATEGORY_UPDATES'
  | 'CATEGORY_FORUMS';

const TAKEOUT_SPELLINGS: Readonly<Record<string, SystemLabel>> = {
  DRAFTS: 'DRAFT',
  CHATS: 'CHAT',
  BIN: 'TRASH',
};

/**
 * Maps a label as Takeout writes it ("Category Promotions", "Sent", "Drafts") or as
 * the API returns it ("CATEGORY_PROMOTIONS") to one spelling, so the rules that
 * follow read one vocabulary. User labels come back upper-cased and are never
 * mistaken for system ones because no user label can be named like a system label.
 */
export function canonicalLabel(label: string): string {
  const known = LABEL_MEMO.get(label);
  if (known !== undefined) return known;
  const upper = label.trim().toUpperCase().replace(/\s+/g, '_');
  const canonical = TAKEOUT_SPELLINGS[upper] ?? upper;
  // A mailbox has few distinct labels; the bound only guards against a hostile file.
  if (LABEL_MEMO.size < 10_000) LABEL_MEMO.set(label, canonical);
  return canonical;
}

const LABEL_MEMO = new Map<string, string>();

/** A Gmail API message in metadata format, as both the Apps Script service and the REST client return it. */
/** A message by its ids, as users.messages.list names it before it is read; the label plans use the same pair. */
export interface MessageRef {
  id: string;
  threadId: string;
}

export interface GmailApiMessage {
  id?: string | null;
  threadId?: string | null;
  internalDate?: string | null;
  labelIds?: string[] | null;
  payload?: { headers?: Array<{ name?: string | null; value?: string | null }> | null } | null;
}

/** The normalized record for a Gmail API message (users.messages.get, format=metadata). */
export function toMessageMeta(m: GmailApiMessage): MessageMeta {
  const headers = new Map<string, string>();
  for (const h of m.payload?.headers ?? []) {
    const name = (h.name ?? '').toLowerCase();
    // Repeated headers (two To lines from a broken mailer) are joined, as RFC 5322 readers do.
    const value = h.value ?? '';
    headers.set(name, headers.has(name) ? `${headers.get(name)}, ${value}` : value);
  }
  return {
    id: m.id ?? '',
    threadId: m.threadId ?? '',
    // internalDate (ms, a string in JSON) is what Gmail's after:/before: search
    // compares, so a scan's cursor and the ledger agree.
    date: Number(m.internalDate ?? 0),
    from: headers.get('from') ?? '',
    to: headers.get('to') ?? '',
    cc: headers.get('cc') ?? '',
    bcc: headers.get('bcc') ?? '',
    // Google does not document whether header values come decoded: decoding here changes decoded
    // text only if it holds literal "=?...?=" words; address values are decoded per name by parseAddresses.
    subject: decodeEncodedWords(headers.get('subject') ?? ''),
    labels: m.labelIds ?? [],
    messageId: headers.get('message-id'),
    references: headers.get('references'),
    listId: headers.get('list-id'),
    listUnsubscribe: headers.get('list-unsubscribe'),
    precedence: headers.get('precedence'),
    autoSubmitted: headers.get('auto-submitted'),
  };
}
