/**
 * Parsing and validation of Mustache templates, bundled files and the user's
 * Templates sheet rows alike: every error names the file or row and the line.
 * The file format is documented in templates/README.md. Pure.
 */
import Mustache from 'mustache';
import { TEMPLATE_VARIABLES } from './build-template-view';

const KNOWN_VARIABLES: ReadonlySet<string> = new Set(TEMPLATE_VARIABLES);

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
  /** 1-based row of the Templates sheet it came from, so a problem can be put back on its row. */
  row?: number;
  /** Where it is, for messages; default "Templates sheet, row 4" from `row`, else one naming the template. */
  origin?: string;
}

/** How messages point at an override: its origin, else its sheet row, else its name. */
export function locateOverride(override: TemplateOverride): string {
  if (override.origin !== undefined) return override.origin;
  return override.row === undefined ? `Templates sheet, "${override.name.trim()}"` : `Templates sheet, row ${override.row}`;
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
  const origin = locateOverride(override);
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

/** The 1-based line of `text` that holds character `offset`. */
export function locateLine(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function validateMustache(part: SourcePart): void {
  const fail = (offset: number, detail: string): TemplateError => {
    const partLine = locateLine(part.text, offset);
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
