/**
 * The Templates tab: the user's own draft templates, one a row, read as
 * overrides for loadTemplates, and loadTemplates' problems planned as notes
 * on each row's Name cell (the user's own notes kept).
 */
import type { SheetValue } from '../parse-contact-edits';
import type { TemplateProblem } from '../load-templates';
import { normalizeTemplateName, type TemplateOverride } from '../parse-template';
import { addOwnNote, locateColumns, stripOwnNote } from './plan-contacts-sheet';
import type { ColumnSpec } from './report-columns';

export const TEMPLATE_COLUMNS: ReadonlyArray<ColumnSpec<'name' | 'subject' | 'body'>> = [
  { key: 'name', header: 'Name', kind: 'text', editable: true, width: 160 },
  { key: 'subject', header: 'Subject', kind: 'text', editable: true, width: 320 },
  { key: 'body', header: 'Body', kind: 'text', editable: true, width: 640 },
];

export const TEMPLATES_NOTE =
  'Your own draft templates, one a row. Name: a bundled name such as "reconnect" replaces that template; ' +
  'a new name adds one. Subject and Body use the same {{variables}} as the bundled templates ' +
  '(templates/README.md), e.g. {{greeting}} and {{#lastSubject}}…{{/lastSubject}}. ' +
  'Reconnect checks every row before using it and leaves a note on the Name when one cannot be used.';

/** The tab as read (header row first) as overrides; rows without a name are skipped. */
export function parseTemplatesSheet(values: readonly SheetValue[][]): TemplateOverride[] {
  const at = locateColumns(values[0] ?? [], TEMPLATE_COLUMNS);
  if (at.name === undefined) return [];
  const text = (row: readonly SheetValue[], i: number | undefined) => (i === undefined ? '' : String(row[i] ?? ''));
  const out: TemplateOverride[] = [];
  values.slice(1).forEach((row, i) => {
    const name = text(row, at.name);
    if (name.trim() === '') return;
    out.push({ name, subject: text(row, at.subject), body: text(row, at.body), row: i + 2 });
  });
  return out;
}

/** Where the Name cells are: 0-based column and the number of data rows; null when there is nothing to note. */
export function locateTemplateNames(values: readonly SheetValue[][]): { column: number; rows: number } | null {
  const column = locateColumns(values[0] ?? [], TEMPLATE_COLUMNS).name;
  if (column === undefined || values.length < 2) return null;
  return { column, rows: values.length - 1 };
}

/**
 * The Name column's notes (one per data row) with each problem on its row and
 * Reconnect's old notes taken off rows that are fine now; null when nothing changes.
 */
export function planTemplateNotes(values: readonly SheetValue[][], notes: readonly string[][], problems: readonly TemplateProblem[]): string[][] | null {
  const where = locateTemplateNames(values);
  if (where === null) return null;
  const names = values.slice(1).map((row) => normalizeTemplateName(String(row[where.column] ?? '')));
  const messages = new Map<number, string[]>();
  for (const problem of problems) {
    const index = problem.row !== undefined ? problem.row - 2 : names.indexOf(problem.name);
    if (index < 0 || index >= names.length) continue;
    messages.set(index, [...(messages.get(index) ?? []), problem.message]);
  }
  const next = notes.map(([note], i) => {
    const own = messages.get(i);
    return [own === undefined ? stripOwnNote(note ?? '') : addOwnNote(note ?? '', own.join(' '))];
  });
  return next.some(([note], i) => note !== notes[i]![0]) ? next : null;
}
