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
