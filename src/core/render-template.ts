/**
 * Reconnect's draft templates: parse and validate Mustache sources, compute the
 * variables for one contact, and render a subject, a plain-text body and
 * optionally an HTML body. Pure: no I/O, and `now` is always a parameter.
 * The file format and every variable are documented in templates/README.md.
 */
import { stripControls } from './strip-controls';
import Mustache from 'mustache';
import { assessContact, type Assessment } from './assess-contact';
import { emptyContact } from './fold-messages';
import { DAY_MS, type Contact, type Millis } from './ledger';
import { DEFAULT_POLICY } from './settings';

// ---------------------------------------------------------------------------
// Variables

/** Everything a template can use; see templates/README.md for the exact rules. */
export interface TemplateView {
  /** Their first name, or '' when the display name is missing, an address or not a person's name. */
  firstName: string;
  /** Their display name, tidied ("Doe, Jane" becomes "Jane Doe"); '' when unknown. */
  name: string;
  email: string;
  ownerName: string;
  ownerFirstName: string;
  /** Subject of the last message in the last direction, without "Re:"/"Fwd:"; '' when unknown or empty. */
  lastSubject: string;
  /** When you were last in touch, as words that follow "we last spoke": "in March 2024", "two weeks ago". */
  lastContactDate: string;
  /** Whole calendar months since the last exchange; null when there was none. */
  monthsSince: number | null;
  /** Who wrote the last one-to-one message: 'sent' (you), 'received' (they), '' (nobody yet). */
  lastDirection: 'sent' | 'received' | '';
  youWroteLast: boolean;
  theyWroteLast: boolean;
  /** Your rhythm with them: "every month", "every few months"; '' when set to never. */
  cadence: string;
  /** A year or more since the last exchange: reintroduce yourself. */
  longGap: boolean;
  /** Under 3 calendar months since the last exchange. */
  shortGap: boolean;
  /** 3 to 11 calendar months since the last exchange. */
  mediumGap: boolean;
  /** How long since the last exchange, as people say it: "5 weeks", "14 months", "3 years"; '' when there was none. */
  timeSince: string;
  /** "Hi Ann," or "Hi there," — never "Hi ,". */
  greeting: string;
}

// A Record, so the compiler insists on every key of TemplateView and no other.
const VARIABLE_KEYS: Readonly<Record<keyof TemplateView, true>> = {
  firstName: true,
  name: true,
  email: true,
  ownerName: true,
  ownerFirstName: true,
  lastSubject: true,
  lastContactDate: true,
  monthsSince: true,
  lastDirection: true,
  youWroteLast: true,
  theyWroteLast: true,
  cadence: true,
  longGap: true,
  shortGap: true,
  mediumGap: true,
  timeSince: true,
  greeting: true,
};

export type TemplateVariable = keyof TemplateView;

/** The only names a template may reference; anything else is rejected when the template is parsed. */
export const TEMPLATE_VARIABLES: readonly TemplateVariable[] = Object.keys(VARIABLE_KEYS) as TemplateVariable[];

const KNOWN_VARIABLES: ReadonlySet<string> = new Set(TEMPLATE_VARIABLES);

/** A gap of this many calendar months or more makes the owner reintroduce themselves. */
export const LONG_GAP_MONTHS = 12;
/** Under this many calendar months is a short gap: a quick catch-up, not an apology for a long silence. */
export const SHORT_GAP_MONTHS = 3;

export interface TemplateViewInput {
  contact: Contact;
  assessment: Assessment;
  owner: { name: string; email: string };
  now: Millis;
  /** IANA zone that decides "yesterday" and "in March"; default UTC. Apps Script passes the script's zone. */
  timeZone?: string;
  /** BCP 47 locale for month names only (the sentences are the template's); default en-US. */
  locale?: string;
}

