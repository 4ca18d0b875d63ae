import { inferOwner } from '../../src/core/infer-owner';

describe('inferOwner', () => {
  it('keeps aliases that sent real mail and drops one-off oddities', () => {
    const counts = new Map([['me@gmail.com', 400], ['me@work.example', 40], ['forwarded@else.example', 1]]);
    expect(inferOwner(counts)).toEqual(['me@gmail.com', 'me@work.example']);
  });

  it('takes every sender of a small Sent folder', () => {
    expect(inferOwner(new Map([['a@x.example', 1], ['b@x.example', 2]]))).toEqual(['b@x.example', 'a@x.example']);
  });

  it('returns nothing when nothing was sent', () => {
    expect(inferOwner(new Map())).toEqual([]);
  });
});
