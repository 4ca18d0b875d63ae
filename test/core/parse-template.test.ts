import { TEMPLATE_VARIABLES } from '../../src/core/build-template-view';
import { normalizeTemplateName, parseTemplate, parseTemplateOverride, TemplateError } from '../../src/core/parse-template';

/** The error parseTemplate throws, so a test can look at its fields. */
function parseError(source: string, html?: string): TemplateError {
  try {
    parseTemplate('probe', source, { file: 'templates/probe.mustache', html });
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error('expected a TemplateError');
}

describe('parseTemplate', () => {
  it('splits the front section from the body, ignoring comments', () => {
    const t = parseTemplate('hello', '# a comment\ndescription: Says hi.\nsubject: Hi {{firstName}}\n---\n{{greeting}}\n\nBody.\n');
    expect(t).toEqual({
      name: 'hello', file: 'hello.mustache', description: 'Says hi.', subject: 'Hi {{firstName}}', body: '{{greeting}}\n\nBody.\n', html: null,
    });
  });

  it('accepts Windows line endings and a byte-order mark', () => {
    expect(parseTemplate('x', '\uFEFFsubject: S\r\n---\r\nBody\r\n').body).toBe('Body\n');
  });

  it.each([
    ['no front section at all', '{{greeting}}\nBody', 1, 'missing subject line'],
    ['a subject but no ---', 'subject: Hi\n{{greeting}}', 2, 'missing the "---" line'],
    ['--- but no subject', 'description: x\n---\nBody', 2, 'missing subject line: add "subject: …" above "---"'],
    ['an empty subject', 'subject:\n---\nBody', 1, 'the subject is empty'],
    ['an unknown field', 'subject: Hi\nsubjct: x\n---\nBody', 2, 'unknown field "subjct"'],
    ['a field given twice', 'subject: Hi\nsubject: Ho\n---\nBody', 2, '"subject" is given twice'],
    ['a line that is not key: value', 'subject: Hi\njust words\n---\nBody', 2, 'expected "key: value"'],
    ['an empty body', 'subject: Hi\n---\n\n  \n', 3, 'the body is empty'],
  ])('rejects %s', (_, source, line, message) => {
    const error = parseError(source);
    expect(error.line).toBe(line);
    expect(error.message).toContain(`templates/probe.mustache:${line}: `);
    expect(error.detail).toContain(message);
  });

  it('rejects an unknown variable with its file and line, and suggests the near miss', () => {
    const error = parseError('subject: Hi\n---\nHello,\n\nWe spoke {{lastContactDate}}.\n{{#frstName}}x{{/frstName}}\n');
    expect(error.message).toBe(
      `templates/probe.mustache:6: unknown variable {{#frstName}}. Did you mean {{firstName}}? Known variables: ${TEMPLATE_VARIABLES.join(', ')}`,
    );
  });

  it('rejects an unknown variable in the subject on the subject line', () => {
    expect(parseError('description: d\nsubject: Re {{subjekt}}\n---\nBody').message).toMatch(/^templates\/probe\.mustache:2: unknown variable \{\{subjekt\}\}\./);
  });

  it.each([
    ['dotted names', '{{owner.name}}', 'unknown variable {{owner.name}}'],
    ['the implicit iterator', '{{.}}', 'unknown variable {{.}}'],
    ['prototype names Mustache would find with `in`', '{{#constructor}}x{{/constructor}}', 'unknown variable {{#constructor}}'],
    ['partials', '{{> footer}}', 'partials ({{> footer}}) are not supported'],
    ['delimiter changes', '{{=<% %>=}}', 'changing the delimiters ({{=<% %>=}}) is not supported'],
  ])('rejects %s', (_, tag, message) => {
    const error = parseError(`subject: S\n---\nline one\n${tag}\n`);
    expect(error.line).toBe(4);
    expect(error.detail).toContain(message);
  });

  it.each([
    ['an unclosed section, at its opening tag', 'a\n{{#lastSubject}}\nb\nc\n', 4, 'section {{#lastSubject}} is never closed: add {{/lastSubject}}'],
    ['a section closed by the wrong tag', 'a\n{{#longGap}}\n{{^firstName}}\nx\n{{/longGap}}\n{{/firstName}}', 7, '{{/longGap}} found while {{#firstName}} is still open: close it with {{/firstName}} first'],
    ['a closing tag with no opening', 'a\nb {{/longGap}}\n', 4, '{{/longGap}} closes a section that was never opened'],
    ['an unclosed tag, at the tag', 'a {{greeting}}\nb {{firstName\nc\n', 4, 'a tag opened with "{{" is never closed with "}}"'],
  ])('maps a Mustache syntax error to a line: %s', (_, body, line, message) => {
    const error = parseError(`subject: S\n---\n${body}`);
    expect(error.message).toBe(`templates/probe.mustache:${line}: ${message}`);
  });

  it('checks the HTML body with its own file name, and refuses unescaped values there', () => {
    expect(parseTemplate('probe', 'subject: S\n---\nx', { html: '<p>{{greeting}}</p>' }).html).toBe('<p>{{greeting}}</p>');
    expect(() => parseTemplate('probe', 'subject: S\n---\nx', { html: '<p>\n{{{name}}}</p>' })).toThrow(
      'probe.html.mustache:2: {{{name}}} would insert the value unescaped into HTML: use {{name}} so it is escaped',
    );
    expect(() => parseTemplate('probe', 'subject: S\n---\nx', { html: '<p>{{&name}}</p>' })).toThrow('{{&name}} would insert');
    expect(() => parseTemplate('probe', 'subject: S\n---\nx', { html: '<p>{{nmae}}</p>' })).toThrow('probe.html.mustache:1: unknown variable {{nmae}}. Did you mean {{name}}?');
    // Plain text is never escaped, so the triple mustache is harmless there.
    expect(parseTemplate('probe', 'subject: S\n---\n{{{name}}}').body).toBe('{{{name}}}');
  });

  it('knows the gap variables, and suggests them for a typo', () => {
    expect(parseTemplate('probe', 'subject: S\n---\n{{#shortGap}}\nIt has been {{timeSince}}.\n{{/shortGap}}\n{{#mediumGap}}\nx\n{{/mediumGap}}\n').name).toBe('probe');
    expect(() => parseTemplate('probe', 'subject: S\n---\nIt has been {{timeSnce}}.')).toThrow('probe.mustache:3: unknown variable {{timeSnce}}. Did you mean {{timeSince}}?');
    expect(() => parseTemplate('probe', 'subject: S\n---\n{{#shortgap}}\nx\n{{/shortgap}}')).toThrow('Did you mean {{shortGap}}?');
  });

  it('rejects a name that is not kebab-case', () => {
    expect(() => parseTemplate('Thank You', 'subject: S\n---\nx')).toThrow(TemplateError);
  });
});

describe('parseTemplateOverride', () => {
  it('points at the row, and at the body line', () => {
    expect(() => parseTemplateOverride({ name: 'reconnect', subject: 'Hi', body: 'a\nb\n{{frstName}}', origin: 'Templates sheet, row 4' })).toThrow(
      /^Templates sheet, row 4, body line 3: unknown variable \{\{frstName\}\}\. Did you mean \{\{firstName\}\}\?/,
    );
    expect(() => parseTemplateOverride({ name: 'reconnect', subject: '{{#x}}', body: 'b', origin: 'Templates sheet, row 4' })).toThrow(
      /^Templates sheet, row 4, subject: /,
    );
    expect(() => parseTemplateOverride({ name: 'reconnect', subject: 'a\nb', body: 'b' })).toThrow('the subject must be one line');
    expect(() => parseTemplateOverride({ name: 'reconnect', subject: 'S', body: '  ' })).toThrow('the body is empty');
  });

  it('normalizes the name the way people type it', () => {
    expect(parseTemplateOverride({ name: ' Thank you ', subject: 'S', body: 'B' }).name).toBe('thank-you');
    expect(['thank_you', 'Thank-You', 'thank-you.mustache'].map(normalizeTemplateName)).toEqual(['thank-you', 'thank-you', 'thank-you']);
    expect(() => parseTemplateOverride({ name: 'héllo!', subject: 'S', body: 'B' })).toThrow('is not a template name');
  });
});