export function buildTemplateView(input: TemplateViewInput): TemplateView {
  const { contact, assessment, owner, now } = input;
  const timeZone = input.timeZone ?? 'UTC';
  const locale = input.locale ?? 'en-US';
  const last = assessment.lastContact;
  const lastDirection = last === null ? '' : chooseLastDirection(contact);
  const thread =
    lastDirection === 'sent' ? contact.lastSentThread : lastDirection === 'received' ? contact.lastReceivedThread : null;
  const monthsSince = last === null ? null : countMonthsBetween(last, now, timeZone);
  const firstName = extractFirstName(contact.name, contact.email);
  return {
    firstName,
    name: cleanDisplayName(contact.name),
    email: stripControls(assessment.address).trim(),
    ownerName: cleanDisplayName(owner.name),
    ownerFirstName: extractFirstName(owner.name, owner.email),
    // Only the thread that matches lastDirection, so "when you wrote to me about …" is true.
    lastSubject: thread === null ? '' : cleanSubject(thread.subject),
    lastContactDate: last === null ? '' : describeLastContact(last, now, timeZone, locale),
    monthsSince,
    lastDirection,
    youWroteLast: lastDirection === 'sent',
    theyWroteLast: lastDirection === 'received',
    cadence: describeCadence(assessment.cadenceDays),
    longGap: monthsSince !== null && monthsSince >= LONG_GAP_MONTHS,
    shortGap: monthsSince !== null && monthsSince < SHORT_GAP_MONTHS,
    mediumGap: monthsSince !== null && monthsSince >= SHORT_GAP_MONTHS && monthsSince < LONG_GAP_MONTHS,
    timeSince: last === null ? '' : describeTimeSince(last, now, monthsSince!),
    greeting: firstName === '' ? 'Hi there,' : `Hi ${firstName},`,
  };
}

/**
 * "5 weeks", "14 months", "3 years": weeks under two months, months under two
 * years (calendar months, so it agrees with shortGap and longGap), then years.
 * Under a week is "a few days"; the same day "a few hours".
 */
export function describeTimeSince(last: Millis, now: Millis, months: number): string {
  const days = Math.floor((now - last) / DAY_MS);
  if (days < 1) return 'a few hours';
  if (days < 7) return days === 1 ? 'a day' : 'a few days';
  if (months < 2) {
    const weeks = Math.floor(days / 7);
    return weeks === 1 ? 'a week' : `${weeks} weeks`;
  }
  if (months < 24) return `${months} months`;
  const years = Math.floor(months / 12);
  return `${years} years`;
}

function chooseLastDirection(contact: Contact): 'sent' | 'received' | '' {
  const { lastSent, lastReceived } = contact;
  if (lastSent === null && lastReceived === null) return '';
  if (lastReceived === null) return 'sent';
  if (lastSent === null) return 'received';
  return lastSent >= lastReceived ? 'sent' : 'received';
}

// ---------------------------------------------------------------------------
// Names


function collapseSpaces(text: string): string {
  return stripControls(text).replace(/\s+/g, ' ').trim();
}

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

// ---------------------------------------------------------------------------
// Subjects

// Reply and forward prefixes in the languages Gmail users most often meet
// (https://en.wikipedia.org/wiki/List_of_email_subject_abbreviations), with
// Outlook's counters ("Re[2]:") and full-width colons.
const REPLY_PREFIX = /^(?:re|fw|fwd|aw|wg|sv|vs|antw|tr|rif|res|enc|odp)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*/i;
const EXTERNAL_TAG = /^(?:\[\s*ext(?:ernal)?\s*\]|\*\s*ext(?:ernal)?\s*\*)\s*:?\s*/i;
const NO_SUBJECT = /^\(?\s*no subject\s*\)?$/i;
const MAX_SUBJECT = 80;

