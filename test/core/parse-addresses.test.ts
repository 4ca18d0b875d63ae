import { parseAddresses } from '../../src/core/parse-addresses';

describe('parseAddresses', () => {
  it('parses names, quoted commas and bare addresses', () => {
    expect(parseAddresses('"Doe, Jane" <Jane@Example.com>, bob@example.com, Ann <ann@example.org>')).toEqual([
      { email: 'jane@example.com', name: 'Doe, Jane' },
      { email: 'bob@example.com', name: '' },
      { email: 'ann@example.org', name: 'Ann' },
    ]);
  });

  it('flattens groups and drops empty ones', () => {
    expect(parseAddresses('Team: a@example.com, b@example.com;, undisclosed-recipients:;')).toEqual([
      { email: 'a@example.com', name: '' },
      { email: 'b@example.com', name: '' },
    ]);
  });

  it('drops garbage entries instead of inventing contacts', () => {
    expect(parseAddresses('not an address, <>, @@, "Name Only"')).toEqual([]);
  });

  it('drops a display name that only repeats the address', () => {
    expect(parseAddresses('"ann@example.org" <ann@example.org>')).toEqual([{ email: 'ann@example.org', name: '' }]);
  });

  it('merges Gmail variants', () => {
    expect(parseAddresses('J.Doe@googlemail.com').map((m) => m.email)).toEqual(['jdoe@gmail.com']);
  });

  it('returns nothing for an empty header', () => {
    expect(parseAddresses('')).toEqual([]);
  });
});
