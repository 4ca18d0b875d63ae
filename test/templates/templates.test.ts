/** Every bundled template, rendered for people with rich and with almost no data: the text is the product. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { assessContact } from '../../src/core/assess-contact';
import { DAY_MS, type Contact, type ThreadRef } from '../../src/core/ledger';
import { buildTemplateView, TEMPLATE_VARIABLES, type TemplateView } from '../../src/core/build-template-view';
import { createSampleViews } from '../../src/core/create-sample-views';
import { convertHtmlToText, findRenderArtifacts } from '../../src/core/find-render-artifacts';
import type { ParsedTemplate } from '../../src/core/parse-template';
import { escapeHtml, renderTemplate } from '../../src/core/render-template';
import { DEFAULT_POLICY } from '../../src/core/settings';
import { loadBundledTemplates, readBundledTemplateSources, TEMPLATES_DIR } from '../../src/node/load-bundled-templates';

const ROOT = path.resolve(__dirname, '../..');
/** Friday 14 November 2025, 17:00 UTC. */
const NOW = Date.UTC(2025, 10, 14, 17);
const TIME_ZONE = 'Europe/London';
const BUNDLED = ['ask', 'interest', 'keep-in-touch', 'reconnect', 'thank-you'];
const WITH_PLACEHOLDERS = new Set(['ask']);

function contact(fields: Partial<Contact>): Contact {
  return {
    email: 'someone@example.org', name: '', nameDate: 0, firstSeen: 0, lastSent: null, lastReceived: null,
    sentCount: 0, receivedCount: 0, weakCount: 0, lastWeak: null, lastSentThread: null, lastReceivedThread: null, history: [], addresses: {}, sentDays: [], receivedDays: [],
    ...fields,
  };
}

function thread(subject: string, date: number): ThreadRef {
  return { id: `m${date}`, threadId: `t${date}`, subject, date, messageId: `<${date}@example.org>` };
}

function viewFor(c: Contact, owner: { name: string; email: string }): TemplateView {
  return buildTemplateView({ contact: c, assessment: assessContact(c, NOW, DEFAULT_POLICY), owner, now: NOW, timeZone: TIME_ZONE });
}

const march = Date.UTC(2024, 2, 12, 15, 30);
/** A long-lapsed colleague with everything known: name, subject, two-way history; she wrote last. */
const FULL = viewFor(
  contact({
    email: 'ann.smith@example.org', name: 'Ann Smith', firstSeen: Date.UTC(2021, 4, 3),
    lastSent: march - 4 * DAY_MS, lastReceived: march, sentCount: 6, receivedCount: 7,
    lastSentThread: thread('Q3 planning offsite', march - 4 * DAY_MS), lastReceivedThread: thread('Re: Q3 planning offsite', march),
    history: [19_400, 19_430, 19_460, 19_790, 19_794],
  }),
  { name: 'Alex Rivera', email: 'alex.rivera@example.com' },
);
/** An address only: no display name, no subject, they wrote once and you never did, and no owner name. */
const MINIMAL = viewFor(
  contact({ email: 'j.smith@example.net', lastReceived: Date.UTC(2025, 8, 2, 8), receivedCount: 1, lastReceivedThread: thread('', Date.UTC(2025, 8, 2, 8)) }),
  { name: '', email: 'alex.rivera@example.com' },
);

const VIEWS: Array<{ label: string; view: TemplateView }> = [
  { label: 'full data', view: FULL },
  { label: 'minimal data', view: MINIMAL },
  ...createSampleViews(),
];

const registry = loadBundledTemplates();
const templates: ParsedTemplate[] = Object.values(registry.templates);