/** The subject as a person would say it: no "Re:"/"Fwd:", one line, at most 80 characters; '' when there is nothing to say. */
export function cleanSubject(raw: string): string {
  let text = collapseSpaces(raw);
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = text.replace(REPLY_PREFIX, '').replace(EXTERNAL_TAG, '').trim();
  }
  if (NO_SUBJECT.test(text) || !/[\p{L}\p{N}]/u.test(text)) return '';
  if (text.length <= MAX_SUBJECT) return text;
  const cut = text.slice(0, MAX_SUBJECT - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > MAX_SUBJECT / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/u, '')}…`;
}

// ---------------------------------------------------------------------------
// Dates

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const calendarFormatters = new Map<string, Intl.DateTimeFormat>();
const monthFormatters = new Map<string, Intl.DateTimeFormat>();

function readCalendarDate(ms: Millis, timeZone: string): CalendarDate {
  let formatter = calendarFormatters.get(timeZone);
  if (formatter === undefined) {
    // Gregorian calendar and Latin digits whatever the runtime's default locale.
    formatter = new Intl.DateTimeFormat('en-US-u-ca-gregory-nu-latn', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    });
    calendarFormatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(new Date(ms));
  const read = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return { year: read('year'), month: read('month'), day: read('day') };
}

function formatMonth(ms: Millis, timeZone: string, locale: string): string {
  const key = `${locale}\u0000${timeZone}`;
  let formatter = monthFormatters.get(key);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat(locale, { timeZone, month: 'long' });
    monthFormatters.set(key, formatter);
  }
  return formatter.format(new Date(ms));
}

function countDays(from: CalendarDate, to: CalendarDate): number {
  return Math.round((Date.UTC(to.year, to.month - 1, to.day) - Date.UTC(from.year, from.month - 1, from.day)) / DAY_MS);
}

/** Whole calendar months from `from` to `to` in `timeZone`, as an age is counted; 0 when `to` is earlier. */
export function countMonthsBetween(from: Millis, to: Millis, timeZone = 'UTC'): number {
  const a = readCalendarDate(from, timeZone);
  const b = readCalendarDate(to, timeZone);
  const months = (b.year - a.year) * 12 + (b.month - a.month) - (b.day < a.day ? 1 : 0);
  return Math.max(0, months);
}

const WEEKS = ['', 'a week ago', 'two weeks ago', 'three weeks ago'];

/**
 * When you were last in touch, as words that fit "we were last in touch ___",
 * by calendar days in `timeZone`:
 * the same day "earlier today"; 1 "yesterday"; 2-6 "a few days ago";
 * 7-27 "a week ago" / "two weeks ago" / "three weeks ago"; then, from 28 days,
 * the same month "earlier this month"; the previous month "last month"; the same
 * year "in March"; under 12 months "last March"; otherwise "in March 2024".
 * A time after `now` (a skewed clock) is "recently".
 */
export function describeLastContact(last: Millis, now: Millis, timeZone = 'UTC', locale = 'en-US'): string {
  const then = readCalendarDate(last, timeZone);
  const today = readCalendarDate(now, timeZone);
  const days = countDays(then, today);
  if (days < 0) return 'recently';
  if (days === 0) return 'earlier today';
  if (days === 1) return 'yesterday';
  if (days < 7) return 'a few days ago';
  if (days < 28) return WEEKS[Math.floor(days / 7)]!;
  const monthsApart = (today.year - then.year) * 12 + (today.month - then.month);
  if (monthsApart === 0) return 'earlier this month';
  if (monthsApart === 1) return 'last month';
  const month = formatMonth(last, timeZone, locale);
  if (today.year === then.year) return `in ${month}`;
  if (countMonthsBetween(last, now, timeZone) < 12) return `last ${month}`;
  return `in ${month} ${then.year}`;
}

/**
 * A cadence in days as people say it: up to 10 "every week", 20 "every couple
 * of weeks", 45 "every month", 75 "every couple of months", 135 "every few
 * months", 270 "every six months", beyond that "every year"; null (never) is ''.
 */
export function describeCadence(days: number | null): string {
  if (days === null || !(days > 0)) return '';
  if (days <= 10) return 'every week';
  if (days <= 20) return 'every couple of weeks';
  if (days <= 45) return 'every month';
  if (days <= 75) return 'every couple of months';
  if (days <= 135) return 'every few months';
  if (days <= 270) return 'every six months';
  return 'every year';
}

// ---------------------------------------------------------------------------
// Parsing and validation

/** A template that cannot be used, with where the problem is: "templates/reconnect.mustache:7: …". */
export class TemplateError extends Error {
  constructor(
    /** The file, or the sheet row an override came from. */
    readonly file: string,
    /** 1-based line in that file (for an override: in its subject or body cell). */
    readonly line: number,
    readonly detail: string,
    /** How to point at the line; "file:line" unless given. */
    where = `${file}:${line}`,
  ) {
    super(`${where}: ${detail}`);
    this.name = 'TemplateError';
  }
}

export interface ParsedTemplate {
  /** Kebab-case, e.g. "thank-you". */
  name: string;
  /** Where it came from, for messages: "templates/reconnect.mustache" or a Templates sheet row. */
  file: string;
  /** One line for the template picker; '' when none. */
  description: string;
  /** Mustache source of the subject, one line. */
  subject: string;
  /** Mustache source of the plain-text body. */
  body: string;
  /** Mustache source of the HTML body, or null to derive HTML from the plain text. */
  html: string | null;
}

const TAGS: [string, string] = ['{{', '}}'];
// A private writer: nothing else can change its tags, escaping or cache.
const writer = new Mustache.Writer();

const FRONT_FIELDS = ['subject', 'description'] as const;
const TEMPLATE_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

type Token = [type: string, value: string, start: number, end: number, children?: Token[]];

/** Where a piece of Mustache source sits, so errors name the user's line. */
interface SourcePart {
  text: string;
  file: string;
  /** File line of the part's first line. */
  firstLine: number;
  /** How to point at a line of the part; default "file:line". */
  locate?: (partLine: number) => string;
  html: boolean;
}

export interface ParseTemplateOptions {
  /** Shown in errors; default `<name>.mustache`. */
  file?: string;
  /** Source of the HTML body (`<name>.html.mustache`), a body only, no front section. */
  html?: string | null;
  htmlFile?: string;
}

/**
 * Parses a template file: a front section of `key: value` lines (`subject` is
 * required, `description` optional, `#` starts a comment), a line `---`, then
 * the plain-text body. Throws TemplateError with the file and line for a
 * Mustache syntax error, an unknown variable, a partial, a delimiter change or
 * a missing subject.
 */
