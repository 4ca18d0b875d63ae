/** Object mothers for core tests: explicit dates, no randomness. */
import type { MessageMeta } from '../../src/core/message-meta';
import { createFoldOptions, type FoldOptions } from '../../src/core/settings';

export const OWNER = 'me@example.com';
export const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);
export const DAY = 86_400_000;

let counter = 0;

export function aMessage(fields: Partial<MessageMeta> = {}): MessageMeta {
  counter += 1;
  return {
    id: `m${counter}`,
    threadId: `t${counter}`,
    date: T0,
    from: 'Ann Smith <ann@example.org>',
    to: OWNER,
    cc: '',
    bcc: '',
    subject: 'Hello',
    labels: ['Inbox'],
    ...fields,
  };
}

export function sent(to: string, date: number, fields: Partial<MessageMeta> = {}): MessageMeta {
  return aMessage({ from: `Me <${OWNER}>`, to, date, labels: ['Sent'], ...fields });
}

export function received(from: string, date: number, fields: Partial<MessageMeta> = {}): MessageMeta {
  return aMessage({ from, to: OWNER, date, ...fields });
}

export function options(overrides: Partial<Omit<FoldOptions, 'owner'>> = {}): FoldOptions {
  return createFoldOptions([OWNER, 'me@alias.example'], overrides);
}
