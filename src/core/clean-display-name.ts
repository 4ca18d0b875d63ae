/**
 * Display names as people read them: "Doe, Jane" in reading order, and the
 * first name to greet someone by, or '' when there is no safe guess. Pure.
 */
import { collapseSpaces } from './strip-controls';

const HONORIFICS = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'professor', 'sir', 'dame', 'rev', 'fr', 'hon']);
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'md', 'mba', 'cpa', 'esq', 'dds', 'rn', 'cfa', 'jd', 'pe', 'msc', 'bsc']);
/** Words that make a display name a team, a role or a company rather than a person. */
const NOT_A_PERSON = new Set([
  'team', 'support', 'service', 'services', 'info', 'admin', 'noreply', 'no-reply', 'donotreply', 'newsletter',
  'notifications', 'notification', 'billing', 'sales', 'helpdesk', 'bot', 'mailer', 'inc', 'llc', 'ltd', 'gmbh', 'corp',
]);
/** One name: letters and combining marks, joined by apostrophes or hyphens, with an optional final dot (an initial). */
const NAME_TOKEN = /^[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*\.?$/u;
const MAX_FIRST_NAME = 30;

const bareWord = (token: string): string => token.toLowerCase().replace(/[.,]/g, '');

function isSuffixPart(part: string): boolean {
  const words = part.split(' ');
  return words.every((w) => SUFFIXES.has(bareWord(w)) || NOT_A_PERSON.has(bareWord(w)));
}

interface SplitName {
  /** The person's name in reading order: "Doe, Jane" gives "Jane Doe". */
  person: string;
  /** Credentials after a comma, kept for display: "PhD". */
  suffix: string;
}

function splitDisplayName(raw: string): SplitName {
  let text = collapseSpaces(raw)
    // Parenthesised and bracketed notes ("(Acme)", "[EXT]") are not part of the name.
    .replace(/\s*(?:\([^)]*\)|\[[^\]]*\])\s*/g, ' ')
    .trim()
    .replace(/^(["'“‘])(.*)(["'”’])$/u, '$2')
    .trim();
  if (text.includes('@') || !/\p{L}/u.test(text)) return { person: '', suffix: '' };
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const suffixes: string[] = [];
  while (parts.length > 1 && isSuffixPart(parts[parts.length - 1]!)) suffixes.unshift(parts.pop()!);
  text = parts.length === 2 ? `${parts[1]} ${parts[0]}` : parts.join(', ');
  return { person: text, suffix: suffixes.join(', ') };
}

/** A display name fit to print: tidied, "Last, First" put in reading order; '' when it is an address or has no letters. */
export function cleanDisplayName(raw: string): string {
  const { person, suffix } = splitDisplayName(raw);
  if (person === '') return '';
  return suffix === '' ? person : `${person}, ${suffix}`;
}

/**
 * The first name to greet someone by, or '' when there is no safe guess: an
 * address, a username equal to the mailbox, a team or company, a lone surname
 * after a title ("Dr. Smith"), or anything that is not made of name characters.
 */
export function extractFirstName(rawName: string, email = ''): string {
  const { person, suffix } = splitDisplayName(rawName);
  if (person === '') return '';
  const tokens = person.split(' ');
  if ([...tokens, ...suffix.split(/[\s,]+/)].some((t) => NOT_A_PERSON.has(bareWord(t)))) return '';
  let titled = false;
  while (tokens.length > 0 && HONORIFICS.has(bareWord(tokens[0]!))) {
    tokens.shift();
    titled = true;
  }
  if (titled && tokens.length < 2) return '';
  const isInitial = (t: string): boolean => /^[\p{L}]\.?$/u.test(t);
  let first = tokens[0] ?? '';
  // "J. Robert Smith" goes by Robert; "J. Smith" leaves only a surname.
  if (isInitial(first)) first = tokens.length >= 3 && !isInitial(tokens[1]!) ? tokens[1]! : '';
  if (!NAME_TOKEN.test(first)) return '';
  first = first.replace(/\.$/, '');
  const letters = first.replace(/[^\p{L}]/gu, '');
  if (letters.length < 2 || first.length > MAX_FIRST_NAME) return '';
  const mailbox = email.split('@')[0]!.toLowerCase();
  if (tokens.length === 1 && first === first.toLowerCase() && first === mailbox) return '';
  return fixNameCase(first);
}

/** "ANN" and "ann" become "Ann"; mixed case ("McKenzie", "DeShawn") is the person's own spelling and stays. */
function fixNameCase(name: string): string {
  if (name !== name.toUpperCase() && name !== name.toLowerCase()) return name;
  return name
    .toLowerCase()
    .replace(/(^|['’-])(\p{L})/gu, (_, sep: string, letter: string) => sep + letter.toUpperCase());
}
