import {
  FakeGmail,
  FakeRuntime,
  GoogleJsonResponseException,
  MailboxBuilder,
  NotImplementedError,
  UnsupportedQueryError,
  WORDING,
} from '../fakes';

function b64url(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64url');
}

function mailbox(): { gmail: FakeGmail; rt: FakeRuntime; mb: MailboxBuilder } {
  const rt = new FakeRuntime({ start: '2024-06-01T12:00:00Z' });
  const mb = new MailboxBuilder({ owner: { name: 'Me Owner', email: 'me@example.com', address: 'Me Owner <me@example.com>' } });
  const alice = mb.person('Alice Example');
  const bob = mb.person('Bob Example');
  mb.thread(
    { from: mb.me, to: alice, date: '2024-01-10T10:00:00Z', subject: 'Lunch?' },
    { from: alice, to: mb.me, date: '2024-01-11T09:00:00Z' },
  );
  mb.received(bob, '2024-02-01T08:00:00Z', { subject: 'Intro', labels: ['INBOX', 'CATEGORY_SOCIAL'] });
  mb.newsletter('news@shop.example', '2024-03-01T08:00:00Z');
  mb.received('spammer@bad.example', '2024-03-02T08:00:00Z', { labels: ['SPAM'] });
  mb.received(bob, '2024-03-03T08:00:00Z', { subject: 'Old', labels: ['TRASH'] });
  mb.received(alice, '2024-04-01T08:00:00Z', { subject: 'Tagged', labels: ['INBOX', 'Reconnect/Snoozed'] });
  const gmail = mb.build(rt);
  return { gmail, rt, mb };
}

function caught(fn: () => unknown): GoogleJsonResponseException {
  try {
    fn();
  } catch (e) {
    return e as GoogleJsonResponseException;
  }
  throw new Error('expected a throw');
}

