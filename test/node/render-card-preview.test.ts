import type { CardTree } from '../../src/node/card-tree';
import { renderCardPreview, renderFormatted } from '../../src/node/render-card-preview';

const card: CardTree = {
  name: 'homepage',
  header: { title: 'Reconnect', subtitle: '1 lapsed <script>', imageAltText: 'Reconnect' },
  cardActions: [],
  sections: [
    {
      header: 'Most overdue',
      collapsible: false,
      widgets: [
        { kind: 'decoratedText', text: '<b>R&amp;D &lt;Lab&gt;</b>', topLabel: 'hal@example.org', wrapText: true },
        { kind: 'buttonSet', buttons: [{ kind: 'textButton', text: 'Snooze 30 days', action: { functionName: 'onCardAction', parameters: { action: 'snooze' } } }] },
        { kind: 'selectionInput', fieldName: 't', type: 'DROPDOWN', items: [{ text: 'Keep in touch', value: 'keep-in-touch', selected: true }] },
        { kind: 'textInput', fieldName: 'n', title: 'Drafts per week', value: '5' },
      ],
    },
  ],
};

describe('renderCardPreview', () => {
  it('draws the card in a 320 px side panel with its toast', () => {
    const html = renderCardPreview({ title: 'Homepage', card, notification: 'Snoozed Hal until 2 Dec 2026.' });
    expect(html).toContain('width:320px');
    expect(html).toContain('<b>R&amp;D &lt;Lab&gt;</b>');
    expect(html).toContain('1 lapsed &lt;script&gt;');
    expect(html).toContain('data-action="snooze">Snooze 30 days</span>');
    expect(html).toContain('<option value="keep-in-touch" selected>Keep in touch</option>');
    expect(html).toContain('<div class="toast" role="status">Snoozed Hal until 2 Dec 2026.</div>');
    expect(html).not.toContain('<script>');
  });

  it('keeps the tags cards support and shows everything else as text', () => {
    expect(renderFormatted('<font color="#d93025">Bad</font> <i>x</i><br><a href="https://example.org/">y</a>')).toBe(
      '<span style="color:#d93025">Bad</span> <i>x</i><br><a href="https://example.org/">y</a>',
    );
    expect(renderFormatted('<img src=x onerror=alert(1)> <a href="javascript:alert(1)">z</a>')).toBe('&lt;img src=x onerror=alert(1)&gt; <a>z</a>');
  });
});