export function parseTemplate(name: string, source: string, options: ParseTemplateOptions = {}): ParsedTemplate {
  const file = options.file ?? `${name}.mustache`;
  if (!TEMPLATE_NAME.test(name)) {
    throw new TemplateError(file, 1, `"${name}" is not a template name: use lower-case letters, digits and dashes`);
  }
  const lines = normalizeNewlines(source).split('\n');
  const dash = lines.findIndex((line) => line.trimEnd() === '---');
  if (dash === -1) {
    const hasSubject = lines.some((line) => /^subject\s*:/i.test(line));
    throw new TemplateError(
      file,
      hasSubject ? lines.length : 1,
      hasSubject
        ? 'missing the "---" line that ends the front section and starts the body'
        : 'missing subject line: a template starts with "subject: …", then a line "---", then the body',
    );
  }
  const fields = new Map<string, { value: string; line: number }>();
  for (let i = 0; i < dash; i++) {
    const line = lines[i]!;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const match = /^([A-Za-z][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (match === null) throw new TemplateError(file, i + 1, `expected "key: value" before "---", found "${line.trim()}"`);
    const key = match[1]!.toLowerCase();
    if (!(FRONT_FIELDS as readonly string[]).includes(key)) {
      throw new TemplateError(file, i + 1, `unknown field "${match[1]}"; the front section has ${FRONT_FIELDS.join(' and ')}`);
    }
    if (fields.has(key)) throw new TemplateError(file, i + 1, `"${key}" is given twice`);
    fields.set(key, { value: match[2]!.trim(), line: i + 1 });
  }
  const subject = fields.get('subject');
  if (subject === undefined) {
    throw new TemplateError(file, dash + 1, 'missing subject line: add "subject: …" above "---"');
  }
  if (subject.value === '') throw new TemplateError(file, subject.line, 'the subject is empty');
  validateMustache({ text: subject.value, file, firstLine: subject.line, html: false });
  const body = lines.slice(dash + 1).join('\n');
  if (body.trim() === '') throw new TemplateError(file, dash + 2, 'the body is empty');
  validateMustache({ text: body, file, firstLine: dash + 2, html: false });
  const html = options.html === undefined || options.html === null ? null : normalizeNewlines(options.html);
  if (html !== null) {
    const htmlFile = options.htmlFile ?? `${name}.html.mustache`;
    if (html.trim() === '') throw new TemplateError(htmlFile, 1, 'the HTML body is empty');
    validateMustache({ text: html, file: htmlFile, firstLine: 1, html: true });
  }
  return { name, file, description: fields.get('description')?.value ?? '', subject: subject.value, body, html };
}

/** A user's template from the Templates sheet: one row of name | subject | body. */
export interface TemplateOverride {
  name: string;
  subject: string;
  body: string;
  /** Where the row is, for messages, e.g. "Templates sheet, row 4"; default names the template. */
  origin?: string;
}

/** "Thank you", "thank_you" and "thank-you.mustache" all name the bundled "thank-you". */
export function normalizeTemplateName(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/\.mustache$/, '')
    .replace(/[\s_]+/g, '-');
}

/** Validates one override the same way as a bundled file; errors point at the row's subject or body line. */
export function parseTemplateOverride(override: TemplateOverride): ParsedTemplate {
  const name = normalizeTemplateName(override.name);
  const origin = override.origin ?? `Templates sheet, "${override.name.trim()}"`;
  if (!TEMPLATE_NAME.test(name)) {
    throw new TemplateError(origin, 1, `"${override.name.trim()}" is not a template name: use letters, digits and dashes, like "follow-up"`, origin);
  }
  const subjectText = normalizeNewlines(override.subject).trim();
  const locateSubject = (): string => `${origin}, subject`;
  if (subjectText === '') throw new TemplateError(origin, 1, 'the subject is empty', locateSubject());
  if (subjectText.includes('\n')) throw new TemplateError(origin, 1, 'the subject must be one line', locateSubject());
  validateMustache({ text: subjectText, file: origin, firstLine: 1, locate: locateSubject, html: false });
  const body = normalizeNewlines(override.body);
  const locateBody = (line: number): string => `${origin}, body line ${line}`;
  if (body.trim() === '') throw new TemplateError(origin, 1, 'the body is empty', locateBody(1));
  validateMustache({ text: body, file: origin, firstLine: 1, locate: locateBody, html: false });
  return { name, file: origin, description: '', subject: subjectText, body, html: null };
}

function normalizeNewlines(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function validateMustache(part: SourcePart): void {
  const fail = (offset: number, detail: string): TemplateError => {
    const partLine = lineAt(part.text, offset);
    const line = part.firstLine + partLine - 1;
    return new TemplateError(part.file, line, detail, part.locate?.(partLine));
  };
  let tokens: Token[];
  try {
    tokens = writer.parse(part.text, TAGS) as Token[];
  } catch (error) {
    const { offset, detail } = explainSyntaxError(part.text, error instanceof Error ? error.message : String(error));
    throw fail(offset, detail);
  }
  const walk = (list: Token[]): void => {
    for (const [type, value, start, end, children] of list) {
      const tag = part.text.slice(start, end);
      if (type === 'text' || type === '!') continue;
      if (type === '>') throw fail(start, `partials (${tag}) are not supported: put the text in the template itself`);
      if (type === '=') throw fail(start, `changing the delimiters (${tag}) is not supported`);
      if (type === '&' && part.html) {
        throw fail(start, `${tag} would insert the value unescaped into HTML: use {{${value}}} so it is escaped`);
      }
      if (!KNOWN_VARIABLES.has(value)) throw fail(start, describeUnknownVariable(tag, value));
      if (children !== undefined) walk(children);
    }
  };
  walk(tokens);
}

function describeUnknownVariable(tag: string, value: string): string {
  const guess = TEMPLATE_VARIABLES.map((v) => ({ v, d: measureEditDistance(v.toLowerCase(), value.toLowerCase()) })).sort(
    (a, b) => a.d - b.d,
  )[0]!;
  const hint = guess.d <= 2 ? ` Did you mean {{${guess.v}}}?` : '';
  return `unknown variable ${tag}.${hint} Known variables: ${TEMPLATE_VARIABLES.join(', ')}`;
}

function measureEditDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length]!;
}

