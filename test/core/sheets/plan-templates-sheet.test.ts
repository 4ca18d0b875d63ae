import type { TemplateProblem } from '../../../src/core/render-template';
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
      { name: 'follow-up', subject: 'Catching up', body: 'Hi', origin: 'Templates sheet, row 2' },
      { name: 'broken', subject: 'Hello', body: '{{#x}}', origin: 'Templates sheet, row 3' },
    ]);
    expect(parseTemplatesSheet([['Subject'], ['x']])).toEqual([]);
  });
});

describe('planTemplateNotes', () => {
  it('notes a problem on its row, keeps the user’s note, and writes nothing when nothing changes', () => {
    const problem: TemplateProblem = { name: 'broken', message: 'Templates sheet, row 3: unclosed section.' };
    const next = planTemplateNotes(values, [[''], ['mine'], ['Reconnect: old']], [problem])!;
    expect(next).toEqual([[''], ['Reconnect: Templates sheet, row 3: unclosed section.\n\nmine'], ['']]);
    expect(planTemplateNotes(values, next, [problem])).toBeNull();
    expect(planTemplateNotes([['Name']], [], [problem])).toBeNull();
  });
});
