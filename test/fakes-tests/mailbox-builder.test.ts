import { FakeRuntime, MailboxBuilder, person, SeededRandom } from '../fakes';

describe('MailboxBuilder', () => {
  it('builds threads with threading headers, default labels and explicit dates', () => {
    const mb = new MailboxBuilder({ owner: person('Me Myself', 'me@example.com'), aliases: ['me@work.example'] });
    const dana = mb.person('Dana Scully', 'dana@fbi.example');
    const t = mb.thread(
      { from: dana, to: mb.me, cc: 'fox@fbi.example', date: '2024-01-01T09:00:00Z', subject: 'Case' },
      { from: 'Me <me@work.example>', to: dana, date: '2024-01-02T09:00:00Z', body: 'On it' },
    );
    const gmail = mb.build(new FakeRuntime());
    expect(t.messageIds).toHaveLength(2);
    expect(gmail.threadMessageIds(t.threadId)).toEqual(t.messageIds);
    expect(gmail.labelIdsOf(t.messageIds[0] ?? '')).toEqual(['INBOX', 'CATEGORY_PERSONAL']);
    expect(gmail.labelIdsOf(t.messageIds[1] ?? '')).toEqual(['SENT']);
    const reply = Object.fromEntries(gmail.headersOf(t.messageIds[1] ?? '').map((h) => [h.name, h.value]));
    expect(reply).toMatchObject({
      From: 'Me <me@work.example>',
      To: 'Dana Scully <dana@fbi.example>',
      Subject: 'Re: Case',
      'In-Reply-To': t.rfcMessageIds[0],
      References: t.rfcMessageIds[0],
      Date: 'Tue, 02 Jan 2024 09:00:00 +0000',
    });
    const first = Object.fromEntries(gmail.headersOf(t.messageIds[0] ?? '').map((h) => [h.name, h.value]));
    expect(first.Cc).toBe('fox@fbi.example');
  });

  it('has presets for list mail and auto-replies', () => {
    const mb = new MailboxBuilder({ owner: 'me@example.com' });
    const news = mb.newsletter('news@shop.example', '2024-01-01T00:00:00Z');
    const ooo = mb.autoReply('away@example.com', '2024-01-02T00:00:00Z', {
      headers: { 'X-Autoreply': 'yes' },
    });
    const gmail = mb.build(new FakeRuntime());
    const h = (id: string): Record<string, string> => Object.fromEntries(gmail.headersOf(id).map((x) => [x.name, x.value]));
    expect(h(news.messageIds[0] ?? '')).toMatchObject({
      'List-Id': '<news.shop.example>',
      'List-Unsubscribe': '<mailto:unsubscribe@shop.example>',
      Precedence: 'bulk',
    });
    expect(gmail.labelIdsOf(news.messageIds[0] ?? '')).toContain('CATEGORY_PROMOTIONS');
    expect(h(ooo.messageIds[0] ?? '')).toMatchObject({ 'Auto-Submitted': 'auto-replied', 'X-Autoreply': 'yes' });
  });

  it('quotes display names that need it', () => {
    expect(person('Doe, Jane', 'jane@example.com').address).toBe('"Doe, Jane" <jane@example.com>');
    expect(person('Jane Doe', 'jane@example.com').address).toBe('Jane Doe <jane@example.com>');
  });

  it('generates the same mailbox from the same seed', () => {
    const make = (): string[] => {
      const mb = new MailboxBuilder({ owner: 'me@example.com' });
      mb.generate({ seed: 42, people: 5, threads: 20, from: '2024-01-01', to: '2024-06-01' });
      const gmail = mb.build(new FakeRuntime());
      return gmail.messageIds().map((id) => `${id}:${gmail.headersOf(id).map((x) => x.value).join('|')}`);
    };
    expect(make()).toEqual(make());
    const r = new SeededRandom(1);
    expect([r.next(), r.next()]).toEqual([new SeededRandom(1).next(), expect.any(Number)]);
  });

  it('user labels exist even when no message carries them', () => {
    const mb = new MailboxBuilder({ owner: 'me@example.com' }).label('Reconnect/Ignore');
    const gmail = mb.build(new FakeRuntime());
    expect(gmail.labelId('Reconnect/Ignore')).toMatch(/^Label_/);
  });
});