/**
 * Mustache 4.2 reports syntax errors as "Unclosed tag at 12", "Unopened section
 * \"x\" at 12" or "Unclosed section \"x\" at 12" with a character offset
 * (mustache.js parseTemplate); this finds the tag a person should look at.
 */
function explainSyntaxError(text: string, message: string): { offset: number; detail: string } {
  const match = /^(Unclosed tag|Unopened section|Unclosed section)(?: "(.*)")? at (\d+)$/.exec(message);
  if (match === null) return { offset: 0, detail: `Mustache syntax error: ${message}` };
  const [, kind, section = '', at] = match;
  const offset = Number(at);
  if (kind === 'Unclosed tag') {
    return { offset: findUnclosedTag(text) ?? offset, detail: 'a tag opened with "{{" is never closed with "}}"' };
  }
  if (kind === 'Unopened section') {
    return { offset, detail: `{{/${section}}} closes a section that was never opened` };
  }
  const closing = /^\{\{\s*\/\s*([^}]*?)\s*\}\}/.exec(text.slice(offset));
  if (closing !== null) {
    return { offset, detail: `{{/${closing[1]}}} found while {{#${section}}} is still open: close it with {{/${section}}} first` };
  }
  return { offset: findLastOpening(text, section) ?? offset, detail: `section {{#${section}}} is never closed: add {{/${section}}}` };
}

function findUnclosedTag(text: string): number | null {
  for (let from = 0; ; ) {
    const open = text.indexOf('{{', from);
    if (open === -1) return null;
    const closer = text[open + 2] === '{' ? '}}}' : '}}';
    const close = text.indexOf(closer, open + 2);
    if (close === -1) return open;
    from = close + closer.length;
  }
}

