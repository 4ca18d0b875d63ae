import fc from 'fast-check';
import type { TemplateView } from '../../src/core/build-template-view';
import { parseTemplate } from '../../src/core/parse-template';
import { escapeHtml, renderTemplate } from '../../src/core/render-template';

const FULL_VIEW: TemplateView = {
  firstName: 'Ann', name: 'Ann Smith', email: 'ann.smith@example.org', ownerName: 'Alex Rivera', ownerFirstName: 'Alex',
  lastSubject: 'Q3 planning', lastContactDate: 'in March 2024', monthsSince: 20, lastDirection: 'received',
  youWroteLast: false, theyWroteLast: true, cadence: 'every few months', longGap: true, greeting: 'Hi Ann,',
  shortGap: false, mediumGap: false, timeSince: '20 months',
};

describe('renderTemplate', () => {
  const probe = parseTemplate(
    'probe',
    'subject: {{#lastSubject}}About {{lastSubject}}{{/lastSubject}}{{^lastSubject}}Hello{{/lastSubject}}\n---\n{{greeting}}\n\n[{{firstName}}] [{{name}}] [{{{name}}}] [{{lastSubject}}]\n',
  );

  it('does not HTML-escape plain text', () => {
    const r = renderTemplate(probe, { ...FULL_VIEW, name: `Ann & Bob "The Team" <ab@example.org>`, lastSubject: "Q&A: what's next?" });
    expect(r.body).toBe(`Hi Ann,\n\n[Ann] [Ann & Bob "The Team" <ab@example.org>] [Ann & Bob "The Team" <ab@example.org>] [Q&A: what's next?]`);
    expect(r.subject).toBe("About Q&A: what's next?");
    expect(r.html).toBeUndefined();
  });

  it.each([
    ['Mustache tags', '{{greeting}} {{#longGap}}x{{/longGap}} {{> partial}} {{=<% %>=}}'],
    ['a script tag', '<script>alert(1)</script>'],
    ['a spreadsheet formula', "=cmd|' /C calc'!A0"],
    ['a template literal and an entity', '${process.exit()} &amp; `x`'],
  ])('renders %s in a value as inert text: literal in plain text, escaped in HTML', (_, evil) => {
    const v = { ...FULL_VIEW, firstName: evil, name: evil, lastSubject: evil };
    const r = renderTemplate(probe, v, { format: 'html' });
    expect(r.body).toBe(`Hi Ann,\n\n[${evil}] [${evil}] [${evil}] [${evil}]`);
    expect(r.subject).toBe(`About ${evil}`);
    expect(r.html).toBe(`<p>Hi Ann,</p>\n<p>[${escapeHtml(evil)}] [${escapeHtml(evil)}] [${escapeHtml(evil)}] [${escapeHtml(evil)}]</p>`);
    expect(r.html).not.toContain('<script');
  });

  it('keeps any value inert', () => {
    fc.assert(
      // buildTemplateView never yields a line break in a value; everything else goes.
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }).filter((s) => !/[\r\n]/.test(s)), (value) => {
        const r = renderTemplate(probe, { ...FULL_VIEW, firstName: value, name: value, lastSubject: value }, { format: 'html' });
        expect(r.body.split('\n\n')[1]).toBe(`[${value}] [${value}] [${value}] [${value}]`);
        expect(r.html).not.toMatch(/<(?!\/?p>|br>)/);
      }),
    );
  });

  it('escapes values in an HTML body', () => {
    const t = parseTemplate('probe', 'subject: S\n---\nx', { html: '<p>{{greeting}} {{lastSubject}}</p>' });
    expect(renderTemplate(t, { ...FULL_VIEW, lastSubject: `<b onclick="x">'hi'</b>` }, { format: 'html' }).html).toBe(
      '<p>Hi Ann, &lt;b onclick&#x3D;&quot;x&quot;&gt;&#39;hi&#39;&lt;&#x2F;b&gt;</p>',
    );
  });

  it('ignores a global change to Mustache.escape', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mustache = require('mustache') as { escape: (s: string) => string };
    const original = mustache.escape;
    mustache.escape = (s) => s;
    try {
      const t = parseTemplate('probe', 'subject: S\n---\nx', { html: '<p>{{lastSubject}}</p>' });
      expect(renderTemplate(t, { ...FULL_VIEW, lastSubject: '<i>' }, { format: 'html' }).html).toBe('<p>&lt;i&gt;</p>');
    } finally {
      mustache.escape = original;
    }
  });

  it('collapses blank lines left by empty sections and trims trailing spaces', () => {
    const t = parseTemplate('probe', 'subject:   Hello   {{firstName}}  \n---\n\n{{greeting}}   \n\n{{#lastSubject}}\nAbout {{lastSubject}}.\n{{/lastSubject}}\n\n\n{{name}}\n\nEnd.  \n\n');
    expect(renderTemplate(t, { ...FULL_VIEW, lastSubject: '', name: '' })).toEqual({ subject: 'Hello Ann', body: 'Hi Ann,\n\nEnd.' });
  });

  it('makes HTML from the plain text when there is no HTML variant', () => {
    const t = parseTemplate('probe', 'subject: S\n---\n{{greeting}}\n\nOne <b>\nTwo & three\n\n{{lastSubject}}');
    expect(renderTemplate(t, { ...FULL_VIEW, lastSubject: '<x>' }, { format: 'html' }).html).toBe(
      '<p>Hi Ann,</p>\n<p>One &lt;b&gt;<br>\nTwo &amp; three</p>\n<p>&lt;x&gt;</p>',
    );
  });

  it('removes empty paragraphs from an HTML variant', () => {
    const t = parseTemplate('probe', 'subject: S\n---\nx', { html: '<p>{{greeting}}</p>\n<p>{{lastSubject}}</p>\n<p>End</p>' });
    expect(renderTemplate(t, { ...FULL_VIEW, lastSubject: '' }, { format: 'html' }).html).toBe('<p>Hi Ann,</p>\n<p>End</p>');
  });
});
