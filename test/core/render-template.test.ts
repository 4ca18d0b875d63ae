import fc from 'fast-check';
import { assessContact } from '../../src/core/assess-contact';
import { DAY_MS, type Contact, type ThreadRef } from '../../src/core/ledger';
import {
  buildTemplateView,
  cleanDisplayName,
  cleanSubject,
  convertHtmlToText,
  countMonthsBetween,
  createSampleViews,
  describeCadence,
  describeLastContact,
  escapeHtml,
  extractFirstName,
  findRenderArtifacts,
  loadTemplates,
  normalizeTemplateName,
  parseTemplate,
  parseTemplateOverride,
  renderTemplate,
  TEMPLATE_VARIABLES,
  TemplateError,
  type TemplateView,
} from '../../src/core/render-template';
import { DEFAULT_POLICY } from '../../src/core/settings';

/** Friday 14 November 2025, 17:00 UTC: 09:00 in Los Angeles, 02:00 on the 15th in Tokyo. */
const NOW = Date.UTC(2025, 10, 14, 17);
const OWNER = { name: 'Alex Rivera', email: 'alex@example.com' };

function contact(fields: Partial<Contact>): Contact {
  return {
    email: 'ann.smith@example.org', name: 'Ann Smith', nameDate: 0, firstSeen: 0, lastSent: null, lastReceived: null,
    sentCount: 0, receivedCount: 0, weakCount: 0, lastWeak: null, lastSentThread: null, lastReceivedThread: null, history: [], addresses: {}, sentDays: [], receivedDays: [],
    ...fields,
  };
}

function thread(subject: string, date: number): ThreadRef {
  return { id: 'm1', threadId: 't1', subject, date, messageId: '' };
}

function view(fields: Partial<Contact>, options: { owner?: { name: string; email: string }; timeZone?: string } = {}): TemplateView {
  const c = contact(fields);
  return buildTemplateView({
    contact: c, assessment: assessContact(c, NOW, DEFAULT_POLICY), owner: options.owner ?? OWNER, now: NOW, timeZone: options.timeZone,
  });
}

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

const FULL_VIEW: TemplateView = {
  firstName: 'Ann', name: 'Ann Smith', email: 'ann.smith@example.org', ownerName: 'Alex Rivera', ownerFirstName: 'Alex',
  lastSubject: 'Q3 planning', lastContactDate: 'in March 2024', monthsSince: 20, lastDirection: 'received',
  youWroteLast: false, theyWroteLast: true, cadence: 'every few months', longGap: true, greeting: 'Hi Ann,',
  shortGap: false, mediumGap: false, timeSince: '20 months',
};

describe('the gap variables', () => {
  const NOW = Date.UTC(2026, 10, 1, 9);
  const gap = (daysAgo: number) => {
    const c: Contact = { ...contact({}), lastSent: NOW - daysAgo * DAY_MS, sentCount: 1 };
    const view = buildTemplateView({ contact: c, assessment: assessContact(c, NOW, DEFAULT_POLICY), owner: { name: '', email: '' }, now: NOW });
    return [view.shortGap, view.mediumGap, view.longGap, view.timeSince];
  };

  it.each([
    [3, [true, false, false, 'a few days']],
    [35, [true, false, false, '5 weeks']],
    [62, [true, false, false, '2 months']],
    [93, [false, true, false, '3 months']],
    [300, [false, true, false, '9 months']],
    [366, [false, false, true, '12 months']],
    [430, [false, false, true, '14 months']],
    [1100, [false, false, true, '3 years']],
  ] as Array<[number, unknown[]]>)('%i days ago: short, medium, long and the words', (days, expected) => {
    expect(gap(days)).toEqual(expected);
  });

  it('exactly one of them holds when there was an exchange, none when there was not', () => {
    for (let days = 0; days < 1500; days += 7) expect(gap(days).slice(0, 3).filter(Boolean)).toHaveLength(1);
    const none = buildTemplateView({ contact: contact({}), assessment: assessContact(contact({}), NOW, DEFAULT_POLICY), owner: { name: '', email: '' }, now: NOW });
    expect([none.shortGap, none.mediumGap, none.longGap, none.timeSince]).toEqual([false, false, false, '']);
  });
});

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

