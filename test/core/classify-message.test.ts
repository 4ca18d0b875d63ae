import { classifyMessage, isRoleAddress } from '../../src/core/classify-message';
import { toMessageMeta } from '../../src/core/message-meta';
import { aMessage, options, OWNER, received, sent, T0 } from './message-builder';

const reasonOf = (m: ReturnType<typeof aMessage>) => {
  const c = classifyMessage(m, options());
  return c.kind === 'skip' ? c.reason : c.kind;
};

describe('classifyMessage', () => {
  it('calls mail from the owner sent, to each recipient but the owner', () => {
    const c = classifyMessage(sent('Ann <ann@example.org>, me@alias.example', T0, { cc: 'bob@example.org', bcc: 'cat@example.org' }), options());
    expect(c).toEqual({
      kind: 'sent',
      weak: false,
      people: [
        { email: 'ann@example.org', name: 'Ann', address: 'ann@example.org' },
        { email: 'bob@example.org', name: '', address: 'bob@example.org' },
        { email: 'cat@example.org', name: '', address: 'cat@example.org' },
      ],
    });
  });

  it('calls mail from anyone else received', () => {
    expect(classifyMessage(received('Ann <ann@example.org>', T0), options())).toEqual({
      kind: 'received',
      weak: false,
      person: { email: 'ann@example.org', name: 'Ann', address: 'ann@example.org' },
    });
  });

  it('recognizes the owner by any alias and Gmail variant', () => {
    const o = options();
    const withGmail = { ...o, owner: new Set([...o.owner, 'alexrivera@gmail.com']) };
    expect(classifyMessage(aMessage({ from: 'Alex.Rivera@googlemail.com', to: 'ann@example.org' }), withGmail).kind).toBe('sent');
  });

  it.each([
    [{ labels: ['Drafts'] }, 'draft'],
    [{ labels: ['DRAFT'] }, 'draft'],
    [{ labels: ['Chat'] }, 'chat'],
    [{ labels: ['Spam'] }, 'spam'],
    [{ labels: ['Trash'] }, 'trash'],
    [{ labels: ['Inbox', 'Category Promotions'] }, 'category'],
    [{ labels: ['CATEGORY_SOCIAL'] }, 'category'],
    [{ labels: ['Category Updates'] }, 'category'],
    [{ labels: ['Category Forums'] }, 'category'],
    [{ listId: '<dev.lists.example.org>' }, 'mailing-list'],
    [{ listUnsubscribe: '<mailto:u@example.org>' }, 'bulk'],
    [{ precedence: 'bulk' }, 'bulk'],
    [{ precedence: 'List' }, 'bulk'],
    [{ precedence: 'junk' }, 'bulk'],
    [{ autoSubmitted: 'auto-replied' }, 'automated'],
    [{ autoSubmitted: 'auto-generated; foo=bar' }, 'automated'],
    [{ from: 'garbage' }, 'no-sender'],
    [{ from: 'GitHub <noreply@github.com>' }, 'role-sender'],
    [{ from: 'no-reply@example.com' }, 'role-sender'],
    [{ from: 'DoNotReply@bank.example' }, 'role-sender'],
    [{ from: 'MAILER-DAEMON@googlemail.com' }, 'role-sender'],
    [{ from: 'postmaster@example.com' }, 'role-sender'],
    [{ from: 'notifications@github.com' }, 'role-sender'],
    [{ from: 'calendar-notification@google.com' }, 'role-sender'],
  ])('skips %p as %s', (fields, reason) => {
    expect(reasonOf(received('Ann <ann@example.org>', T0, fields))).toBe(reason);
  });

  it('keeps Auto-Submitted: no and Primary-category mail', () => {
    expect(reasonOf(received('ann@example.org', T0, { autoSubmitted: 'no', labels: ['Category Personal', 'Inbox'] }))).toBe('received');
  });

  it('skips a mailing-list post even when a person wrote it', () => {
    expect(reasonOf(received('Real Person <real@example.org>', T0, { listId: 'Dev <dev.example.org>' }))).toBe('mailing-list');
  });

  it('skips a sent draft and sent mail only to the owner or robots', () => {
    expect(reasonOf(sent('ann@example.org', T0, { labels: ['Drafts'] }))).toBe('draft');
    expect(reasonOf(sent(`${OWNER}, noreply@example.com`, T0))).toBe('no-people');
  });

  it('makes mail to more than the large-recipient count a weak touch', () => {
    const to = Array.from({ length: 21 }, (_, i) => `p${i}@example.org`).join(', ');
    const c = classifyMessage(sent(to, T0), options());
    expect(c.kind === 'sent' && c.weak).toBe(true);
    const atLimit = Array.from({ length: 20 }, (_, i) => `p${i}@example.org`).join(', ');
    const d = classifyMessage(sent(atLimit, T0), options());
    expect(d.kind === 'sent' && d.weak).toBe(false);
    const e = classifyMessage(sent(atLimit, T0), options({ largeRecipientCount: 5 }));
    expect(e.kind === 'sent' && e.weak).toBe(true);
  });

  it('makes received mail to many people a weak touch, counting mailboxes, not "@" signs', () => {
    const many = Array.from({ length: 21 }, (_, i) => `p${i}@example.org`).join(', ');
    const weak = classifyMessage(received('ann@example.org', T0, { to: many }), options());
    expect(weak.kind === 'received' && weak.weak).toBe(true);
    const twenty = Array.from({ length: 18 }, (_, i) => `p${i}@example.org`).join(', ');
    const quoted = classifyMessage(received('ann@example.org', T0, { to: `"me@home" <${OWNER}>, ${twenty}`, cc: '"x@y" <z@example.org>' }), options());
    expect(quoted.kind === 'received' && quoted.weak).toBe(false);
  });

  it('honours excluded addresses and domains', () => {
    const o = options({ excludedAddresses: new Set(['ann@example.org']), excludedDomains: new Set(['corp.example']) });
    expect(classifyMessage(received('ann@example.org', T0), o)).toEqual({ kind: 'skip', reason: 'excluded' });
    expect(classifyMessage(received('x@corp.example', T0), o)).toEqual({ kind: 'skip', reason: 'excluded' });
    const c = classifyMessage(sent('ann@example.org, bob@example.org, y@corp.example', T0), o);
    expect(c.kind === 'sent' && c.people.map((p) => p.email)).toEqual(['bob@example.org']);
  });
});

describe('isRoleAddress', () => {
  it.each(['noreply@x.com', 'no_reply@x.com', 'noreply-12ab@x.com', 'bounces+abc@x.com', 'notification@x.com'])('%s is a role', (a) => {
    expect(isRoleAddress(a)).toBe(true);
  });
  it.each(['nora@x.com', 'ann@x.com', 'postmistress@x.com', 'notifyme.person@x.com'])('%s is a person', (a) => {
    expect(isRoleAddress(a)).toBe(false);
  });
});

describe('toMessageMeta', () => {
  it('reads a Gmail metadata response, joining repeated headers', () => {
    const meta = toMessageMeta({
      id: 'a1', threadId: 't1', internalDate: '1735732800000', labelIds: ['SENT'],
      payload: { headers: [{ name: 'From', value: 'me@example.com' }, { name: 'to', value: 'a@x.example' }, { name: 'To', value: 'b@x.example' }, { name: 'List-Id', value: '<l.x>' }] },
    });
    expect(meta).toMatchObject({ id: 'a1', threadId: 't1', date: 1735732800000, from: 'me@example.com', to: 'a@x.example, b@x.example', cc: '', labels: ['SENT'], listId: '<l.x>', precedence: undefined });
  });
});