describe('FakeGmail Users.Messages.list', () => {
  it('returns id/threadId pairs newest first with a result size estimate', () => {
    const { gmail } = mailbox();
    const res = gmail.Users.Messages.list('me', {});
    expect(res.messages?.every((m) => Object.keys(m).sort().join() === 'id,threadId')).toBe(true);
    const dates = (res.messages ?? []).map((m) => Number(gmail.Users.Messages.get('me', m.id ?? '', { format: 'minimal' }).internalDate));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    // Spam and trash are left out by default.
    expect(res.resultSizeEstimate).toBe(5);
    expect(res.nextPageToken).toBeUndefined();
  });

  it('omits `messages` entirely when nothing matches, as Gmail does', () => {
    const { gmail } = mailbox();
    const res = gmail.Users.Messages.list('me', { q: 'label:no-such-label' });
    expect(res).toEqual({ resultSizeEstimate: 0 });
  });

  it('includes spam and trash with includeSpamTrash or an explicit in:spam', () => {
    const { gmail } = mailbox();
    expect(gmail.Users.Messages.list('me', { includeSpamTrash: true }).resultSizeEstimate).toBe(7);
    expect(gmail.Users.Messages.list('me', { q: 'in:spam' }).resultSizeEstimate).toBe(1);
    expect(gmail.Users.Messages.list('me', { q: 'in:trash' }).resultSizeEstimate).toBe(1);
  });

  it('filters by in:sent and -in:sent', () => {
    const { gmail } = mailbox();
    const sent = gmail.Users.Messages.list('me', { q: 'in:sent' }).messages ?? [];
    expect(sent).toHaveLength(1);
    expect(gmail.labelIdsOf(sent[0]?.id ?? '')).toContain('SENT');
    expect(gmail.Users.Messages.list('me', { q: '-in:sent' }).resultSizeEstimate).toBe(4);
  });

  it('filters by category and its negation', () => {
    const { gmail } = mailbox();
    expect(gmail.Users.Messages.list('me', { q: 'category:promotions' }).resultSizeEstimate).toBe(1);
    expect(gmail.Users.Messages.list('me', { q: 'category:social' }).resultSizeEstimate).toBe(1);
    expect(gmail.Users.Messages.list('me', { q: '-category:promotions -category:social' }).resultSizeEstimate).toBe(3);
  });

  it('matches label: by name, by Gmail search spelling, and -label:', () => {
    const { gmail } = mailbox();
    expect(gmail.Users.Messages.list('me', { q: 'label:Reconnect/Snoozed' }).resultSizeEstimate).toBe(1);
    expect(gmail.Users.Messages.list('me', { q: 'label:reconnect-snoozed' }).resultSizeEstimate).toBe(1);
    expect(gmail.Users.Messages.list('me', { q: '-label:reconnect-snoozed' }).resultSizeEstimate).toBe(4);
  });

  it('reads after:/before: dates as Pacific midnight and also accepts epoch seconds', () => {
    const rt = new FakeRuntime();
    const mb = new MailboxBuilder({ owner: 'me@example.com' });
    // 2024-01-10 07:30 UTC is 2024-01-09 23:30 in Los Angeles.
    mb.received('a@example.com', '2024-01-10T07:30:00Z');
    mb.received('b@example.com', '2024-01-10T08:30:00Z');
    const gmail = mb.build(rt);
    expect(gmail.Users.Messages.list('me', { q: 'after:2024/01/10' }).resultSizeEstimate).toBe(1);
    expect(gmail.Users.Messages.list('me', { q: 'before:2024/01/10' }).resultSizeEstimate).toBe(1);
    const epoch = Date.parse('2024-01-10T08:00:00Z') / 1000;
    expect(gmail.Users.Messages.list('me', { q: `after:${epoch}` }).resultSizeEstimate).toBe(1);
    expect(gmail.Users.Messages.list('me', { q: `before:${epoch}` }).resultSizeEstimate).toBe(1);
  });

  it('throws on operators the fake does not model, so a test notices', () => {
    const { gmail } = mailbox();
    expect(() => gmail.Users.Messages.list('me', { q: 'from:alice@example.com' })).toThrow(UnsupportedQueryError);
    expect(() => gmail.Users.Messages.list('me', { q: 'lunch' })).toThrow(/free-text/);
    expect(() => gmail.Users.Messages.list('me', { q: 'in:sent OR in:inbox' })).toThrow(/boolean/);
    expect(() => gmail.Users.Messages.list('me', { q: 'after:2024-01-10' })).toThrow(/YYYY\/MM\/DD/);
  });

  it('requires every labelIds entry', () => {
    const { gmail } = mailbox();
    expect(gmail.Users.Messages.list('me', { labelIds: ['INBOX', 'CATEGORY_SOCIAL'] }).resultSizeEstimate).toBe(1);
    expect(gmail.Users.Messages.list('me', { labelIds: 'SENT' }).resultSizeEstimate).toBe(1);
  });

  it('pages with maxResults and pageToken, capping maxResults at 500', () => {
    const rt = new FakeRuntime();
    const mb = new MailboxBuilder({ owner: 'me@example.com' });
    mb.generate({ seed: 7, people: 30, threads: 700, messagesPerThread: [1, 1], from: '2023-01-01', to: '2024-01-01' });
    const gmail = mb.build(rt);
    const first = gmail.Users.Messages.list('me', { maxResults: 1000 });
    expect(first.messages).toHaveLength(500);
    expect(first.resultSizeEstimate).toBe(700);
    const second = gmail.Users.Messages.list('me', { maxResults: 1000, pageToken: first.nextPageToken });
    expect(second.messages).toHaveLength(200);
    expect(second.nextPageToken).toBeUndefined();
    const ids = new Set([...(first.messages ?? []), ...(second.messages ?? [])].map((m) => m.id));
    expect(ids.size).toBe(700);
    expect(gmail.Users.Messages.list('me', {}).messages).toHaveLength(100);
  });
});

