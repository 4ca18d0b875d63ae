/** Address identity: one spelling per mailbox. */

const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

// RFC 5321 section 4.5.3.1: 64 octets of local part, 255 of domain. Anything
// longer, or without a dotted domain, is garbage from a broken header.
const MAX_LOCAL = 64;
const MAX_DOMAIN = 255;
// RFC 6532 section 3.2 lets both parts hold any UTF-8 beyond ASCII ("jdöe@mächine.example");
// controls, bidi formatting characters and U+FFFD (a byte that was not text) are never an address.
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~.\u0080-\uffff-]+$/;
const DOMAIN = /^(?:[a-z0-9\u0080-\uffff](?:[a-z0-9\u0080-\uffff-]*[a-z0-9\u0080-\uffff])?\.)+[a-z0-9\u0080-\uffff-]{2,}$/;
const NOT_IN_ADDRESS = /[\u0080-\u009f\u00a0\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufffd\s]/;

/**
 * The lower-cased address in Unicode NFC, or null when it is not a usable mailbox (no @, bad
 * characters, no dotted domain). With `mergeGmail`, Gmail ignores dots in local
 * parts and treats googlemail.com as gmail.com
 * (support.google.com/mail/answer/7436150), so those collapse to one identity.
 */
export function normalizeEmail(address: string, mergeGmail = true): string | null {
  // NFC, so "ö" written precomposed or as o + U+0308 is one identity (RFC 6532 section 3.1).
  const trimmed = address.trim().normalize('NFC').toLowerCase().normalize('NFC');
  if (NOT_IN_ADDRESS.test(trimmed)) return null;
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1) return null;
  let local = trimmed.slice(0, at);
  let domain = trimmed.slice(at + 1);
  if (domain.endsWith('.')) domain = domain.slice(0, -1);
  if (local.length > MAX_LOCAL || domain.length > MAX_DOMAIN) return null;
  if (!LOCAL_PART.test(local) || !DOMAIN.test(domain)) return null;
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    if (!(mergeGmail && GMAIL_DOMAINS.has(domain))) return null;
  }
  if (mergeGmail && GMAIL_DOMAINS.has(domain)) {
    local = local.replace(/\./g, '');
    if (local === '') return null;
    domain = 'gmail.com';
  }
  return `${local}@${domain}`;
}

/** The domain of a normalized address. */
export function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1);
}