function findLastOpening(text: string, section: string): number | null {
  const escaped = section.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  let last: number | null = null;
  for (const m of text.matchAll(new RegExp(`\\{\\{\\s*[#^]\\s*${escaped}\\s*\\}\\}`, 'g'))) last = m.index;
  return last;
}

// ---------------------------------------------------------------------------
// Rendering

export type TemplateFormat = 'text' | 'html';

export interface RenderedTemplate {
  /** One line; only used when the draft starts a new thread (a reply keeps the thread's subject). */
  subject: string;
  /** Plain text, never HTML-escaped. */
  body: string;
  /** Present for format 'html': the HTML variant, or the plain text as escaped paragraphs. */
  html?: string;
}

/**
 * Renders a parsed template. Values are inserted once and never re-read as
 * Mustache, so "{{", "<script>" or "=cmd|" in a name or subject stays literal
 * text; HTML bodies escape every value.
 */
export function renderTemplate(
  template: ParsedTemplate,
  view: TemplateView,
  options: { format: TemplateFormat } = { format: 'text' },
): RenderedTemplate {
  // Mustache looks names up with `in`, so a plain object would also answer
  // "constructor"; parsing already rejects such names, and this closes the door twice.
  const context: object = Object.assign(Object.create(null) as object, view);
  const plain = { tags: TAGS, escape: (value: unknown) => String(value) };
  const subject = collapseSpaces(writer.render(template.subject, context, undefined, plain));
  const body = tidyText(writer.render(template.body, context, undefined, plain));
  if (options.format === 'text') return { subject, body };
  const html =
    template.html === null
      ? convertTextToHtml(body)
      : tidyHtml(writer.render(template.html, context, undefined, { tags: TAGS, escape: escapeHtml }));
  return { subject, body, html };
}

/** Trailing spaces go, runs of blank lines left by empty sections become one, and the ends are trimmed. */
function tidyText(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\n+$/g, '');
}

function tidyHtml(html: string): string {
  // Blank lines mean nothing in HTML; dropping them and empty elements keeps the source as tidy as the text.
  return tidyText(html.replace(/<(p|li|ul|ol|div)>\s*<\/\1>/g, '')).replace(/\n{2,}/g, '\n');
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '/': '&#x2F;',
  '`': '&#x60;',
  '=': '&#x3D;',
};

/** The same characters mustache.js escapes, owned here so no global setting can weaken it. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"'`=/]/g, (c) => HTML_ESCAPES[c]!);
}

function convertTextToHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${paragraph.split('\n').map(escapeHtml).join('<br>\n')}</p>`)
    .join('\n');
}

// ---------------------------------------------------------------------------
// Artifact check

const TEXT_ARTIFACTS: ReadonlyArray<{ pattern: RegExp; problem: string }> = [
  // "Hi ,", "about .": a value or section that rendered empty. An ellipsis is fine.
  { pattern: /[^\S\n]+(?:[,;:!?]|\.(?!\.))/, problem: 'space before punctuation' },
  { pattern: /^[^\S\n]*(?:[,;:]|\.(?!\.))/m, problem: 'line starts with punctuation' },
  { pattern: /“\s*”|‘\s*’|"\s*"|\(\s*\)|\[\s*\]/, problem: 'empty quotes or brackets' },
  // Two spaces after a sentence are a habit, not an artifact; between words they mean a missing value.
  { pattern: /[^\s.!?:][^\S\n]{2,}\S/, problem: 'double space between words' },
];
const ENTITY = /&(?:[a-z]+|#\d+|#x[\da-f]+);/i;

/**
 * Signs that a template renders badly for some contact: an empty subject,
 * "Hi ,", "about .", “”, a double space, or an HTML entity in plain text.
 * The tests run it over every bundled template, and loadTemplates over every
 * override, against sample contacts with and without names, subjects and history.
 */
export function findRenderArtifacts(rendered: RenderedTemplate): string[] {
  const found: string[] = [];
  if (rendered.subject === '') found.push('subject: empty');
  const check = (label: string, text: string, entities: boolean): void => {
    for (const { pattern, problem } of TEXT_ARTIFACTS) {
      const m = pattern.exec(text);
      if (m !== null) found.push(`${label} line ${lineAt(text, m.index)}: ${problem} in "${quoteAround(text, m.index, m[0].length)}"`);
    }
    const entity = entities ? ENTITY.exec(text) : null;
    if (entity !== null) found.push(`${label} line ${lineAt(text, entity.index)}: HTML entity ${entity[0]} in plain text`);
  };
  check('subject', rendered.subject, true);
  check('body', rendered.body, true);
  if (rendered.html !== undefined) check('html', convertHtmlToText(rendered.html), false);
  return found;
}

