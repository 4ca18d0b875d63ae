import { neutralizeFormula } from '../../src/core/neutralize-formula';

describe('neutralizeFormula', () => {
  it.each(['=HYPERLINK("http://evil")', '+1+1', '-2', '@SUM(A1)', '\t=1', '\r=1', "=cmd|' /C calc'!A0"])('makes %p literal', (text) => {
    expect(neutralizeFormula(text)).toBe(`'${text}`);
  });
  it.each(['Ann Smith', 'Re: =plans', '', "'quoted"])('leaves %p alone', (text) => {
    expect(neutralizeFormula(text)).toBe(text);
  });
});
