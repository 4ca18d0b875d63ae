import vm from 'node:vm';
import {
  checkFormattedText,
  FakeCardService,
  FakeGoogle,
  FakeRuntime,
  MAX_SECTIONS_PER_CARD,
  MAX_WIDGETS_PER_SECTION,
  NotImplementedError,
  readCard,
  readResponse,
} from '../fakes';

const cs = () => new FakeCardService(new FakeRuntime());

function sectionWith(service: FakeCardService, widgets: number): GoogleAppsScript.Card_Service.CardSection {
  const section = service.newCardSection();
  for (let i = 0; i < widgets; i += 1) section.addWidget(service.newTextParagraph().setText(`w${i}`));
  return section;
}

describe('FakeCardService', () => {
  it('records a card as plain data', () => {
    const s = cs();
    const action = s.newAction().setFunctionName('onCardAction').setParameters({ action: 'snooze', email: 'ann@example.org' });
    const card = s
      .newCardBuilder()
      .setName('home')
      .setHeader(s.newCardHeader().setTitle('Reconnect').setSubtitle('3 lapsed'))
      .addSection(
        s
          .newCardSection()
          .setHeader('People')
          .addWidget(s.newDecoratedText().setText('<b>Ann</b>').setTopLabel('Lapsed').setWrapText(true))
          .addWidget(s.newButtonSet().addButton(s.newTextButton().setText('Snooze').setOnClickAction(action)))
          .addWidget(s.newSelectionInput().setType(s.SelectionInputType.DROPDOWN).setFieldName('t').addItem('A', 'a', true).addItem('B', 'b', false))
          .addWidget(s.newTextInput().setFieldName('n').setTitle('Name').setValue('x')),
      )
      .build();
    expect(readCard(card)).toEqual({
      name: 'home',
      header: { title: 'Reconnect', subtitle: '3 lapsed' },
      cardActions: [],
      sections: [
        {
          header: 'People',
          collapsible: false,
          widgets: [
            { kind: 'decoratedText', text: '<b>Ann</b>', topLabel: 'Lapsed', wrapText: true },
            { kind: 'buttonSet', buttons: [{ kind: 'textButton', text: 'Snooze', action: { functionName: 'onCardAction', parameters: { action: 'snooze', email: 'ann@example.org' } } }] },
            { kind: 'selectionInput', fieldName: 't', type: 'DROPDOWN', items: [{ text: 'A', value: 'a', selected: true }, { text: 'B', value: 'b', selected: false }] },
            { kind: 'textInput', fieldName: 'n', title: 'Name', value: 'x' },
          ],
        },
      ],
    });
    expect(JSON.parse(card.printJson()).name).toBe('home');
  });

  it('records responses: notification, navigation, draft updates', () => {
    const s = cs();
    const card = s.newCardBuilder().addSection(sectionWith(s, 1)).build();
    const response = s.newActionResponseBuilder().setNotification(s.newNotification().setText('Done')).setNavigation(s.newNavigation().popCard().updateCard(card)).build();
    expect(readResponse(response)).toMatchObject({ kind: 'actionResponse', notification: 'Done', navigation: [{ kind: 'popCard' }, { kind: 'updateCard' }] });
    const draft = s
      .newUpdateDraftActionResponseBuilder()
      .setUpdateDraftBodyAction(s.newUpdateDraftBodyAction().addUpdateContent('<p>Hi</p>', s.ContentType.MUTABLE_HTML).setUpdateType(s.UpdateDraftBodyType.IN_PLACE_INSERT))
      .build();
    expect(readResponse(draft)).toEqual({ kind: 'updateDraftActionResponse', body: { updateType: 'IN_PLACE_INSERT', contents: [{ content: '<p>Hi</p>', contentType: 'MUTABLE_HTML' }] } });
    const universal = s.newUniversalActionResponseBuilder().setOpenLink(s.newOpenLink().setUrl('https://docs.google.com/x')).build();
    expect(readResponse(universal)).toMatchObject({ kind: 'universalActionResponse', openLink: { url: 'https://docs.google.com/x' } });
  });

  it('enforces Google\'s section and widget limits', () => {
    const s = cs();
    const tooManySections = s.newCardBuilder();
    for (let i = 0; i <= MAX_SECTIONS_PER_CARD; i += 1) tooManySections.addSection(sectionWith(s, 1));
    expect(() => tooManySections.build()).toThrow(/no more than 100/);
    expect(() => s.newCardBuilder().addSection(sectionWith(s, MAX_WIDGETS_PER_SECTION + 1)).build()).toThrow(/101 widgets; a card section can have no more than 100/);
    expect(() => s.newCardBuilder().addSection(sectionWith(s, 60)).addSection(sectionWith(s, 41)).build()).toThrow(/101 widgets; Google shows at most 100 per card/);
    expect(() => s.newCardBuilder().addSection(sectionWith(s, 60)).addSection(sectionWith(s, 40)).build()).not.toThrow();
    expect(() => s.newCardBuilder().addSection(s.newCardSection()).build()).toThrow(/no widgets/);
    expect(() => s.newCardBuilder().build()).toThrow(/at least one section/);
  });

  it('refuses unescaped text and tags cards do not support', () => {
    expect(() => checkFormattedText('<b>Ann</b> &amp; <i>Bob</i><br><font color="#d93025">x</font> <a href="https://x.example/">y</a>', 't')).not.toThrow();
    expect(() => checkFormattedText('R&D', 't')).toThrow(/bare "&"/);
    expect(() => checkFormattedText('<Lab>', 't')).toThrow(/not one of the tags/);
    expect(() => checkFormattedText('a < b', 't')).toThrow(/not one of the tags/);
    const s = cs();
    expect(() => s.newCardBuilder().addSection(s.newCardSection().addWidget(s.newTextParagraph().setText('<script>x</script>'))).build()).toThrow(/script/);
  });

  it('requires what the reference marks Required, and string parameters', () => {
    const s = cs();
    expect(() => s.newCardBuilder().addSection(s.newCardSection().addWidget(s.newTextParagraph())).build()).toThrow(/TextParagraph.setText is required/);
    expect(() => s.newAction().setParameters({ n: 1 as unknown as string })).toThrow(/strings only/);
    const noName = s.newTextButton().setText('Go').setOnClickAction(s.newAction());
    expect(() => s.newCardBuilder().addSection(s.newCardSection().addWidget(noName)).build()).toThrow(/setFunctionName is required/);
  });

  it('counts build() as a service call, so faults and the 30-second limit apply', () => {
    const google = new FakeGoogle({ now: '2026-11-02T09:00:00Z' });
    google.log.failOnMethodCall('card.CardBuilder.build', 1, new Error('boom'));
    const build = () => google.CardService.newCardBuilder().addSection(sectionWith(google.CardService, 1)).build();
    expect(build).toThrow('boom');
    expect(build).not.toThrow();
    expect(google.log.count('card.CardBuilder.build')).toBe(2);
    const run = google.startExecution({ kind: 'cardAction' });
    google.clock.advance(31_000);
    expect(build).toThrow('Exceeded maximum execution time');
    expect(run.died).toBe(true);
    google.endExecution();
  });

  it('throws NotImplementedError for what it does not model', () => {
    expect(() => cs().newKeyValue()).toThrow(NotImplementedError);
  });

  it('is one of FakeGoogle\'s globals', () => {
    const google = new FakeGoogle({ now: '2026-11-02T09:00:00Z' });
    const context = vm.createContext(google.installGlobals({}));
    expect(vm.runInContext('typeof CardService.newCardBuilder', context)).toBe('function');
    expect(vm.runInContext('CardService.ContentType.MUTABLE_HTML', context)).toBe('MUTABLE_HTML');
  });
});
