import { loadTemplates } from '../../src/core/load-templates';

describe('loadTemplates', () => {
  const bundled = {
    'reconnect.mustache': 'subject: Hello\n---\n{{greeting}}\n\nBundled reconnect.',
    'reconnect.html.mustache': '<p>{{greeting}}</p>\n<p>Bundled reconnect.</p>',
    'thank-you.mustache': 'subject: Thanks\n---\n{{greeting}}\n\nThank you.',
  };

  it('loads the bundled templates, pairing each HTML body with its text', () => {
    const { templates, problems } = loadTemplates(bundled);
    expect(Object.keys(templates)).toEqual(['reconnect', 'thank-you']);
    expect(templates.reconnect).toMatchObject({ file: 'templates/reconnect.mustache', html: '<p>{{greeting}}</p>\n<p>Bundled reconnect.</p>' });
    expect(templates['thank-you']!.html).toBeNull();
    expect(problems).toEqual([]);
  });

  it('throws for a broken bundled template: that is a bug, not a user mistake', () => {
    expect(() => loadTemplates({ ...bundled, 'ask.mustache': 'subject: S\n---\n{{#x}}' })).toThrow('templates/ask.mustache:3: ');
    expect(() => loadTemplates({ 'ask.html.mustache': '<p>x</p>' })).toThrow('there is no templates/ask.mustache');
    expect(() => loadTemplates({ 'Ask.txt': 'x' })).toThrow('not a template file name');
  });

  it('uses a valid override in place of the bundled template, without the bundled HTML', () => {
    const { templates, problems } = loadTemplates(bundled, [{ name: 'Reconnect', subject: 'Long time', body: '{{greeting}}\n\nMine.', origin: 'Templates sheet, row 2' }]);
    expect(problems).toEqual([]);
    expect(templates.reconnect).toEqual({ name: 'reconnect', file: 'Templates sheet, row 2', description: '', subject: 'Long time', body: '{{greeting}}\n\nMine.', html: null });
  });

  it('reports a broken override and keeps the bundled template of that name', () => {
    const { templates, problems } = loadTemplates(bundled, [
      { name: 'reconnect', subject: 'Hi', body: 'Hello\n{{#lastSubject}}about {{lastSubject}}', origin: 'Templates sheet, row 3' },
    ]);
    expect(templates.reconnect!.file).toBe('templates/reconnect.mustache');
    expect(problems).toEqual([
      {
        name: 'reconnect',
        file: 'Templates sheet, row 3',
        line: 2,
        message: 'Templates sheet, row 3, body line 2: section {{#lastSubject}} is never closed: add {{/lastSubject}}. The bundled "reconnect" template is used instead.',
      },
    ]);
  });

  it('reports an override that renders "Hi ," for a contact with no first name', () => {
    const { templates, problems } = loadTemplates(bundled, [{ name: 'thank-you', subject: 'Thanks', body: 'Hi {{firstName}},\n\nThanks!', origin: 'Templates sheet, row 5' }]);
    expect(templates['thank-you']!.file).toBe('templates/thank-you.mustache');
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/^Templates sheet, row 5: for a contact with no name .* it renders badly \(body line 1: space before punctuation in "Hi ,"\)\. .*\{\{greeting\}\}\. The bundled "thank-you" template is used instead\.$/);
  });

  it('adds a new valid override and skips a new broken one', () => {
    const { templates, problems } = loadTemplates(bundled, [
      { name: 'Follow up', subject: 'Following up', body: '{{greeting}}\n\nFollowing up.' },
      { name: 'nudge', subject: 'Hi', body: '{{gretting}}' },
    ]);
    expect(Object.keys(templates)).toEqual(['reconnect', 'thank-you', 'follow-up']);
    expect(problems).toEqual([
      { name: 'nudge', file: 'Templates sheet, "nudge"', line: 1, message: expect.stringMatching(/^Templates sheet, "nudge", body line 1: unknown variable \{\{gretting\}\}\. Did you mean \{\{greeting\}\}\?.* It is skipped until it is fixed\.$/) },
    ]);
  });

  it('uses the first of two rows with the same name', () => {
    const { templates, problems } = loadTemplates(bundled, [
      { name: 'reconnect', subject: 'First', body: 'One.', origin: 'row 2' },
      { name: 'Reconnect', subject: 'Second', body: 'Two.', origin: 'row 3' },
    ]);
    expect(templates.reconnect!.subject).toBe('First');
    expect(problems).toEqual([{ name: 'reconnect', file: 'row 3', line: 1, message: 'row 3: the template "reconnect" is defined twice; the first one is used.' }]);
  });

  it('gives each problem of a sheet row its row, file and line as fields, and names the row in the message', () => {
    const { problems } = loadTemplates(bundled, [
      { name: 'nudge', subject: 'Hi', body: 'Hello.\n{{gretting}}', row: 4 },
      { name: 'Nudge', subject: 'Again', body: 'Again.', row: 6 },
      { name: 'thank-you', subject: 'Thanks', body: 'Hi {{firstName}},\n\nThanks!', row: 7 },
    ]);
    expect(problems.map(({ name, file, line, row }) => ({ name, file, line, row }))).toEqual([
      { name: 'nudge', file: 'Templates sheet, row 4', line: 2, row: 4 },
      { name: 'nudge', file: 'Templates sheet, row 6', line: 1, row: 6 },
      { name: 'thank-you', file: 'Templates sheet, row 7', line: 1, row: 7 },
    ]);
    expect(problems[0]!.message).toMatch(/^Templates sheet, row 4, body line 2: unknown variable \{\{gretting\}\}/);
    expect(problems[1]!.message).toBe('Templates sheet, row 6: the template "nudge" is defined twice; the first one is used.');
    expect(problems[2]!.message).toMatch(/^Templates sheet, row 7: for a contact with no name/);
  });

  it('leaves row out of a problem whose override did not come from a sheet row', () => {
    const { problems } = loadTemplates(bundled, [{ name: 'nudge', subject: 'Hi', body: '{{gretting}}' }]);
    expect(problems).toHaveLength(1);
    expect('row' in problems[0]!).toBe(false);
  });
});
