/**
 * Renders a parsed template for one contact's variables: a subject, a
 * plain-text body and optionally an HTML body. Pure.
 */
import Mustache from 'mustache';
import type { TemplateView } from './build-template-view';
import type { ParsedTemplate } from './parse-template';
import { collapseSpaces } from './strip-controls';

const TAGS: [string, string] = ['{{', '}}'];
// A private writer: nothing else can change its tags, escaping or cache.
const writer = new Mustache.Writer();

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
export function tidyText(text: string): string {
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
