import { cleanSubject } from '../../src/core/clean-subject';

describe('cleanSubject', () => {
  it.each([
    ['Q3 planning', 'Q3 planning'],
    ['Re: Q3 planning', 'Q3 planning'],
    ['RE: Fwd: re: Q3 planning', 'Q3 planning'],
    ['AW: WG: Angebot', 'Angebot'],
    ['Re[2]: Lunch', 'Lunch'],
    ['SV： Möte', 'Möte'],
    ['[EXTERNAL] Re: Contract', 'Contract'],
    ['Re:   multi\r\n line\tsubject ', 'multi line subject'],
    ['Re: Re:', ''],
    ['(no subject)', ''],
    ['', ''],
    ['---', ''],
    ['Regarding the offsite', 'Regarding the offsite'],
    [`Re: ${'word '.repeat(30)}`, `${'word '.repeat(15).trim()}…`],
  ])('%j → %j', (raw, expected) => {
    expect(cleanSubject(raw)).toBe(expected);
  });
});