function quoteAround(text: string, index: number, length: number): string {
  const start = Math.max(text.lastIndexOf('\n', index) + 1, index - 20);
  const newline = text.indexOf('\n', index + length);
  const end = Math.min(newline === -1 ? text.length : newline, index + length + 20);
  return text.slice(start, end);
}

const ENTITY_TEXT: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Readable text of an HTML body: one line per paragraph, line break or list item. */
export function convertHtmlToText(html: string): string {
  return tidyText(
    html
      .replace(/<br\s*\/?>\s*/gi, '\n')
      .replace(/<li(?:\s[^>]*)?>\s*/gi, '- ')
      .replace(/\s*<\/li>\s*/gi, '\n')
      .replace(/\s*<\/?(?:p|ul|ol|div|h[1-6])(?:\s[^>]*)?>\s*/gi, '\n\n')
      .replace(/<[^>]*>/g, '')
      .replace(/&(#x[\da-f]+|#\d+|[a-z]+);/gi, (entity, code: string) => {
        if (!code.startsWith('#')) return ENTITY_TEXT[code.toLowerCase()] ?? entity;
        const point = /^#x/i.test(code) ? parseInt(code.slice(2), 16) : Number(code.slice(1));
        return point <= 0x10ffff ? String.fromCodePoint(point) : entity;
      }),
  );
}

// ---------------------------------------------------------------------------
// Sample contacts, for checking a template renders well in every case

const SAMPLE_NOW = Date.UTC(2025, 10, 14, 12);
const SAMPLE_OWNER = { name: 'Alex Rivera', email: 'alex@example.com' };

function createSampleContact(fields: Partial<Contact>): Contact {
  return { ...emptyContact('sample@example.org', 0), ...fields };
}

/**
 * Views that between them take every branch the variables allow: a long gap
 * with everything known, a recent exchange you wrote last, an address with no
 * name or subject and no owner name, and a contact with no exchange at all.
 */
export function createSampleViews(): Array<{ label: string; view: TemplateView }> {
  const thread = (subject: string, date: Millis) => ({ id: 'm1', threadId: 't1', subject, date, messageId: '' });
  const march2024 = Date.UTC(2024, 2, 12, 9);
  const twoWeeksAgo = SAMPLE_NOW - 15 * DAY_MS;
  const contacts: Array<{ label: string; contact: Contact; owner: { name: string; email: string } }> = [
    {
      label: 'a contact with a name, a subject and a gap of over a year',
      contact: createSampleContact({
        email: 'ann.smith@example.org', name: 'Ann Smith', lastSent: march2024 - 3 * DAY_MS, lastReceived: march2024,
        sentCount: 4, receivedCount: 5,
        lastSentThread: thread('Q3 planning offsite', march2024 - 3 * DAY_MS), lastReceivedThread: thread('Re: Q3 planning offsite', march2024),
      }),
      owner: SAMPLE_OWNER,
    },
    {
      label: 'a contact you wrote to last, two weeks ago',
      contact: createSampleContact({
        email: 'jane.doe@example.org', name: 'Doe, Jane', lastSent: twoWeeksAgo, lastReceived: twoWeeksAgo - 20 * DAY_MS,
        sentCount: 2, receivedCount: 2, lastSentThread: thread('Intro to the data team', twoWeeksAgo),
      }),
      owner: SAMPLE_OWNER,
    },
    {
      label: 'a contact with no name or subject, who only ever wrote to you, and no owner name',
      contact: createSampleContact({
        email: 'j.smith@example.org', lastReceived: march2024, receivedCount: 1, lastReceivedThread: thread('', march2024),
      }),
      owner: { name: '', email: 'alex@example.com' },
    },
    {
      label: 'a contact you wrote to last, five months ago',
      contact: createSampleContact({
        email: 'kim.lee@example.org', name: 'Kim Lee', lastSent: SAMPLE_NOW - 150 * DAY_MS, lastReceived: SAMPLE_NOW - 160 * DAY_MS,
        sentCount: 3, receivedCount: 3, lastSentThread: thread('Conference notes', SAMPLE_NOW - 150 * DAY_MS),
      }),
      owner: SAMPLE_OWNER,
    },
    {
      label: 'a contact who wrote last, five weeks ago, with no subject',
      contact: createSampleContact({
        email: 'ravi@example.org', name: 'Ravi', lastSent: SAMPLE_NOW - 40 * DAY_MS, lastReceived: SAMPLE_NOW - 36 * DAY_MS,
        sentCount: 2, receivedCount: 2, lastReceivedThread: thread('', SAMPLE_NOW - 36 * DAY_MS),
      }),
      owner: SAMPLE_OWNER,
    },
    {
      label: 'a contact with no exchange at all',
      contact: createSampleContact({ email: 'someone@example.org' }),
      owner: { name: '', email: '' },
    },
  ];
  return contacts.map(({ label, contact, owner }) => ({
    label,
    view: buildTemplateView({ contact, assessment: assessContact(contact, SAMPLE_NOW, DEFAULT_POLICY), owner, now: SAMPLE_NOW }),
  }));
}