describe('extractFirstName', () => {
  it.each([
    ['Ann Smith', 'ann@example.org', 'Ann'],
    ['Doe, Jane', '', 'Jane'],
    ['Doe, Jane Marie', '', 'Jane'],
    ['Jane Doe, PhD', '', 'Jane'],
    ['Dr. Ann Smith', '', 'Ann'],
    ['Prof Ann Smith', '', 'Ann'],
    ['Dr. Smith', '', ''],
    ['J. Robert Smith', '', 'Robert'],
    ['J. Smith', '', ''],
    ['ANN SMITH', '', 'Ann'],
    ['jean-luc picard', '', 'Jean-Luc'],
    ["o'brien", 'pat@example.org', "O'Brien"],
    ['McKenzie Jones', '', 'McKenzie'],
    ['"Ann Smith"', '', 'Ann'],
    ["'Ann Smith' (Acme)", '', 'Ann'],
    ['[EXT] Ann Smith', '', 'Ann'],
    ['Zoë Ångström', '', 'Zoë'],
    ['  Ann\t Smith ', '', 'Ann'],
    ['', 'ann@example.org', ''],
    ['ann@example.org', 'ann@example.org', ''],
    ["'ann.smith@example.org'", 'ann.smith@example.org', ''],
    ['jsmith', 'jsmith@example.org', ''],
    ['ann.smith', 'ann.smith@example.org', ''],
    ['Acme Support', '', ''],
    ['The Sales Team', '', ''],
    ['Acme, Inc.', '', ''],
    ['Ann2 Smith', '', ''],
    ['J', '', ''],
    ['???', '', ''],
    ['{{greeting}}', '', ''],
    ["=cmd|' /C calc'!A0", '', ''],
    ['<script>alert(1)</script>', '', ''],
  ])('%j → %j', (name, email, expected) => {
    expect(extractFirstName(name, email)).toBe(expected);
  });
});

describe('cleanDisplayName', () => {
  it.each([
    ['Doe, Jane', 'Jane Doe'],
    ['Jane Doe, PhD', 'Jane Doe, PhD'],
    ['"Ann  Smith" (Acme)', 'Ann Smith'],
    ['ann@example.org', ''],
    ['---', ''],
    ['Ann\u202Ehtims', 'Ann htims'],
  ])('%j → %j', (raw, expected) => {
    expect(cleanDisplayName(raw)).toBe(expected);
  });
});

describe('cleanSubject', () => {
  it.each([
    ['Q3 planning', 'Q3 planning'],
    ['Re: Q3 planning', 'Q3 planning'],
    ['RE: Fwd: re: Q3 planning', 'Q3 planning'],
    ['AW: WG: Angebot', 'Angebot'],
    ['Re[2]: Lunch', 'Lunch'],
    ['SV： Möte', 'Möte'],
    ['[EXTERNAL] Re: Contract', 'Contract'],
    ['Re:   multi\r\n line\tsubject ', 'multi line subject'],
    ['Re: Re:', ''],
    ['(no subject)', ''],
    ['', ''],
    ['---', ''],
    ['Regarding the offsite', 'Regarding the offsite'],
    [`Re: ${'word '.repeat(30)}`, `${'word '.repeat(15).trim()}…`],
  ])('%j → %j', (raw, expected) => {
    expect(cleanSubject(raw)).toBe(expected);
  });
});