describe('the reconnect template fits the gap and who wrote last', () => {
  const reconnect = () => registry.templates.reconnect!;
  const owner = { name: 'Alex Rivera', email: 'alex.rivera@example.com' };
  const at = (daysAgo: number) => NOW - daysAgo * DAY_MS;
  const person = (sentAgo: number, receivedAgo: number): Contact =>
    contact({
      email: 'kim@example.org', name: 'Kim Park', firstSeen: at(2000), lastSent: at(sentAgo), lastReceived: at(receivedAgo), sentCount: 5, receivedCount: 5,
      lastSentThread: thread('Trip photos', at(sentAgo)), lastReceivedThread: thread('Re: Trip photos', at(receivedAgo)),
    });
  const cases = [
    ['5 weeks, you wrote last', person(35, 40), /^It's been 5 weeks since we last spoke — longer than I meant to leave it, and that's on me\.$/m, /when I wrote to you about “Trip photos”/],
    ['5 weeks, they wrote last', person(40, 35), /^I owe you a reply about “Trip photos”, and I'm sorry it's taken me 5 weeks to get back to you\.$/m, /since then\./],
    ['6 months, you wrote last', person(213, 220), /^It's been a while since we spoke, and that's on me\.$/m, /We were last in touch in April, when I wrote to you/],
    ['6 months, they wrote last', person(220, 213), /^I never got back to you about “Trip photos” when you wrote in April, and that's on me\. 6 months is far too long/m, /since then\./],
    ['14 months, you wrote last', person(430, 440), /^Alex Rivera here — it's been over a year since we spoke, and that's on me\.$/m, /We were last in touch in September 2024, when I wrote to you/],
    ['14 months, they wrote last', person(440, 430), /^This is Alex Rivera — it's been over a year, and I never got back to you about “Trip photos” when you wrote in September 2024\./m, /since then\./],
  ] as const;

  it.each(cases)('%s: owns the gap in its own words, recalls the conversation, asks about them, thanks them', (_label, c, opening, recall) => {
    const { body } = renderTemplate(reconnect(), viewFor(c, owner));
    expect(body).toMatch(opening);
    expect(body).toMatch(recall);
    expect(body).toContain('What are you working on these days?');
    expect(body).toContain('Thanks, and I\'ll do a better job of keeping in touch from here.');
    expect(body.match(/that's on me|I owe you a reply|I'm sorry/g)?.length).toBeGreaterThanOrEqual(1);
  });

  it('never says "It\'s been a while" to someone you wrote to 18 days ago', () => {
    const { body } = renderTemplate(reconnect(), viewFor(person(18, 25), owner));
    expect(body).not.toContain("It's been a while");
    expect(body).toContain("It's been 2 weeks since we last spoke");
  });
});

describe('bundled templates', () => {
  it('are exactly the five, each parsed with a description, and nothing is reported', () => {
    expect(Object.keys(registry.templates).sort()).toEqual(BUNDLED);
    expect(registry.problems).toEqual([]);
    for (const t of templates) expect(t.description).not.toBe('');
    expect(templates.filter((t) => t.html !== null).map((t) => t.name).sort()).toEqual(['interest', 'reconnect']);
  });

  it('are read from the templates folder at the package root', () => {
    expect(TEMPLATES_DIR).toBe(path.join(ROOT, 'templates'));
    expect(Object.keys(readBundledTemplateSources())).toEqual([
      'ask.mustache', 'interest.html.mustache', 'interest.mustache', 'keep-in-touch.mustache', 'reconnect.html.mustache',
      'reconnect.mustache', 'thank-you.mustache',
    ]);
  });

  it('have the views they are checked against cover missing names, subjects and history', () => {
    expect(FULL).toMatchObject({ firstName: 'Ann', lastSubject: 'Q3 planning offsite', lastContactDate: 'in March 2024', longGap: true, theyWroteLast: true });
    expect(MINIMAL).toMatchObject({ firstName: '', name: '', lastSubject: '', ownerName: '', ownerFirstName: '', lastContactDate: 'in September', longGap: false, greeting: 'Hi there,' });
  });

  describe.each(BUNDLED)('%s', (name) => {
    const template = registry.templates[name]!;

    it.each(VIEWS.map((v) => [v.label, v.view] as const))('renders cleanly for %s', (_, view) => {
      const r = renderTemplate(template, view, { format: 'html' });
      expect(findRenderArtifacts(r)).toEqual([]);
      for (const text of [r.subject, r.body, r.html!]) {
        expect(text).not.toMatch(/\{\{|\}\}/);
        expect(text).not.toMatch(/Hi ,|Hi\s+,|\s,|about\s*\.|“”/);
        expect(text).not.toMatch(/\b(?:undefined|null|NaN)\b|\[object Object\]/);
        expect(text).not.toMatch(/[ \t]$/m);
        expect(text).not.toMatch(/\n\n\n/);
      }
      expect(r.body).not.toMatch(/&(?:amp|lt|gt|quot|#39|#x27|#x2F|#x3D);/);
      expect(r.body).toMatch(/^Hi (?:there|\S+),\n\n/);
      if (!WITH_PLACEHOLDERS.has(name)) expect(r.body).not.toContain('[');
    });

    it('has a subject fit for a new conversation', () => {
      for (const { view } of VIEWS) {
        const { subject } = renderTemplate(template, view);
        expect(subject).toMatch(/^\S.{2,50}\S$/);
        expect(subject).not.toMatch(/^(?:re|fwd?):/i);
      }
    });

    it('matches the committed text for full and minimal data', () => {
      const full = renderTemplate(template, FULL, { format: 'html' });
      expect(`Subject: ${full.subject}\n\n${full.body}\n`).toMatchSnapshot('text, full data');
      const minimal = renderTemplate(template, MINIMAL);
      expect(`Subject: ${minimal.subject}\n\n${minimal.body}\n`).toMatchSnapshot('text, minimal data');
      if (template.html !== null) expect(`${full.html}\n`).toMatchSnapshot('html, full data');
    });

    it('says the same words in HTML as in plain text', () => {
      for (const { view } of VIEWS) {
        const r = renderTemplate(template, view, { format: 'html' });
        const words = (text: string): string => text.replace(/\s+/g, ' ').trim();
        expect(words(convertHtmlToText(r.html!))).toBe(words(r.body));
      }
    });

    it('keeps hostile names and subjects as inert text', () => {
      const evil = {
        name: '{{greeting}} <script>alert(1)</script>',
        subject: `=cmd|' /C calc'!A0 {{#longGap}}x{{/longGap}} <script>alert(1)</script>`,
      };
      const view = viewFor(
        contact({ name: evil.name, lastReceived: march, receivedCount: 1, lastReceivedThread: thread(evil.subject, march) }),
        { name: '<img src=x onerror=alert(1)>', email: 'alex@example.com' },
      );
      expect(view.lastSubject).toBe(evil.subject);
      const r = renderTemplate(template, view, { format: 'html' });
      expect(r.body.startsWith('Hi there,\n')).toBe(true);
      expect(r.html).not.toMatch(/<(?:script|img)/i);
      if (template.body.includes('{{lastSubject}}')) {
        expect(r.body).toContain(`“${evil.subject}”`);
        expect(r.html).toContain(`“${escapeHtml(evil.subject)}”`);
      }
      // Straight into the view, past every clean-up buildTemplateView does.
      const raw: TemplateView = { ...FULL, firstName: '{{name}}', greeting: 'Hi <script>alert(1)</script>,', ownerFirstName: "=cmd|' /C calc'!A0", ownerName: '{{{email}}}' };
      const direct = renderTemplate(template, raw, { format: 'html' });
      expect(direct.body).toContain('Hi <script>alert(1)</script>,');
      expect(direct.body).toContain("=cmd|' /C calc'!A0");
      expect(direct.html).toContain('Hi &lt;script&gt;alert(1)&lt;&#x2F;script&gt;,');
      expect(direct.html).not.toContain('<script');
    });
  });
});

describe('the reconnect template', () => {
  const reconnect = registry.templates.reconnect!;

  it('owns the gap, recalls the last conversation, asks about their work and asks for nothing', () => {
    const { body } = renderTemplate(reconnect, FULL);
    expect(body).toContain("That's on me");
    expect(body).toContain('I never got back to you about “Q3 planning offsite” when you wrote in March 2024.');
    expect(body).toContain('What are you working on these days?');
    expect(body).not.toMatch(/introduc|recommend|favou?r/i);
    expect(body.endsWith('All the best,\nAlex')).toBe(true);
  });

  it('reintroduces the owner only after a long gap', () => {
    const mine = { ...FULL, lastDirection: 'sent' as const, youWroteLast: true, theyWroteLast: false };
    expect(renderTemplate(reconnect, mine).body).toContain("Alex Rivera here — it's been over a year since we spoke");
    expect(renderTemplate(reconnect, FULL).body).toContain("This is Alex Rivera — it's been over a year, and I never got back to you");
    expect(renderTemplate(reconnect, { ...mine, longGap: false, mediumGap: true, monthsSince: 5 }).body).toContain("\n\nIt's been a while since we spoke, and that's on me.");
    expect(renderTemplate(reconnect, { ...mine, longGap: false, mediumGap: true, monthsSince: 5 }).body).not.toContain('Alex Rivera');
    expect(renderTemplate(reconnect, { ...mine, ownerName: '' }).body).toContain("\n\nIt's been over a year since we spoke");
  });

  it('says who wrote last', () => {
    const mine = renderTemplate(reconnect, { ...FULL, lastDirection: 'sent', youWroteLast: true, theyWroteLast: false });
    expect(mine.body).toContain('when I wrote to you about “Q3 planning offsite”');
  });
});

describe('the ask template', () => {
  it('has blanks for the user, in square brackets, that are not variables', () => {
    const { body } = renderTemplate(registry.templates.ask!, FULL);
    expect(body).toContain("[who you'd like to meet]");
    expect(body).toMatch(/\[why[^\]]*\]/);
    expect(body).toContain('Thank you, Ann — I really appreciate it.');
    expect(renderTemplate(registry.templates.ask!, MINIMAL).body).toContain('Thank you — I really appreciate it.');
  });
});

describe('overrides of the bundled templates', () => {
  it('fall back to the bundled template when broken, and say so', () => {
    const { templates: loaded, problems } = loadBundledTemplates([
      { name: 'Reconnect', subject: 'Hello', body: '{{greeting}}\n\nWe spoke {{lastContactDate}} about {{lastSubjet}}.', origin: 'Templates sheet, row 2' },
      { name: 'keep in touch', subject: 'Hey', body: '{{greeting}}\n\nJust saying hello.', origin: 'Templates sheet, row 3' },
    ]);
    expect(problems).toEqual([
      {
        name: 'reconnect',
        file: 'Templates sheet, row 2',
        line: 3,
        message: expect.stringMatching(
          /^Templates sheet, row 2, body line 3: unknown variable \{\{lastSubjet\}\}\. Did you mean \{\{lastSubject\}\}\?.*The bundled "reconnect" template is used instead\.$/,
        ),
      },
    ]);
    expect(loaded.reconnect).toEqual(registry.templates.reconnect);
    expect(loaded['keep-in-touch']!.file).toBe('Templates sheet, row 3');
  });
});

describe('templates/README.md', () => {
  const readme = readFileSync(path.join(ROOT, 'templates/README.md'), 'utf8');

  it('documents every variable and every bundled template', () => {
    for (const variable of TEMPLATE_VARIABLES) expect(readme).toContain(`| \`${variable}\` |`);
    for (const name of BUNDLED) expect(readme).toContain(`| \`${name}\` |`);
  });
});
