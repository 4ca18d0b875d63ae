/** Header values to mailboxes. */
import addressparser from 'nodemailer/lib/addressparser';
import { normalizeEmail } from './normalize-email';

export interface Mailbox {
  /** Normalized identity (see normalizeEmail). */
  email: string;
  /** Display name, trimmed; '' when absent or when it only repeats the address. */
  name: string;
}

/**
 * Parses a From/To/Cc/Bcc value with nodemailer's addressparser, which copes with
 * the quoting, groups and comments real mailers write. Entries that are not a
 * usable mailbox are dropped, never returned half-formed.
 */
export function parseAddresses(header: string, mergeGmail = true): Mailbox[] {
  if (header === '') return [];
  const out: Mailbox[] = [];
  for (const entry of addressparser(header, { flatten: true })) {
    const email = normalizeEmail(entry.address ?? '', mergeGmail);
    if (email === null) continue;
    out.push({ email, name: cleanName(entry.name, entry.address) });
  }
  return out;
}

function cleanName(name: string, address: string): string {
  const trimmed = name.replace(/\s+/g, ' ').trim().replace(/^(['"])(.*)\1$/, '$2').trim();
  if (trimmed.toLowerCase() === address.trim().toLowerCase()) return '';
  return trimmed;
}
