/**
 * Who is on the open message: From, To and Cc, without the owner.
 *
 * Read with the Advanced Gmail service in metadata format (GmailMailSource.get,
 * the request the scan makes). The add-on's gmail.addons.current.message.metadata
 * scope covers GmailApp once the event's accessToken is passed to
 * GmailApp.setCurrentMessageAccessToken; Reconnect already holds gmail.modify,
 * under which the Advanced service reads any message by id, so the card needs
 * neither GmailApp nor the token, and there is one way of reading mail, not two.
 */
import type { MessageMeta } from '../core/message-meta';
import { parseAddresses } from '../core/parse-addresses';
import type { MailSourcePort } from './gas-ports';

export interface MessagePerson {
  /** Normalized, as the ledger keys people. */
  email: string;
  name: string;
  /** As this message's header wrote it. */
  address: string;
}

export function readMessagePeople(
  source: Pick<MailSourcePort, 'get'>,
  messageId: string,
  owner: ReadonlySet<string>,
  mergeGmailVariants = true,
): { message: MessageMeta; people: MessagePerson[] } {
  const message = source.get(messageId);
  const people: MessagePerson[] = [];
  const seen = new Set<string>();
  for (const header of [message.from, message.to, message.cc]) {
    for (const mailbox of parseAddresses(header, mergeGmailVariants)) {
      if (owner.has(mailbox.email) || seen.has(mailbox.email)) continue;
      seen.add(mailbox.email);
      people.push({ email: mailbox.email, name: mailbox.name, address: mailbox.address });
    }
  }
  return { message, people };
}