describe('describeLastContact', () => {
  const at = (iso: string): number => Date.parse(iso);
  it.each([
    // [last contact, zone, words] with NOW = 2025-11-14T17:00Z.
    ['2025-11-14T10:00:00Z', 'UTC', 'earlier today'],
    ['2025-11-14T07:59:00Z', 'America/Los_Angeles', 'yesterday'], // 23:59 on the 13th in LA
    ['2025-11-14T08:00:00Z', 'America/Los_Angeles', 'earlier today'],
    ['2025-11-14T10:00:00Z', 'Asia/Tokyo', 'yesterday'], // now is already the 15th in Tokyo
    ['2025-11-13T12:00:00Z', 'UTC', 'yesterday'],
    ['2025-11-12T12:00:00Z', 'UTC', 'a few days ago'],
    ['2025-11-08T12:00:00Z', 'UTC', 'a few days ago'],
    ['2025-11-07T12:00:00Z', 'UTC', 'a week ago'],
    ['2025-10-31T12:00:00Z', 'UTC', 'two weeks ago'],
    ['2025-10-24T12:00:00Z', 'UTC', 'three weeks ago'],
    ['2025-10-18T12:00:00Z', 'UTC', 'three weeks ago'],
    ['2025-10-17T12:00:00Z', 'UTC', 'last month'],
    ['2025-10-01T12:00:00Z', 'UTC', 'last month'],
    ['2025-09-30T12:00:00Z', 'UTC', 'in September'],
    ['2025-01-01T00:30:00Z', 'UTC', 'in January'],
    ['2025-01-01T00:30:00Z', 'America/New_York', 'last December'], // 19:30 on 31 December 2024 in New York
    ['2024-12-05T12:00:00Z', 'UTC', 'last December'],
    ['2024-11-15T12:00:00Z', 'UTC', 'last November'],
    ['2024-11-14T12:00:00Z', 'UTC', 'in November 2024'],
    ['2024-03-12T12:00:00Z', 'UTC', 'in March 2024'],
    ['2019-07-04T12:00:00Z', 'UTC', 'in July 2019'],
    ['2025-11-20T12:00:00Z', 'UTC', 'recently'],
  ])('%s in %s → %s', (last, zone, words) => {
    expect(describeLastContact(at(last), NOW, zone)).toBe(words);
  });

  it('says "earlier this month" for four weeks inside one month', () => {
    expect(describeLastContact(Date.UTC(2025, 2, 1), Date.UTC(2025, 2, 30), 'UTC')).toBe('earlier this month');
  });

  it('names the month in the given locale', () => {
    expect(describeLastContact(Date.UTC(2024, 2, 12), NOW, 'UTC', 'de-DE')).toBe('in März 2024');
  });

  it('throws for an unknown time zone rather than guessing one', () => {
    expect(() => describeLastContact(NOW, NOW, 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('countMonthsBetween', () => {
  it.each([
    [Date.UTC(2025, 2, 12), Date.UTC(2025, 3, 11), 0],
    [Date.UTC(2025, 2, 12), Date.UTC(2025, 3, 12), 1],
    [Date.UTC(2024, 10, 14, 12), NOW, 12],
    [Date.UTC(2024, 10, 15), NOW, 11],
    [NOW + DAY_MS, NOW, 0],
  ])('%i → %i is %i months', (from, to, months) => {
    expect(countMonthsBetween(from, to)).toBe(months);
  });
});

describe('describeCadence', () => {
  it.each([
    [7, 'every week'],
    [10, 'every week'],
    [14, 'every couple of weeks'],
    [30, 'every month'],
    [60, 'every couple of months'],
    [90, 'every few months'],
    [180, 'every six months'],
    [365, 'every year'],
    [null, ''],
  ])('%p days → %j', (days, words) => {
    expect(describeCadence(days)).toBe(words);
  });
});

describe('buildTemplateView', () => {
  const march = Date.UTC(2024, 2, 12, 15);

  it('computes every variable for a contact with full data', () => {
    const v = view(
      {
        lastSent: march - 4 * DAY_MS, lastReceived: march, sentCount: 3, receivedCount: 4,
        lastSentThread: thread('Q3 planning offsite', march - 4 * DAY_MS), lastReceivedThread: thread('Re: Q3 planning offsite', march),
      },
      { timeZone: 'Europe/London' },
    );
    expect(v).toEqual({
      firstName: 'Ann', name: 'Ann Smith', email: 'ann.smith@example.org', ownerName: 'Alex Rivera', ownerFirstName: 'Alex',
      lastSubject: 'Q3 planning offsite', lastContactDate: 'in March 2024', monthsSince: 20, lastDirection: 'received',
      youWroteLast: false, theyWroteLast: true, cadence: 'every few months', longGap: true, greeting: 'Hi Ann,',
      shortGap: false, mediumGap: false, timeSince: '20 months',
    });
    expect(Object.keys(v).sort()).toEqual([...TEMPLATE_VARIABLES].sort());
  });

  it('has safe empty values for an address with nothing else known', () => {
    const v = view({ email: 'jsmith@example.net', name: 'jsmith', lastReceived: NOW - 40 * DAY_MS, receivedCount: 1 }, { owner: { name: '', email: 'me@example.com' } });
    expect(v).toMatchObject({
      firstName: '', name: 'jsmith', ownerName: '', ownerFirstName: '', lastSubject: '', lastContactDate: 'last month',
      monthsSince: 1, lastDirection: 'received', youWroteLast: false, theyWroteLast: true, longGap: false, greeting: 'Hi there,',
    });
  });

  it('takes the subject from the thread in the last direction only, so "when I wrote to you about" is true', () => {
    const v = view({ lastSent: NOW - 10 * DAY_MS, lastReceived: NOW - 20 * DAY_MS, lastReceivedThread: thread('Their topic', NOW - 20 * DAY_MS) });
    expect(v).toMatchObject({ lastDirection: 'sent', youWroteLast: true, lastSubject: '' });
  });

  it('leaves date-dependent values empty when there was no exchange', () => {
    expect(view({ lastSentThread: thread('Orphan', NOW) })).toMatchObject({
      lastSubject: '', lastContactDate: '', monthsSince: null, lastDirection: '', youWroteLast: false, theyWroteLast: false, longGap: false,
    });
  });

  it('sets longGap from twelve calendar months', () => {
    expect(view({ lastSent: Date.UTC(2024, 10, 14, 12) }).longGap).toBe(true);
    expect(view({ lastSent: Date.UTC(2024, 10, 15, 12) }).longGap).toBe(false);
  });

  it('depends only on its input: the same input gives the same view', () => {
    const fields = { lastSent: march, lastSentThread: thread('Hello', march) };
    expect(view(fields, { timeZone: 'Asia/Tokyo' })).toEqual(view(fields, { timeZone: 'Asia/Tokyo' }));
  });

  it('never produces a broken greeting or a multi-line value, whatever the headers say', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 120 }), (name, subject) => {
        const v = view({ name, lastSent: NOW - 400 * DAY_MS, lastSentThread: thread(subject, NOW - 400 * DAY_MS) });
        expect(v.greeting).toMatch(/^Hi (?:there|[\p{L}\p{M}'’-]{2,}),$/u);
        expect(v.firstName).not.toMatch(/[\s{}<>=|@]/);
        for (const value of [v.name, v.lastSubject, v.firstName]) expect(value).not.toMatch(/[\r\n\t\u202E]|^\s|\s$/);
        expect(v.lastSubject.length).toBeLessThanOrEqual(80);
      }),
    );
  });
});

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

describe('findRenderArtifacts', () => {
  const text = (body: string, subject = 'S') => findRenderArtifacts({ subject, body });

  it.each([
    ['Hi ,\n\nBody', 'body line 1: space before punctuation in "Hi ,"'],
    ['We wrote about .', 'space before punctuation'],
    ['We wrote about “”.', 'empty quotes or brackets'],
    ['Thanks\n, Ann', 'line starts with punctuation'],
    ['It has been  months.', 'double space between words'],
    ['Tom &amp; Jerry', 'HTML entity &amp; in plain text'],
    ['It&#39;s me', 'HTML entity &#39; in plain text'],
  ])('finds %j', (body, problem) => {
    expect(text(body).join('\n')).toContain(problem);
  });

  it('finds an empty subject and artifacts in HTML', () => {
    expect(text('Fine.', '')).toEqual(['subject: empty']);
    expect(findRenderArtifacts({ subject: 'S', body: 'Fine.', html: '<p>Hi <b></b>,</p>' })).toEqual(['html line 1: space before punctuation in "Hi ,"']);
  });

  it('accepts ordinary writing', () => {
    expect(text('Hi there,\n\nWait... really?  Yes. Two spaces after a sentence are fine.\n- A list\n\n[who you\'d like to meet]')).toEqual([]);
  });

  it('reads HTML as text', () => {
    expect(convertHtmlToText('<p>Hi &amp; bye,<br>\nAnn</p>\n<ul>\n<li>One</li>\n<li>Two &#x2F; &#39;three&#39;</li>\n</ul>')).toBe("Hi & bye,\nAnn\n\n- One\n- Two / 'three'");
  });
});

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
      { name: 'nudge', message: expect.stringMatching(/^Templates sheet, "nudge", body line 1: unknown variable \{\{gretting\}\}\. Did you mean \{\{greeting\}\}\?.* It is skipped until it is fixed\.$/) },
    ]);
  });

  it('uses the first of two rows with the same name', () => {
    const { templates, problems } = loadTemplates(bundled, [
      { name: 'reconnect', subject: 'First', body: 'One.', origin: 'row 2' },
      { name: 'Reconnect', subject: 'Second', body: 'Two.', origin: 'row 3' },
    ]);
    expect(templates.reconnect!.subject).toBe('First');
    expect(problems).toEqual([{ name: 'reconnect', message: 'row 3: the template "reconnect" is defined twice; the first one is used.' }]);
  });
});

describe('createSampleViews', () => {
  it('covers every branch a template can take', () => {
    const views = createSampleViews().map((s) => s.view);
    for (const key of ['firstName', 'lastSubject', 'lastContactDate', 'ownerName', 'ownerFirstName', 'longGap', 'youWroteLast', 'theyWroteLast'] as const) {
      expect(views.some((v) => Boolean(v[key]))).toBe(true);
      expect(views.some((v) => !v[key])).toBe(true);
    }
  });
});
