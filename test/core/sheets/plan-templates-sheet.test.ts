import type { TemplateProblem } from '../../../src/core/load-templates';
import { parseTemplatesSheet, planTemplateNotes } from '../../../src/core/sheets/plan-templates-sheet';

const values = [
  ['Name', 'Subject', 'Body'],
  ['follow-up', 'Catching up', 'Hi'],
  ['broken', 'Hello', '{{#x}}'],
  ['', '', ''],
];

describe('parseTemplatesSheet', () => {
  it('reads rows with a name, each with its sheet row as origin', () => {
    expect(parseTemplatesSheet(values)).toEqual([
      { name: 'follow-up', subject: 'Catching up', body: 'Hi', row: 2 },
      { name: 'broken', subject: 'Hello', body: '{{#x}}', row: 3 },
    ]);
    expect(parseTemplatesSheet([['Subject'], ['x']])).toEqual([]);
  });
});

describe('planTemplateNotes', () => {
  it('notes a problem on its row, keeps the user’s note, and writes nothing when nothing changes', () => {
    const problem: TemplateProblem = { name: 'broken', file: 'Templates sheet, row 3', line: 1, row: 3, message: 'Templates sheet, row 3: unclosed section.' };
    const next = planTemplateNotes(values, [[''], ['mine'], ['Reconnect: old']], [problem])!;
    expect(next).toEqual([[''], ['Reconnect: Templates sheet, row 3: unclosed section.\n\nmine'], ['']]);
    expect(planTemplateNotes(values, next, [problem])).toBeNull();
    expect(planTemplateNotes([['Name']], [], [problem])).toBeNull();
    // A problem without a row (a bundled name overridden twice, say) goes on the row with its name.
    const byName = planTemplateNotes(values, [[''], [''], ['']], [{ ...problem, row: undefined }])!;
    expect(byName[1]![0]).toMatch(/^Reconnect: /);
  });
});