describe('FakeGmail Users.Messages.get', () => {
  it('returns metadata headers filtered case-insensitively by metadataHeaders', () => {
    const { gmail } = mailbox();
    const id = gmail.Users.Messages.list('me', { q: 'category:promotions' }).messages?.[0]?.id ?? '';
    const m = gmail.Users.Messages.get('me', id, { format: 'metadata', metadataHeaders: ['list-id', 'FROM', 'Precedence'] });
    expect(m.payload?.headers?.map((h) => h.name)).toEqual(['From', 'List-Id', 'Precedence']);
    expect(m.payload?.headers?.find((h) => h.name === 'Precedence')?.value).toBe('bulk');
    expect(typeof m.internalDate).toBe('string');
    expect(m.internalDate).toBe(String(Date.parse('2024-03-01T08:00:00Z')));
    expect(m.labelIds).toEqual(['INBOX', 'CATEGORY_PROMOTIONS']);
    expect(typeof m.historyId).toBe('string');
  });

  it('minimal has no payload; full has headers and a base64url body; raw is RFC 822', () => {
    const rt = new FakeRuntime();
    const mb = new MailboxBuilder({ owner: 'me@example.com' });
    mb.received('a@example.com', '2024-01-01T00:00:00Z', { subject: 'Hé', body: "It's me" });
    const gmail = mb.build(rt);
    const id = gmail.messageIds()[0] ?? '';
    expect(gmail.Users.Messages.get('me', id, { format: 'minimal' }).payload).toBeUndefined();
    const full = gmail.Users.Messages.get('me', id);
    expect(Buffer.from(full.payload?.body?.data ?? '', 'base64url').toString()).toBe("It's me");
    expect(full.snippet).toBe('It&#39;s me');
    const raw = Buffer.from(gmail.Users.Messages.get('me', id, { format: 'raw' }).raw ?? '', 'base64url').toString();
    expect(raw).toMatch(/^From: a@example.com\r\n/);
    expect(raw).toContain('Subject: =?UTF-8?B?');
  });

  it('throws the advanced-service 404 for an unknown id', () => {
    const { gmail } = mailbox();
    const e = caught(() => gmail.Users.Messages.get('me', 'deadbeef'));
    expect(e.message).toBe('API call to gmail.users.messages.get failed with error: Requested entity was not found.');
    expect(e.name).toBe('GoogleJsonResponseException');
    expect(e.details.code).toBe(404);
    expect(e.details.errors[0]?.reason).toBe('notFound');
  });

  it('refuses another user id', () => {
    const { gmail } = mailbox();
    expect(caught(() => gmail.Users.Messages.list('boss@example.com')).details.code).toBe(403);
    expect(gmail.Users.Messages.list('ME@example.com').resultSizeEstimate).toBe(5);
  });
});

