import { normalizeEmail } from '../../src/core/normalize-email';

describe('normalizeEmail', () => {
  it('lower-cases the address', () => {
    expect(normalizeEmail('Ann.Smith@Example.ORG')).toBe('ann.smith@example.org');
  });

  it('merges Gmail dots, case and googlemail.com by default', () => {
    expect(normalizeEmail('First.Last@gmail.com')).toBe('firstlast@gmail.com');
    expect(normalizeEmail('firstlast@googlemail.com')).toBe('firstlast@gmail.com');
    expect(normalizeEmail('F.i.r.s.t.Last@GoogleMail.com')).toBe('firstlast@gmail.com');
  });

  it('keeps Gmail spellings apart when merging is off', () => {
    expect(normalizeEmail('First.Last@googlemail.com', false)).toBe('first.last@googlemail.com');
  });

  it('keeps dots outside Gmail', () => {
    expect(normalizeEmail('first.last@example.com')).toBe('first.last@example.com');
  });

  it.each(['', 'undisclosed-recipients', '@example.com', 'ann@', 'ann@localhost', 'a b@example.com', 'ann@exa mple.com', 'ann@@example.com', 'ann..b@example.com', `${'x'.repeat(65)}@example.com`])(
    'drops garbage %p',
    (value) => {
      expect(normalizeEmail(value)).toBeNull();
    },
  );
});
