/**
 * Signs that a rendered template reads badly: a value or section that came
 * out empty and left "Hi ,", empty quotes, a double space or an HTML entity
 * in plain text. Pure.
 */
import { locateLine } from './parse-template';
import { type RenderedTemplate, tidyText } from './render-template';

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
      if (m !== null) found.push(`${label} line ${locateLine(text, m.index)}: ${problem} in "${quoteAround(text, m.index, m[0].length)}"`);
    }
    const entity = entities ? ENTITY.exec(text) : null;
    if (entity !== null) found.push(`${label} line ${locateLine(text, entity.index)}: HTML entity ${entity[0]} in plain text`);
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