describe('FakeGmail labels and modification', () => {
  it('lists system labels and creates user labels with Label_N ids', () => {
    const { gmail } = mailbox();
    const ids = gmail.Users.Labels.list('me').labels?.map((l) => l.id) ?? [];
    for (const id of ['SENT', 'INBOX', 'DRAFT', 'SPAM', 'TRASH', 'CHAT', 'UNREAD', 'IMPORTANT', 'CATEGORY_FORUMS']) {
      expect(ids).toContain(id);
    }
    const created = gmail.Users.Labels.create({ name: 'Reconnect/Drafted' }, 'me');
    expect(created.id).toMatch(/^Label_\d+$/);
    expect(created.type).toBe('user');
    expect(gmail.Users.Labels.get('me', created.id ?? '').messagesTotal).toBe(0);
  });

  it('rejects a duplicate name, whatever its case, with Gmail wording', () => {
    const { gmail } = mailbox();
    const e = caught(() => gmail.Users.Labels.create({ name: 'reconnect/snoozed' }, 'me'));
    expect(e.message).toBe('API call to gmail.users.labels.create failed with error: Label name exists or conflicts');
    expect(e.details.code).toBe(409);
    expect(caught(() => gmail.Users.Labels.create({ name: 'Inbox' }, 'me')).details.code).toBe(400);
  });

  it('batchModify applies labels, accepts 1000 ids and refuses 1001', () => {
    const { gmail } = mailbox();
    const label = gmail.Users.Labels.create({ name: 'Seen' }, 'me').id ?? '';
    const ids = gmail.messageIds();
    const padded = [...ids, ...Array.from({ length: 1000 - ids.length }, (_, i) => `missing${i}`)];
    gmail.Users.Messages.batchModify({ ids: padded, addLabelIds: [label] }, 'me');
    expect(ids.every((id) => gmail.labelIdsOf(id).includes(label))).toBe(true);
    const e = caught(() => gmail.Users.Messages.batchModify({ ids: [...padded, 'one-more'], addLabelIds: [label] }, 'me'));
    expect(e.details.code).toBe(400);
  });

  it('rejects unknown and system-managed labels, and an empty change', () => {
    const { gmail } = mailbox();
    const id = gmail.messageIds()[0] ?? '';
    expect(caught(() => gmail.Users.Messages.batchModify({ ids: [id], addLabelIds: ['Label_999'] }, 'me')).message).toBe(
      'API call to gmail.users.messages.batchModify failed with error: Invalid label: Label_999',
    );
    expect(caught(() => gmail.Users.Messages.batchModify({ ids: [id], removeLabelIds: ['SENT'] }, 'me')).message).toMatch(
      /Invalid label: SENT$/,
    );
    expect(caught(() => gmail.Users.Messages.batchModify({ ids: [id] }, 'me')).message).toMatch(/No label add or removes specified$/);
  });

  it('moving to SPAM takes a message out of INBOX, as Gmail does', () => {
    const { gmail } = mailbox();
    const id = gmail.Users.Messages.list('me', { q: 'label:reconnect-snoozed' }).messages?.[0]?.id ?? '';
    gmail.Users.Messages.batchModify({ ids: [id], addLabelIds: ['SPAM'] }, 'me');
    expect(gmail.labelIdsOf(id)).not.toContain('INBOX');
    expect(gmail.labelIdsOf(id)).toContain('SPAM');
  });

  it('threads: list, get in order with metadata, modify every message', () => {
    const { gmail, mb } = mailbox();
    const lunch = mb.threads[0];
    const list = gmail.Users.Threads.list('me', { q: 'in:sent' });
    expect(list.threads?.map((t) => t.id)).toEqual([lunch?.threadId]);
    const t = gmail.Users.Threads.get('me', lunch?.threadId ?? '', { format: 'metadata', metadataHeaders: ['Subject'] });
    expect(t.messages?.map((m) => m.payload?.headers?.[0]?.value)).toEqual(['Lunch?', 'Re: Lunch?']);
    const label = gmail.Users.Labels.create({ name: 'Thread label' }, 'me').id ?? '';
    gmail.Users.Threads.modify({ addLabelIds: [label] }, 'me', lunch?.threadId ?? '');
    expect(lunch?.messageIds.every((id) => gmail.labelIdsOf(id).includes(label))).toBe(true);
  });
});

