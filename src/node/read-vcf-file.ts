/**
 * Reads a Google Takeout Contacts export (vCard 3.0, "All Contacts.vcf") one
 * card at a time with ical.js. Google writes a contact's labels in CATEGORIES
 * ("myContacts,Reconnect: monthly"); its own system groups are left out.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import ICAL from 'ical.js';
import { GOOGLE_SYSTEM_GROUPS, type ContactCard } from '../core/resolve-people';
import { UserError } from './user-error';

export interface VcfStats {
  cards: number;
  /** Cards that could not be read and were skipped. */
  broken: number;
}

export async function readVcfFile(path: string, stats: VcfStats = { cards: 0, broken: 0 }): Promise<ContactCard[]> {
  const cards: ContactCard[] = [];
  let block: string[] | null = null;
  let sawCard = false;
  let lineNumber = 0;
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  try {
    for await (const raw of lines) {
      lineNumber += 1;
      const line = lineNumber === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (lineNumber === 1 && !/^BEGIN:VCARD\s*$/i.test(line) && line.trim() !== '') {
        throw new UserError(`${path} is not a vCard file (it does not start with BEGIN:VCARD); pass the .vcf file from Google Takeout's Contacts folder`);
      }
      if (block === null) {
        if (/^BEGIN:VCARD\s*$/i.test(line)) {
          block = [line];
          sawCard = true;
        }
        continue;
      }
      block.push(line);
      if (!/^END:VCARD\s*$/i.test(line)) continue;
      const text = `${block.join('\r\n')}\r\n`;
      block = null;
      stats.cards += 1;
      try {
        const card = readCard(text, stats.cards);
        if (card !== null) cards.push(card);
      } catch {
        stats.broken += 1;
      }
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`cannot read --contacts ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; check the path`);
  } finally {
    lines.close();
  }
  if (!sawCard) throw new UserError(`${path} holds no vCard (no BEGIN:VCARD); pass the .vcf file from Google Takeout's Contacts folder`);
  if (block !== null) stats.broken += 1;
  return cards;
}

/** One card; null when it has no email address, so it cannot be anyone's mail. */
function readCard(text: string, position: number): ContactCard | null {
  const component = new ICAL.Component(ICAL.parse(text));
  if (component.name !== 'vcard') throw new Error('not a vCard');
  const emails = component
    .getAllProperties('email')
    .map((p) => String(p.getFirstValue() ?? '').trim())
    .filter((e) => e !== '');
  if (emails.length === 0) return null;
  const uid = component.getFirstPropertyValue('uid');
  const fn = component.getFirstPropertyValue('fn');
  const groups: string[] = [];
  for (const prop of component.getAllProperties('categories')) {
    for (const value of prop.getValues()) {
      const label = String(value).trim();
      if (label !== '' && !GOOGLE_SYSTEM_GROUPS.has(label) && !groups.includes(label)) groups.push(label);
    }
  }
  return {
    // Takeout cards carry no UID; the position in the file is stable for one export.
    id: typeof uid === 'string' && uid !== '' ? uid : `vcard:${String(position).padStart(8, '0')}`,
    name: typeof fn === 'string' ? fn.trim() : '',
    emails,
    groups,
  };
}
