/** Folded, encoded headers and References chains, read back by Python's email parser. */
import { assessContact } from '../../src/core/assess-contact';
import { buildMimeMessage } from '../../src/core/build-mime-message';
import { composeDraft, type DraftPlan } from '../../src/core/compose-draft';
import { foldMessages } from '../../src/core/fold-messages';
import { parseTemplate } from '../../src/core/parse-template';
import { DEFAULT_POLICY } from '../../src/core/settings';
import { formatDraft } from '../../src/node/write-drafts';
import { parseWithPython } from '../support/parse-with-python';
import { DAY, options, received, T0 } from './message-builder';

const ME = { name: 'Alex Me', email: 'me@example.com' };
const plan = (over: Partial<DraftPlan> = {}): DraftPlan => ({
  template: 'reconnect',
  to: { name: 'Ann Smith', email: 'ann@example.org' },
  subject: 'Catching up',
  text: 'Hi Ann,\n\nHow are you?',
  html: null,
  threadId: null,
  inReplyTo: '',
  references: '',
  ...over,
});

const long = Array.from({ length: 150 }, (_, i) => `word${i}`).join(' ');
const CASES: Array<[string, Partial<DraftPlan>, Partial<typeof ME>?]> = [
  ['a long ASCII subject', { subject: `Re: ${long}` }],
  ['a long non-ASCII subject', { subject: `Ré: ${'Überraschung für dich — 日本語のテキスト '.repeat(20)}` }],
  ['a subject that is literally an encoded word', { subject: '=?utf-8?b?SGVsbG8=?=' }],
  ['a subject with one 1,200-character word', { subject: 'x'.repeat(1200) }],
  ['a display name with specials', { to: { name: 'John Smith, PhD', email: 'js@x.example' } }],
  ['a display name with quotes and a backslash', { to: { name: 'Ann "the \\ boss" <x@y>', email: 'ann@example.org' } }],
  ['a giant display name', { to: { name: 'Dr. '.repeat(400) + 'Ann, PhD', email: 'ann@example.org' } }],
  ['a non-ASCII display name', { to: { name: 'Zoë Ångström-Müller, MD', email: 'zoe@example.org' } }],
  ['a long non-ASCII display name', { to: { name: 'Prof. Dr. Zoë Ångström-Müller-Lüdenscheidt von und zu Überwald, MD, PhD', email: 'zoe@example.org' } }],
  ['a display name that looks encoded', { to: { name: '=?utf-8?q?Evil?=', email: 'e@example.org' } }],
  ['a long References chain', { threadId: 't', inReplyTo: '<p@x>', references: Array.from({ length: 60 }, (_, i) => `<id${i}.abcdefghijkl@mail.example.org>`).join(' ') + ' <p@x>' }],
];

describe('buildMimeMessage, read by Python (policy.default)', () => {
  const built = CASES.map(([, over, from]) => ({ p: plan(over), mime: buildMimeMessage(plan(over), { ...ME, ...from }, { boundarySeed: 'seed', marker: 'abc.1.xyz' }) }));
  const views = parseWithPython(built.map((b) => b.mime));

  it.each(CASES.map(([name], i) => [name, i] as const))('%s: no defects, lines folded, text survives', (_name, i) => {
    const { p } = built[i]!;
    const v = views[i]!;
    expect(v.defects).toEqual([]);
    expect(v.longestLine).toBeLessThanOrEqual(998);
    expect(v.longestEncodedLine).toBeLessThanOrEqual(76);
    expect(v.headers['Subject']).toBe(p.subject.replace(/\s+/g, ' ').trim());
    // Python keeps the space that ends one encoded word and adds one between words; RFC 2047 readers do not.
    expect(v.addresses['To']!.map(([n, a]) => [n.replace(/\s+/g, ' '), a])).toEqual([[p.to.name.replace(/\s+/g, ' ').trim(), p.to.email]]);
    expect(v.addresses['From']).toEqual([[ME.name, ME.email]]);
    expect(v.headers['X-Reconnect-Draft']).toBe('abc.1.xyz');
    expect(v.text.trimEnd()).toBe(p.text);
  });

  it('keeps every Reference, in order, folded under 78 characters a line', () => {
    const i = CASES.findIndex(([name]) => name === 'a long References chain');
    const refs = views[i]!.headers['References']!.split(/\s+/);
    expect(refs).toHaveLength(61);
    expect(refs[60]).toBe('<p@x>');
    const lines = built[i]!.mime.split('\r\n');
    const start = lines.findIndex((l) => l.startsWith('References:'));
    expect(lines[start + 1]).toMatch(/^ </);
    expect(lines.slice(start, start + 5).every((l) => l.length <= 78)).toBe(true);
  });

  it('a long subject is folded, not one 1,500-character line', () => {
    expect(built[0]!.mime.split('\r\n').find((l) => l.startsWith('Subject:'))!.length).toBeLessThanOrEqual(78);
  });
});

describe('References chains (RFC 5322 section 3.6.4)', () => {
  it("a reply carries the parent's References followed by its Message-ID", () => {
    const ledger = foldMessages(
      [received('Ann <ann@example.org>', T0, { subject: 'Plans', threadId: 't1', id: 'g1', messageId: '<m3@x>', references: '<m1@x> <m2@x>' })],
      options(),
    );
    const contact = ledger.contacts['ann@example.org']!;
    const template = parseTemplate('reconnect', 'subject: Hi\n---\nHello\n');
    const draft = composeDraft({ contact, assessment: assessContact(contact, T0 + 400 * DAY, DEFAULT_POLICY), owner: ME, template, now: T0 + 400 * DAY, replyInThread: true });
    expect(draft.inReplyTo).toBe('<m3@x>');
    expect(draft.references).toBe('<m1@x> <m2@x> <m3@x>');
    const [view] = parseWithPython([buildMimeMessage(draft, ME, 's')]);
    expect(view!.headers['References']).toBe('<m1@x> <m2@x> <m3@x>');
  });

  it('keeps the newest ids within 2,000 characters', () => {
    const refs = Array.from({ length: 200 }, (_, i) => `<${String(i).padStart(3, '0')}.${'a'.repeat(30)}@x.example>`).join(' ');
    const ledger = foldMessages([received('Ann <ann@example.org>', T0, { subject: 'P', threadId: 't1', id: 'g1', messageId: '<last@x>', references: refs })], options());
    const kept = ledger.contacts['ann@example.org']!.lastReceivedThread!.references!;
    expect(kept.length).toBeLessThanOrEqual(2000);
    expect(kept.endsWith('<199.' + 'a'.repeat(30) + '@x.example>')).toBe(true);
  });
});

describe('reconnect draft prints To as one address', () => {
  it('quotes a display name with specials', () => {
    expect(formatDraft(plan({ to: { name: 'John Smith, PhD', email: 'js@x.example' } }))).toMatch(/^To: "John Smith, PhD" <js@x\.example>$/m);
  });
});
