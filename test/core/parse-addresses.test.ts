import { toMessageMeta } from '../../src/core/message-meta';
import fc from 'fast-check';
import { parseAddresses, parseSimpleList } from '../../src/core/parse-addresses';

describe('parseAddresses', () => {
  it('parses names, quoted commas and bare addresses', () => {
    expect(parseAddresses('"Doe, Jane" <Jane@Example.com>, bob@example.com, Ann <ann@example.org>')).toEqual([
      { email: 'jane@example.com', name: 'Doe, Jane', address: 'Jane@Example.com' },
      { email: 'bob@example.com', name: '', address: 'bob@example.com' },
      { email: 'ann@example.org', name: 'Ann', address: 'ann@example.org' },
    ]);
  });

  it('flattens groups and drops empty ones', () => {
    expect(parseAddresses('Team: a@example.com, b@example.com;, undisclosed-recipients:;')).toEqual([
      { email: 'a@example.com', name: '', address: 'a@example.com' },
      { email: 'b@example.com', name: '', address: 'b@example.com' },
    ]);
  });

  it('drops garbage entries instead of inventing contacts', () => {
    expect(parseAddresses('not an address, <>, @@, "Name Only"')).toEqual([]);
  });

  it('drops a display name that only repeats the address', () => {
    expect(parseAddresses('"ann@example.org" <ann@example.org>')).toEqual([{ email: 'ann@example.org', name: '', address: 'ann@example.org' }]);
  });

  it('merges Gmail variants', () => {
    expect(parseAddresses('J.Doe@googlemail.com').map((m) => m.email)).toEqual(['jdoe@gmail.com']);
  });

  it('keeps the address as written beside its identity, on both parsing paths', () => {
    expect(parseAddresses('Amara <Amara.Johansson@gmail.com>')[0]).toMatchObject({ email: 'amarajohansson@gmail.com', address: 'Amara.Johansson@gmail.com' });
    expect(parseAddresses('Team: Amara.Johansson@gmail.com ;')[0]).toMatchObject({ email: 'amarajohansson@gmail.com', address: 'Amara.Johansson@gmail.com' });
  });

  it('returns nothing for an empty header', () => {
    expect(parseAddresses('')).toEqual([]);
  });
});

describe('parseAddresses on hostile and international headers', () => {
  it.each([
    // The name decodes to "Boss <boss@corp.example>": it stays a name, the sender stays the attacker.
    ['=?utf-8?B?Qm9zcyA8Ym9zc0Bjb3JwLmV4YW1wbGU+?= <attacker@evil.example>', [['attacker@evil.example', 'Boss <boss@corp.example>']]],
    ['=?utf-8?Q?Boss_<boss@corp.example>?= <attacker@evil.example>', [['attacker@evil.example', 'Boss <boss@corp.example>']]],
    // A source that hands over values already decoded: the last angle address is the mailbox.
    ['Boss <boss@corp.example> <attacker@evil.example>', [['attacker@evil.example', 'Boss <boss@corp.example>']]],
    ['"a" <x@one.example> <y@two.example>, Ann <ann@example.org>', [['y@two.example', '"a" <x@one.example>'], ['ann@example.org', 'Ann']]],
    // Real names the decode-first path mangled.
    ['=?utf-8?Q?The=20Heretic=20=28Pascal=20Finette=29?= <pascal@example.org>', [['pascal@example.org', 'The Heretic (Pascal Finette)']]],
    ['=?utf-8?Q?John_=22Johnny=22_Doe?= <j@example.org>', [['j@example.org', 'John "Johnny" Doe']]],
    ['=?utf-8?Q?Doe=2C_John?= <j@example.org>', [['j@example.org', 'Doe, John']]],
    ['"=?utf-8?B?SsO2cmc=?=" <jorg@example.de>', [['jorg@example.de', 'Jörg']]],
    // RFC 6532: UTF-8 addresses are kept, compared in NFC and lower case.
    ['jdöe@mächine.example', [['jdöe@mächine.example', '']]],
    ['Jö <JDO\u0308E@MA\u0308CHINE.example>', [['jdöe@mächine.example', 'Jö']]],
    ['用户@例子.广告', [['用户@例子.广告', '']]],
    // Never an address: bidi controls, U+FFFD.
    ['a\u202e@b.example, c\ufffd@d.example', []],
  ])('%j', (header, expected) => {
    expect(parseAddresses(header).map((m) => [m.email, m.name])).toEqual(expected);
  });

  it('reads a raw comma or @ inside an "encoded word" as the structure it is, never as the spoofed address', () => {
    // RFC 2047 section 5(3) allows neither in a phrase's encoded word, so they are RFC 5322 syntax.
    const emails = parseAddresses('=?utf-8?Q?boss@corp.example,_x?= <attacker@evil.example>').map((m) => m.email);
    expect(emails).not.toContain('boss@corp.example');
    expect(emails).toContain('attacker@evil.example');
  });
});