// ---------------------------------------------------------------------------
// Registry

export interface TemplateProblem {
  name: string;
  message: string;
}

export interface TemplateRegistry {
  /** By name: the bundled templates, each replaced by a valid override of the same name, then new overrides. */
  templates: Record<string, ParsedTemplate>;
  /** Overrides that could not be used, each saying what was used instead. */
  problems: TemplateProblem[];
}

const BUNDLED_FILE = /^([a-z0-9]+(?:-[a-z0-9]+)*)(\.html)?\.mustache$/;

/**
 * Bundled templates (file name → source, e.g. "reconnect.mustache" and
 * "reconnect.html.mustache") plus the user's overrides. A bundled template
 * that does not parse is a bug and throws; an override that does not parse,
 * or renders an artifact for a sample contact, is reported and the bundled
 * template of that name stays. An override has no HTML variant, so it renders
 * HTML from its plain text.
 */
export function loadTemplates(
  bundled: Readonly<Record<string, string>>,
  overrides: readonly TemplateOverride[] = [],
): TemplateRegistry {
  const templates: Record<string, ParsedTemplate> = Object.create(null) as Record<string, ParsedTemplate>;
  const htmlSources = new Map<string, string>();
  const textSources = new Map<string, string>();
  for (const [file, source] of Object.entries(bundled)) {
    const match = BUNDLED_FILE.exec(file);
    if (match === null) throw new TemplateError(`templates/${file}`, 1, 'not a template file name: expected <name>.mustache or <name>.html.mustache');
    (match[2] === undefined ? textSources : htmlSources).set(match[1]!, source);
  }
  for (const name of htmlSources.keys()) {
    if (!textSources.has(name)) throw new TemplateError(`templates/${name}.html.mustache`, 1, `there is no templates/${name}.mustache for it to go with`);
  }
  for (const name of [...textSources.keys()].sort()) {
    templates[name] = parseTemplate(name, textSources.get(name)!, {
      file: `templates/${name}.mustache`,
      html: htmlSources.get(name) ?? null,
      htmlFile: `templates/${name}.html.mustache`,
    });
  }

  const problems: TemplateProblem[] = [];
  const seen = new Set<string>();
  const samples = createSampleViews();
  for (const override of overrides) {
    const name = normalizeTemplateName(override.name);
    if (seen.has(name)) {
      problems.push({ name, message: `${override.origin ?? `"${override.name.trim()}"`}: the template "${name}" is defined twice; the first one is used.` });
      continue;
    }
    seen.add(name);
    const fallback = name in templates ? `The bundled "${name}" template is used instead.` : 'It is skipped until it is fixed.';
    let parsed: ParsedTemplate;
    try {
      parsed = parseTemplateOverride(override);
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      problems.push({ name, message: `${error.message}. ${fallback}` });
      continue;
    }
    const artifact = findSampleArtifact(parsed, samples);
    if (artifact !== null) {
      problems.push({
        name,
        message:
          `${parsed.file}: for ${artifact.label} it renders badly (${artifact.problem}). ` +
          `Wrap optional parts in {{#variable}}…{{/variable}}, or use {{greeting}}. ${fallback}`,
      });
      continue;
    }
    templates[name] = parsed;
  }
  // No prototype, so "constructor", "__proto__" or "toString" is no template (a name a user types).
  return { templates, problems };
}

function findSampleArtifact(
  template: ParsedTemplate,
  samples: ReadonlyArray<{ label: string; view: TemplateView }>,
): { label: string; problem: string } | null {
  for (const { label, view } of samples) {
    const [problem] = findRenderArtifacts(renderTemplate(template, view, { format: 'html' }));
    if (problem !== undefined) return { label, problem };
  }
  return null;
}