describe('FakeGmail drafts', () => {
  function replyRaw(inReplyTo: string, subject: string): string {
    return b64url(
      [
        'To: Alice Example <alice.example@example.com>',
        `Subject: ${subject}`,
        `In-Reply-To: ${inReplyTo}`,
        `References: ${inReplyTo}`,
        'Content-Type: text/plain; charset=UTF-8',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        'Long time no see =E2=80=94 coffee?',
      ].join('\r\n'),
    );
  }

  it('create decodes raw, files a DRAFT in the thread and records the headers', () => {
    const { gmail, mb } = mailbox();
    const lunch = mb.threads[0];
    const parent = lunch?.rfcMessageIds[1] ?? '';
    const draft = gmail.Users.Drafts.create({ message: { raw: replyRaw(parent, 'Re: Lunch?'), threadId: lunch?.threadId } }, 'me');
    expect(draft.id).toMatch(/^r-\d+$/);
    expect(draft.message?.threadId).toBe(lunch?.threadId);
    expect(draft.message?.labelIds).toEqual(['DRAFT']);
    const rec = gmail.draftRecord(draft.id ?? '');
    expect(rec).toMatchObject({
      to: 'Alice Example <alice.example@example.com>',
      subject: 'Re: Lunch?',
      inReplyTo: parent,
      references: parent,
      from: 'me@example.com',
      body: 'Long time no see — coffee?',
      createdBy: 'api',
    });
    expect(gmail.draftWrites[0]?.threadingProblems).toEqual([]);
    expect(gmail.Users.Messages.list('me', { q: 'in:drafts' }).resultSizeEstimate).toBe(1);
  });

  it('starts a new thread when the Gmail threading rules are broken (strict mode)', () => {
    const { gmail, mb } = mailbox();
    const lunch = mb.threads[0];
    const draft = gmail.Users.Drafts.create(
      { message: { raw: replyRaw(lunch?.rfcMessageIds[1] ?? '', 'Something else'), threadId: lunch?.threadId } },
      'me',
    );
    expect(draft.message?.threadId).not.toBe(lunch?.threadId);
    expect(gmail.draftWrites[0]?.threadingProblems).toEqual(['Subject does not match the thread']);
  });

  it('404s for an unknown threadId', () => {
    const { gmail } = mailbox();
    expect(caught(() => gmail.Users.Drafts.create({ message: { raw: b64url('Subject: x\r\n\r\nbody'), threadId: 'nope' } }, 'me')).details.code).toBe(404);
  });

  it('list, get, update and remove round-trip; deletions say who created the draft', () => {
    const { gmail } = mailbox();
    const created = gmail.Users.Drafts.create({ message: { raw: b64url('To: x@example.com\r\nSubject: One\r\n\r\nfirst') } }, 'me');
    const listed = gmail.Users.Drafts.list('me');
    expect(listed.drafts).toEqual([{ id: created.id, message: { id: created.message?.id, threadId: created.message?.threadId } }]);
    const got = gmail.Users.Drafts.get('me', created.id ?? '', { format: 'metadata' });
    expect(got.message?.payload?.headers?.find((h) => h.name === 'Subject')?.value).toBe('One');
    const updated = gmail.Users.Drafts.update({ message: { raw: b64url('To: x@example.com\r\nSubject: Two\r\n\r\nsecond') } }, 'me', created.id ?? '');
    expect(updated.id).toBe(created.id);
    expect(updated.message?.id).not.toBe(created.message?.id);
    expect(gmail.draftRecord(created.id ?? '')?.subject).toBe('Two');
    gmail.Users.Drafts.remove('me', created.id ?? '');
    expect(gmail.draftRecords()).toEqual([]);
    expect(gmail.draftDeletions).toEqual([expect.objectContaining({ draftId: created.id, by: 'api', createdBy: 'api' })]);
  });

  it('records deleting a draft the user wrote, so tests can prove Reconnect never does it', () => {
    const rt = new FakeRuntime();
    const mb = new MailboxBuilder({ owner: 'me@example.com' });
    const t = mb.received('a@example.com', '2024-01-01T00:00:00Z', { subject: 'Hi' });
    const handWritten = mb.draft({ to: 'a@example.com', date: '2024-01-02T00:00:00Z', body: 'my own words' }, t);
    const gmail = mb.build(rt);
    expect(gmail.draftRecord(handWritten.draftId)).toMatchObject({ createdBy: 'user', subject: 'Re: Hi', threadId: t.threadId });
    gmail.Users.Drafts.remove('me', handWritten.draftId);
    expect(gmail.draftDeletions.filter((d) => d.by === 'api' && d.createdBy === 'user')).toHaveLength(1);
  });

  it('never sends: both send methods record the attempt and throw', () => {
    const { gmail } = mailbox();
    const d = gmail.Users.Drafts.create({ message: { raw: b64url('Subject: x\r\n\r\ny') } }, 'me');
    expect(() => gmail.Users.Drafts.send({ id: d.id }, 'me')).toThrow(WORDING.sendingForbidden);
    expect(() => gmail.Users.Messages.send({ raw: b64url('Subject: x\r\n\r\ny') }, 'me')).toThrow(
      'FakeGmail: sending is forbidden in Reconnect',
    );
    expect(gmail.sendAttempts.map((a) => a.method)).toEqual(['users.drafts.send', 'users.messages.send']);
    expect(gmail.Users.Messages.list('me', { q: 'in:sent' }).resultSizeEstimate).toBe(1);
  });

  it('userSendsDraft moves the message to SENT in the same thread; userDeletesDraft removes it', () => {
    const { gmail, mb, rt } = mailbox();
    const lunch = mb.threads[0];
    const d = gmail.Users.Drafts.create(
      { message: { raw: replyRaw(lunch?.rfcMessageIds[1] ?? '', 'Re: Lunch?'), threadId: lunch?.threadId } },
      'me',
    );
    rt.clock.advance(60_000);
    const sentId = gmail.userSendsDraft(d.id ?? '');
    expect(gmail.draftRecords()).toEqual([]);
    expect(gmail.labelIdsOf(sentId)).toEqual(['SENT']);
    expect(gmail.threadIdOf(sentId)).toBe(lunch?.threadId);
    const other = gmail.Users.Drafts.create({ message: { raw: b64url('Subject: x\r\n\r\ny') } }, 'me');
    gmail.userDeletesDraft(other.id ?? '');
    expect(gmail.draftDeletions.at(-1)).toMatchObject({ by: 'user', createdBy: 'api' });
  });
});