describe('parseSimpleList', () => {
  const addressparserOf = (h: string) =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('nodemailer/lib/addressparser') as (s: string, o: { flatten: true }) => Array<{ name: string; address: string }>)(h, { flatten: true });

  it('agrees with addressparser on the plain lists it accepts', () => {
    const name = fc.stringMatching(/^[A-Za-z\u00c0-\u017f' .-]{0,12}$/);
    const local = fc.stringMatching(/^[a-z0-9][a-z0-9._+-]{0,8}$/);
    const entry = fc.tuple(fc.constantFrom('bare', 'named', 'quoted'), name, local, fc.constantFrom('example.org', 'x.example.com')).map(([kind, n, l, d]) =>
      kind === 'bare' ? `${l}@${d}` : kind === 'named' ? `${n} <${l}@${d}>` : `"${n}, jr" <${l}@${d}>`,
    );
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 6 }), fc.constantFrom(', ', ',', ',\n '), (entries, sep) => {
        const header = entries.join(sep);
        const fast = parseSimpleList(header);
        if (fast === null) return;
        expect(fast.map((e) => e.address)).toEqual(addressparserOf(header).map((e) => e.address));
        expect(fast.map((e) => e.name.trim())).toEqual(addressparserOf(header).map((e) => e.name.trim()));
      }),
    );
  });

  it.each(['a@x.example (comment)', 'Team: a@x.example;', '"a\\"b" <a@x.example>', '"unclosed <a@x.example>', 'Name <a@x.example> trailing'])('hands %p to the full parser', (h) => {
    expect(parseSimpleList(h)).toBeNull();
  });
});

describe('the Gmail API path (toMessageMeta, both Apps Script and Node)', () => {
  const message = (from: string, subject: string) =>
    toMessageMeta({ id: 'm', threadId: 't', internalDate: '0', labelIds: ['INBOX'], payload: { headers: [{ name: 'From', value: from }, { name: 'Subject', value: subject }, { name: 'To', value: 'a@example.org' }, { name: 'to', value: 'b@example.org' }] } });

  it.each([
    // Header values as written (encoded words left in) ...
    ['=?utf-8?B?Qm9zcyA8Ym9zc0Bjb3JwLmV4YW1wbGU+?= <attacker@evil.example>'],
    // ... or already decoded by Google: either way the sender is the attacker.
    ['Boss <boss@corp.example> <attacker@evil.example>'],
  ])('counts a spoofing name for the real sender: %j', (from) => {
    const meta = message(from, '=?utf-8?Q?Caf=C3=A9?=');
    expect(parseAddresses(meta.from)).toEqual([{ email: 'attacker@evil.example', name: 'Boss <boss@corp.example>', address: 'attacker@evil.example' }]);
    expect(meta.subject).toBe('Café');
    expect(parseAddresses(meta.to).map((m) => m.email)).toEqual(['a@example.org', 'b@example.org']);
  });
});
