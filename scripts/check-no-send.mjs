/**
 * Reconnect writes drafts and never sends mail. No OAuth scope can enforce that:
 * every scope that creates drafts (gmail.modify, gmail.compose) also allows
 * sending (https://developers.google.com/workspace/gmail/api/auth/scopes), so the
 * guarantee is this check on the shipped bundle, run by scripts/build-gas.mjs and
 * by test/build/check-no-send.test.ts.
 *
 * It reads text, not a syntax tree, on purpose: it also catches a send hidden in a
 * string handed to UrlFetchApp, and a false positive only costs a rewording.
 */

/** @typedef {{ rule: string, match: string, line: number, column: number, excerpt: string }} SendHit */

/** @type {ReadonlyArray<{ rule: string, pattern: RegExp }>} */
export const SEND_RULES = [
  // Gmail advanced service: Gmail.Users.Messages.send(...), Gmail.Users.Drafts.send(...).
  { rule: 'Gmail API messages.send', pattern: /\bMessages\s*\.\s*send\b/g },
  { rule: 'Gmail API drafts.send', pattern: /\bDrafts\s*\.\s*send\b/g },
  // The same endpoints called over UrlFetchApp (.../users/me/messages/send, .../drafts/send).
  { rule: 'Gmail REST send endpoint', pattern: /\/(?:messages|drafts)\/send\b/g },
  // GmailApp.sendEmail, MailApp.sendEmail, and any wrapper named after them.
  { rule: 'sendEmail', pattern: /\bsendEmail\b/g },
  // MailApp can do nothing but send (https://developers.google.com/apps-script/reference/mail/mail-app).
  { rule: 'MailApp', pattern: /\bMailApp\b/g },
  // GmailDraft.send(), and any other `.send(` (Reconnect has no legitimate one), including obj["send"](.
  { rule: '.send() call', pattern: /\.\s*send\s*\(/g },
  { rule: '["send"] call', pattern: /\[\s*(['"`])send\1\s*\]\s*\(/g },
  // GmailMessage/GmailThread .reply(), .replyAll() and .forward() send immediately
  // (https://developers.google.com/apps-script/reference/gmail/gmail-message);
  // the draft-making forms are createDraftReply/createDraftReplyAll, which these miss.
  { rule: '.reply()/.replyAll()/.forward() call', pattern: /\.\s*(?:reply|replyAll|forward)\s*\(/g },
];

/**
 * Every place in `text` that could send mail.
 * @param {string} text
 * @returns {SendHit[]}
 */
export function findSendCalls(text) {
  /** @type {SendHit[]} */
  const hits = [];
  for (const { rule, pattern } of SEND_RULES) {
    const re = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
    for (const m of text.matchAll(re)) {
      const index = m.index ?? 0;
      const before = text.slice(0, index);
      const line = before.split('\n').length;
      const lineStart = before.lastIndexOf('\n') + 1;
      const lineEnd = text.indexOf('\n', index);
      const fullLine = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd).trim();
      hits.push({
        rule,
        match: m[0],
        line,
        column: index - lineStart + 1,
        excerpt: fullLine.length > 120 ? `${fullLine.slice(0, 117)}...` : fullLine,
      });
    }
  }
  return hits.sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * Throws one error listing every hit; `label` names the checked text (a file path).
 * @param {string} text
 * @param {string} [label]
 */
export function assertNoSend(text, label = 'bundle') {
  const hits = findSendCalls(text);
  if (hits.length === 0) return;
  const where = hits.map((h) => `  ${label}:${h.line}:${h.column} ${h.rule}: ${h.excerpt}`).join('\n');
  throw new Error(`${label} could send mail (Reconnect only writes drafts):\n${where}`);
}
