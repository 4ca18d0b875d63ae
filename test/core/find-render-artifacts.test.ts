import { convertHtmlToText, findRenderArtifacts } from '../../src/core/find-render-artifacts';

describe('findRenderArtifacts', () => {
  const text = (body: string, subject = 'S') => findRenderArtifacts({ subject, body });

  it.each([
    ['Hi ,\n\nBody', 'body line 1: space before punctuation in "Hi ,"'],
    ['We wrote about .', 'space before punctuation'],
    ['We wrote about “”.', 'empty quotes or brackets'],
    ['Thanks\n, Ann', 'line starts with punctuation'],
    ['It has been  months.', 'double space between words'],
    ['Tom &amp; Jerry', 'HTML entity &amp; in plain text'],
    ['It&#39;s me', 'HTML entity &#39; in plain text'],
  ])('finds %j', (body, problem) => {
    expect(text(body).join('\n')).toContain(problem);
  });

  it('finds an empty subject and artifacts in HTML', () => {
    expect(text('Fine.', '')).toEqual(['subject: empty']);
    expect(findRenderArtifacts({ subject: 'S', body: 'Fine.', html: '<p>Hi <b></b>,</p>' })).toEqual(['html line 1: space before punctuation in "Hi ,"']);
  });

  it('accepts ordinary writing', () => {
    expect(text('Hi there,\n\nWait... really?  Yes. Two spaces after a sentence are fine.\n- A list\n\n[who you\'d like to meet]')).toEqual([]);
  });

  it('reads HTML as text', () => {
    expect(convertHtmlToText('<p>Hi &amp; bye,<br>\nAnn</p>\n<ul>\n<li>One</li>\n<li>Two &#x2F; &#39;three&#39;</li>\n</ul>')).toBe("Hi & bye,\nAnn\n\n- One\n- Two / 'three'");
  });
});
