/** A subject as a person would say it in a sentence: no "Re:"/"Fwd:" or [EXT] tags, one line, short. Pure. */
import { collapseSpaces } from './strip-controls';

// Reply and forward prefixes in the languages Gmail users most often meet
// (https://en.wikipedia.org/wiki/List_of_email_subject_abbreviations), with
// Outlook's counters ("Re[2]:") and full-width colons.
const REPLY_PREFIX = /^(?:re|fw|fwd|aw|wg|sv|vs|antw|tr|rif|res|enc|odp)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*/i;
const EXTERNAL_TAG = /^(?:\[\s*ext(?:ernal)?\s*\]|\*\s*ext(?:ernal)?\s*\*)\s*:?\s*/i;
const NO_SUBJECT = /^\(?\s*no subject\s*\)?$/i;
const MAX_SUBJECT = 80;

/** The subject as a person would say it: no "Re:"/"Fwd:", one line, at most 80 characters; '' when there is nothing to say. */
export function cleanSubject(raw: string): string {
  let text = collapseSpaces(raw);
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = text.replace(REPLY_PREFIX, '').replace(EXTERNAL_TAG, '').trim();
  }
  if (NO_SUBJECT.test(text) || !/[\p{L}\p{N}]/u.test(text)) return '';
  if (text.length <= MAX_SUBJECT) return text;
  const cut = text.slice(0, MAX_SUBJECT - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > MAX_SUBJECT / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/u, '')}…`;
}
