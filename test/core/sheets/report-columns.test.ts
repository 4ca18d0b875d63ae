import { chooseDatePattern, formatColumnLetters } from '../../../src/core/sheets/report-columns';

describe('chooseDatePattern', () => {
  it('follows the locale order and separators', () => {
    expect(chooseDatePattern('en_US')).toBe('mm/dd/yyyy');
    expect(chooseDatePattern('en_GB')).toBe('dd/mm/yyyy');
    expect(chooseDatePattern('de_DE')).toBe('dd.mm.yyyy');
    expect(chooseDatePattern('sv_SE')).toBe('yyyy-mm-dd');
    expect(chooseDatePattern('not a locale!')).toBe('yyyy-mm-dd');
  });
});

describe('formatColumnLetters', () => {
  it('spells columns like Sheets', () => {
    expect([1, 26, 27, 52, 703].map(formatColumnLetters)).toEqual(['A', 'Z', 'AA', 'AZ', 'AAA']);
  });
});