describe('FakeGmail history', () => {
  it('reports messagesAdded, labelsAdded and labelsRemoved after a start id', () => {
    const { gmail } = mailbox();
    const start = gmail.Users.getProfile('me').historyId ?? '';
    const id = gmail.deliver({ from: 'c@example.com', to: 'me@example.com', date: '2024-06-01T11:00:00Z', labels: ['INBOX'] });
    const label = gmail.Users.Labels.create({ name: 'Processed' }, 'me').id ?? '';
    gmail.Users.Messages.batchModify({ ids: [id], addLabelIds: [label], removeLabelIds: ['INBOX'] }, 'me');
    const res = gmail.Users.History.list('me', { startHistoryId: start });
    expect(res.history?.map((h) => Object.keys(h).filter((k) => k !== 'id' && k !== 'messages'))).toEqual([
      ['messagesAdded'],
      ['labelsRemoved'],
      ['labelsAdded'],
    ]);
    expect(res.history?.[0]?.messagesAdded?.[0]?.message).toMatchObject({ id, labelIds: ['INBOX'] });
    expect(res.historyId).toBe(gmail.currentHistoryId);
    const onlyAdded = gmail.Users.History.list('me', { startHistoryId: start, historyTypes: ['messageAdded'] });
    expect(onlyAdded.history).toHaveLength(1);
    expect(gmail.Users.History.list('me', { startHistoryId: gmail.currentHistoryId })).toEqual({ historyId: gmail.currentHistoryId });
  });

  it('a repeated modification adds no history record', () => {
    const { gmail } = mailbox();
    const id = gmail.messageIds()[0] ?? '';
    const label = gmail.Users.Labels.create({ name: 'Once' }, 'me').id ?? '';
    gmail.Users.Messages.batchModify({ ids: [id], addLabelIds: [label] }, 'me');
    const after = gmail.currentHistoryId;
    gmail.Users.Messages.batchModify({ ids: [id], addLabelIds: [label] }, 'me');
    expect(gmail.currentHistoryId).toBe(after);
  });

  it('404s once the start id is older than the retention window, and for a future id', () => {
    const rt = new FakeRuntime({ start: '2024-06-01T00:00:00Z' });
    const mb = new MailboxBuilder({ owner: 'me@example.com', historyRetentionMs: 60 * 60 * 1000 });
    const gmail = mb.build(rt);
    const start = gmail.Users.getProfile('me').historyId ?? '';
    gmail.deliver({ from: 'a@example.com', date: '2024-06-01T00:00:00Z', labels: ['INBOX'] });
    expect(gmail.Users.History.list('me', { startHistoryId: start }).history).toHaveLength(1);
    rt.clock.advance(2 * 60 * 60 * 1000);
    const e = caught(() => gmail.Users.History.list('me', { startHistoryId: start }));
    expect(e.message).toBe('API call to gmail.users.history.list failed with error: Requested entity was not found.');
    expect(e.details).toEqual({
      code: 404,
      message: 'Requested entity was not found.',
      errors: [{ reason: 'notFound', domain: 'global', message: 'Requested entity was not found.' }],
    });
    const future = String(Number(gmail.currentHistoryId) + 1_000_000);
    expect(caught(() => gmail.Users.History.list('me', { startHistoryId: future })).details.code).toBe(404);
    expect(caught(() => gmail.Users.History.list('me', { startHistoryId: 'abc' })).message).toBe(
      `API call to gmail.users.history.list failed with error: Invalid value at 'start_history_id' (TYPE_UINT64), "abc"`,
    );
  });

  it('expireHistoryThrough forces the 404 path', () => {
    const { gmail } = mailbox();
    const start = gmail.currentHistoryId;
    gmail.deliver({ from: 'a@example.com', date: '2024-06-01T00:00:00Z', labels: ['INBOX'] });
    gmail.expireHistoryThrough(Number(start) + 1);
    expect(caught(() => gmail.Users.History.list('me', { startHistoryId: start })).details.code).toBe(404);
  });
});

