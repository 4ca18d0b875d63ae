import { createSampleViews } from '../../src/core/create-sample-views';

describe('createSampleViews', () => {
  it('covers every branch a template can take', () => {
    const views = createSampleViews().map((s) => s.view);
    for (const key of ['firstName', 'lastSubject', 'lastContactDate', 'ownerName', 'ownerFirstName', 'longGap', 'youWroteLast', 'theyWroteLast'] as const) {
      expect(views.some((v) => Boolean(v[key]))).toBe(true);
      expect(views.some((v) => !v[key])).toBe(true);
    }
  });
});
