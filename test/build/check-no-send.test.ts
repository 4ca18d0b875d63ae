/** scripts/check-no-send.mjs: the static guarantee that Reconnect never sends mail. */
import { findSendCalls } from './no-send-check';

const SENDS: ReadonlyArray<[string, string]> = [
  ['Gmail.Users.Messages.send({ raw: raw }, "me");', 'Gmail API messages.send'],
  ['Gmail.Users.Drafts.send({ id: draftId }, "me");', 'Gmail API drafts.send'],
  ['Gmail . Users . Drafts . send ({ id })', 'Gmail API drafts.send'],
  ['const s = Gmail.Users.Messages.send; s(m, "me");', 'Gmail API messages.send'],
  ['GmailApp.sendEmail(to, subject, body);', 'sendEmail'],
  ['MailApp.sendEmail({ to, subject, body });', 'sendEmail'],
  ['const left = MailApp.getRemainingDailyQuota();', 'MailApp'],
  ['GmailApp.getDraft(id).send();', '.send() call'],
  ['draft.send()', '.send() call'],
  ['draft["send"]()', '["send"] call'],
  ["UrlFetchApp.fetch('https://gmail.googleapis.com/gmail/v1/users/me/messages/send', options);", 'Gmail REST send endpoint'],
  ["UrlFetchApp.fetch(base + '/drafts/send', options);", 'Gmail REST send endpoint'],
  ['message.reply("Thanks!");', '.reply()/.replyAll()/.forward() call'],
  ['thread.replyAll(body);', '.reply()/.replyAll()/.forward() call'],
  ['message.forward("someone@example.com");', '.reply()/.replyAll()/.forward() call'],
];

const SAFE: readonly string[] = [
  'Gmail.Users.Drafts.create({ message: { raw } }, "me");',
  'Gmail.Users.Drafts.update({ message: { raw } }, "me", id);',
  'Gmail.Users.Drafts.list("me", { maxResults: 100 });',
  'Gmail.Users.Messages.list("me", { q: query });',
  'Gmail.Users.Settings.SendAs.list("me");',
  'GmailApp.createDraft(to, subject, body);',
  'thread.createDraftReply(body); message.createDraftReplyAll(body);',
  'const label = "Sent"; const sender = from; const sendAs = aliases; x.resend; isSent(y);',
  'const note = "Reconnect writes drafts; it never sends them.";',
  'const ref = forwardRef(x); obj.forwardTo = 1;',
];

describe('check-no-send', () => {
  const results = findSendCalls([...SENDS.map(([code]) => code), ...SAFE]);
  const sendResults = results.slice(0, SENDS.length);
  const safeResults = results.slice(SENDS.length);

  it.each(SENDS.map(([code, rule], i) => [code, rule, i] as const))('flags %s', (_code, rule, i) => {
    expect(sendResults[i]!.map((h) => h.rule)).toContain(rule);
  });

  it.each(SAFE.map((code, i) => [code, i] as const))('allows %s', (_code, i) => {
    expect(safeResults[i]).toEqual([]);
  });

  it('reports where each send is', () => {
    const [hits] = findSendCalls(['// ok\nconst a = 1;\n  Gmail.Users.Drafts.send({ id }, "me");\n']);
    expect(hits).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: 'Gmail API drafts.send', line: 3, column: 15, excerpt: 'Gmail.Users.Drafts.send({ id }, "me");' }),
      ]),
    );
  });
});