describe('FakeGmail profile, send-as and the rest', () => {
  it('getProfile and SendAs.list describe the owner and aliases', () => {
    const rt = new FakeRuntime();
    const mb = new MailboxBuilder({ owner: 'me@example.com', aliases: ['me@work.example'] });
    mb.received('a@example.com', '2024-01-01T00:00:00Z');
    const gmail = mb.build(rt);
    expect(gmail.Users.getProfile('me')).toEqual({
      emailAddress: 'me@example.com',
      messagesTotal: 1,
      threadsTotal: 1,
      historyId: gmail.currentHistoryId,
    });
    const sendAs = gmail.Users.Settings.SendAs.list('me').sendAs ?? [];
    expect(sendAs.map((s) => [s.sendAsEmail, s.isPrimary ?? false])).toEqual([
      ['me@example.com', true],
      ['me@work.example', false],
    ]);
  });

  it('every other method throws a clear not-implemented error', () => {
    const { gmail } = mailbox();
    expect(() => gmail.Users.Messages.trash('me', 'x')).toThrow(NotImplementedError);
    expect(() => gmail.Users.Messages.trash('me', 'x')).toThrow('FakeGmail: Users.Messages.trash is not implemented');
    expect(() => gmail.Users.Threads.remove('me', 'x')).toThrow('FakeGmail: Users.Threads.remove is not implemented');
    expect(() => gmail.Users.watch({}, 'me')).toThrow('FakeGmail: Users.watch is not implemented');
    expect(() => gmail.Users.Labels.remove('me', 'Label_1')).toThrow(NotImplementedError);
  });

  it('every API call costs 100 ms on the shared clock and is counted', () => {
    const { gmail, rt } = mailbox();
    const t0 = rt.clock.now();
    gmail.Users.Messages.list('me');
    gmail.Users.Labels.list('me');
    expect(rt.clock.now() - t0).toBe(200);
    expect(rt.log.counts()).toEqual({ 'gmail.users.messages.list': 1, 'gmail.users.labels.list': 1 });
  });
});

describe('drafts and labels as Gmail allows them', () => {
  it('refuses a label on a draft message with the drafts guide\'s words', () => {
    const { gmail } = mailbox();
    const label = gmail.Users.Labels.create({ name: 'Mine' }, 'me');
    const draft = gmail.Users.Drafts.create({ message: { raw: b64url('To: a@example.org\r\nSubject: x\r\n\r\nbody') } }, 'me');
    const error = caught(() => gmail.Users.Messages.batchModify({ ids: [draft.message!.id!], addLabelIds: [label.id!] }, 'me'));
    expect(error.details).toMatchObject({ code: 400, message: WORDING.labelOnDraft });
    expect(WORDING.labelOnDraft).toBe('Draft messages cannot have any label other than the DRAFT system label.');
  });

  it('a lost answer: the create happens, the caller gets a server error', () => {
    const { gmail, rt } = mailbox();
    rt.log.loseAnswerOnCall('gmail.users.drafts.create', 1);
    const before = gmail.draftRecords().length;
    const error = caught(() => gmail.Users.Drafts.create({ message: { raw: b64url('To: a@example.org\r\nSubject: x\r\n\r\nbody') } }, 'me'));
    expect(error.details.code).toBe(500);
    expect(gmail.draftRecords()).toHaveLength(before + 1);
    // Only that one call: the next is answered.
    gmail.Users.Drafts.create({ message: { raw: b64url('To: b@example.org\r\nSubject: y\r\n\r\nbody') } }, 'me');
    expect(gmail.draftRecords()).toHaveLength(before + 2);
  });
});
