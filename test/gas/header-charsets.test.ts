/** Apps Script decodes encoded words in charsets the core does not carry through Utilities, as Node does through TextDecoder. */
import { decodeEncodedWords } from '../../src/core/decode-encoded-words';
import { parseAddresses } from '../../src/core/parse-addresses';
import { MailboxBuilder } from '../fakes/mailbox-builder';
import { newGoogle, runExecution } from './gas-harness';

describe('encoded words in other charsets on the Apps Script side', () => {
  it('are decoded through Utilities.newBlob(bytes).getDataAsString(charset) once the runtime is made', () => {
    // No runtime yet in this test file, so nothing has registered a platform decoder.
    expect(decodeEncodedWords('=?koi8-r?B?8NLJ18XU?=')).toBe('=?koi8-r?B?8NLJ18XU?=');
    const google = newGoogle(new MailboxBuilder({ owner: 'me@example.com' }));
    const outcome = runExecution(google, () => parseAddresses('=?koi8-r?B?8NLJ18XU?= <ivan@example.ru>, =?iso-8859-2?Q?Pawe=B3?= <p@example.pl>'));
    expect(outcome.error).toBeUndefined();
    expect(outcome.result).toEqual([
      { email: 'ivan@example.ru', name: 'Привет', address: 'ivan@example.ru' },
      { email: 'p@example.pl', name: 'Paweł', address: 'p@example.pl' },
    ]);
    // A charset Utilities does not know keeps the word as written.
    expect(decodeEncodedWords('=?x-unknown?Q?abc?=')).toBe('=?x-unknown?Q?abc?=');
  });
});
