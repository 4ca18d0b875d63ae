/**
 * CardService (type GoogleAppsScript.Card_Service.CardService), recording what
 * Reconnect builds as plain data (src/node/card-tree.ts) so a test can read a
 * card back, walk its buttons, and the preview can draw it.
 *
 * Every build() is a service call through the shared runtime (counted as
 * `card.<Builder>.build`, 0 ms), so a card action runs against the 30-second
 * add-on limit of `startExecution({ kind: 'cardAction' })` and a fault can be
 * injected there like anywhere else.
 *
 * Limits enforced at build(), each a thrown Error naming the limit:
 * - one to 100 sections in a card, one to 100 widgets in a section
 *   (developers.google.com/workspace/add-ons/concepts/cards: a card has "one or
 *   more card sections" and "no more than 100"; "each card section contains one
 *   or more UI widgets" and "no more than 100");
 * - at most 100 widgets in the whole card (google.apps.card.v1 Card reference:
 *   "You can add up to 100 widgets per card. Any widgets beyond this limit are
 *   ignored. This limit applies to ... cards in Google Workspace add-ons");
 *   Google drops the excess silently, the fake refuses it so a test notices;
 * - text marked Required in the reference: TextParagraph.setText,
 *   DecoratedText.setText, Notification.setText, Action.setFunctionName, a
 *   TextButton's text, a selection or text input's field name;
 * - formatted text (TextParagraph, DecoratedText text and labels, section
 *   headers) may use only the tags Google documents for add-on cards — b, i, u,
 *   s, font color, a href, br (developers.google.com/workspace/add-ons/concepts/widgets#text_formatting) —
 *   and every other "<" or "&" must be escaped, so a name like "<Ann>" or
 *   "R&D" taken from a header shows as written;
 * - Action parameters are strings (Action.setParameters takes a map of strings).
 * Google documents no length limit for card text, so none is enforced here.
 * Methods not modelled throw NotImplementedError.
 */
import type {
  ActionTree,
  ButtonTree,
  CardTree,
  NavigationStepTree,
  OpenLinkTree,
  ResponseTree,
  SectionTree,
  SelectionItemTree,
  WidgetTree,
} from '../../src/node/card-tree';
import { FakeRuntime } from './fake-runtime';
import { fakeEnum, notImplemented } from './not-implemented';

type CS = typeof GoogleAppsScript.Card_Service;
type Widget = GoogleAppsScript.Card_Service.Widget;

export const MAX_SECTIONS_PER_CARD = 100;
export const MAX_WIDGETS_PER_SECTION = 100;
export const MAX_WIDGETS_PER_CARD = 100;

const FAKE = 'FakeCardService';

/** A card or response as Apps Script hands it back: opaque, with printJson(). */
class Built<T> {
  constructor(readonly tree: T) {}

  printJson(): string {
    return JSON.stringify(this.tree, null, 2);
  }
}

class BuiltCard extends Built<CardTree> implements GoogleAppsScript.Card_Service.Card {}
class BuiltResponse extends Built<ResponseTree> implements GoogleAppsScript.Card_Service.ActionResponse {}

/** The plain data of a card built by the fake. */
export function readCard(card: unknown): CardTree {
  if (!(card instanceof BuiltCard)) throw new Error(`${FAKE}: not a card built by the fake: ${describeValue(card)}`);
  return clone(card.tree);
}

/** The plain data of an ActionResponse, UniversalActionResponse or UpdateDraftActionResponse built by the fake. */
export function readResponse(response: unknown): ResponseTree {
  if (!(response instanceof BuiltResponse)) throw new Error(`${FAKE}: not a response built by the fake: ${describeValue(response)}`);
  return clone(response.tree);
}

/** True for anything readCard accepts. */
export function isFakeCard(value: unknown): boolean {
  return value instanceof BuiltCard;
}

function describeValue(value: unknown): string {
  if (value === null || typeof value !== 'object') return String(value);
  return value.constructor?.name ?? 'object';
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

// ---------------------------------------------------------------------------
// Checks

const ALLOWED_TAG = /^<(?:\/?(?:b|i|u|s)|br\s*\/?|font\s+color="[^"<>]*"|\/font|a\s+href="[^"<>]*"|\/a)\s*>$/i;
const ENTITY = /^&(?:[a-z][a-z0-9]*|#\d{1,7}|#x[0-9a-f]{1,6});/i;

/** Throws when `text` is not formatted text Google would show as intended. */
export function checkFormattedText(text: string, where: string): void {
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === '<') {
      const end = text.indexOf('>', i);
      const tag = end === -1 ? text.slice(i) : text.slice(i, end + 1);
      if (end === -1 || !ALLOWED_TAG.test(tag)) {
        throw new Error(`${FAKE}: ${where} has "${tag.slice(0, 40)}", which is not one of the tags add-on cards support (b, i, u, s, font color, a href, br); escape "<" as &lt;`);
      }
      i = end;
    } else if (ch === '&' && !ENTITY.test(text.slice(i, i + 12))) {
      throw new Error(`${FAKE}: ${where} has a bare "&" in "${text.slice(Math.max(0, i - 10), i + 10)}"; escape it as &amp;`);
    }
  }
}

function requireValue(value: string | undefined, what: string): string {
  if (value === undefined || value === '') throw new Error(`${FAKE}: ${what} is required`);
  return value;
}

function readEnumName(value: unknown): string {
  return String(value);
}

// ---------------------------------------------------------------------------
// Actions and links

export class FakeAction implements GoogleAppsScript.Card_Service.Action {
  functionName?: string;
  parameters: Record<string, string> = {};
  loadIndicator?: string;

  setFunctionName(functionName: string): this {
    this.functionName = functionName;
    return this;
  }

  setParameters(parameters: { [key: string]: string }): this {
    for (const [key, value] of Object.entries(parameters)) {
      if (typeof value !== 'string') throw new Error(`${FAKE}: Action parameter "${key}" is a ${typeof value}; setParameters takes strings only`);
    }
    this.parameters = { ...parameters };
    return this;
  }

  setLoadIndicator(loadIndicator: GoogleAppsScript.Card_Service.LoadIndicator): this {
    this.loadIndicator = readEnumName(loadIndicator);
    return this;
  }

  tree(): ActionTree {
    const out: ActionTree = { functionName: requireValue(this.functionName, 'Action.setFunctionName'), parameters: { ...this.parameters } };
    if (this.loadIndicator !== undefined) out.loadIndicator = this.loadIndicator;
    return out;
  }

  addRequiredWidget(..._args: unknown[]): never {
    return notImplemented(FAKE, 'Action.addRequiredWidget');
  }
  setAllWidgetsAreRequired(..._args: unknown[]): never {
    return notImplemented(FAKE, 'Action.setAllWidgetsAreRequired');
  }
  setInteraction(..._args: unknown[]): never {
    return notImplemented(FAKE, 'Action.setInteraction');
  }
  setMethodName(..._args: unknown[]): never {
    return notImplemented(FAKE, 'Action.setMethodName');
  }
  setPersistValues(..._args: unknown[]): never {
    return notImplemented(FAKE, 'Action.setPersistValues');
  }
}

export class FakeOpenLink implements GoogleAppsScript.Card_Service.OpenLink {
  url?: string;
  openAs?: string;
  onClose?: string;

  setUrl(url: string): this {
    this.url = url;
    return this;
  }

  setOpenAs(openAs: GoogleAppsScript.Card_Service.OpenAs): this {
    this.openAs = readEnumName(openAs);
    return this;
  }

  setOnClose(onClose: GoogleAppsScript.Card_Service.OnClose): this {
    this.onClose = readEnumName(onClose);
    return this;
  }

  tree(): OpenLinkTree {
    const out: OpenLinkTree = { url: requireValue(this.url, 'OpenLink.setUrl') };
    if (this.openAs !== undefined) out.openAs = this.openAs;
    if (this.onClose !== undefined) out.onClose = this.onClose;
    return out;
  }
}

function requireAction(action: unknown): FakeAction {
  if (!(action instanceof FakeAction)) throw new Error(`${FAKE}: expected an Action from CardService.newAction(), got ${describeValue(action)}`);
  return action;
}

function requireOpenLink(link: unknown): FakeOpenLink {
  if (!(link instanceof FakeOpenLink)) throw new Error(`${FAKE}: expected an OpenLink from CardService.newOpenLink(), got ${describeValue(link)}`);
  return link;
}

// ---------------------------------------------------------------------------
// Widgets

interface TreeWidget {
  tree(): WidgetTree;
}

export class FakeTextParagraph implements GoogleAppsScript.Card_Service.TextParagraph, TreeWidget {
  private text?: string;

  setText(text: string): this {
    this.text = text;
    return this;
  }

  tree(): WidgetTree {
    const text = requireValue(this.text, 'TextParagraph.setText');
    checkFormattedText(text, 'TextParagraph text');
    return { kind: 'textParagraph', text };
  }
}

export class FakeDecoratedText implements GoogleAppsScript.Card_Service.DecoratedText, TreeWidget {
  private text?: string;
  private topLabel?: string;
  private bottomLabel?: string;
  private wrapText?: boolean;
  private icon?: string;
  private button?: FakeTextButton;
  private action?: FakeAction;
  private openLink?: FakeOpenLink;

  setText(text: string): this {
    this.text = text;
    return this;
  }
  setTopLabel(text: string): this {
    this.topLabel = text;
    return this;
  }
  setBottomLabel(text: string): this {
    this.bottomLabel = text;
    return this;
  }
  setWrapText(wrapText: boolean): this {
    this.wrapText = wrapText;
    return this;
  }
  setIcon(icon: GoogleAppsScript.Card_Service.Icon): this {
    this.icon = readEnumName(icon);
    return this;
  }
  setButton(button: GoogleAppsScript.Card_Service.Button): this {
    if (!(button instanceof FakeTextButton)) throw new Error(`${FAKE}: DecoratedText.setButton takes a TextButton from the fake`);
    this.button = button;
    return this;
  }
  setOnClickAction(action: GoogleAppsScript.Card_Service.Action): this {
    this.action = requireAction(action);
    return this;
  }
  setOpenLink(openLink: GoogleAppsScript.Card_Service.OpenLink): this {
    this.openLink = requireOpenLink(openLink);
    return this;
  }

  tree(): WidgetTree {
    const text = requireValue(this.text, 'DecoratedText.setText');
    checkFormattedText(text, 'DecoratedText text');
    if (this.topLabel !== undefined) checkFormattedText(this.topLabel, 'DecoratedText top label');
    if (this.bottomLabel !== undefined) checkFormattedText(this.bottomLabel, 'DecoratedText bottom label');
    const out: WidgetTree = { kind: 'decoratedText', text };
    if (this.topLabel !== undefined) out.topLabel = this.topLabel;
    if (this.bottomLabel !== undefined) out.bottomLabel = this.bottomLabel;
    if (this.wrapText !== undefined) out.wrapText = this.wrapText;
    if (this.icon !== undefined) out.icon = this.icon;
    if (this.button !== undefined) out.button = this.button.buttonTree();
    if (this.action !== undefined) out.action = this.action.tree();
    if (this.openLink !== undefined) out.openLink = this.openLink.tree();
    return out;
  }

  setAuthorizationAction(..._args: unknown[]): never {
    return notImplemented(FAKE, 'DecoratedText.setAuthorizationAction');
  }
  setComposeAction(..._args: unknown[]): never {
    return notImplemented(FAKE, 'DecoratedText.setComposeAction');
  }
  setEndIcon(..._args: unknown[]): never {
    return notImplemented(FAKE, 'DecoratedText.setEndIcon');
  }
  setIconAltText(..._args: unknown[]): never {
    return notImplemented(FAKE, 'DecoratedText.setIconAltText');
  }
  setIconUrl(..._args: unknown[]): never {
    return notImplemented(FAKE, 'DecoratedText.setIconUrl');
  }
  setOnClickOpenLinkAction(..._args: unknown[]): never {
    return notImplemented(FAKE, 'DecoratedText.setOnClickOpenLinkAction');
  }
  setStartIcon(..._args: unknown[]): never {
    return notImplemented(FAKE, 'DecoratedText.setStartIcon');
  }
  setSwitchControl(..._args: unknown[]): never {
    return notImplemented(FAKE, 'DecoratedText.setSwitchControl');
  }
}

export class FakeTextButton implements GoogleAppsScript.Card_Service.TextButton, TreeWidget {
  private text?: string;
  private style?: string;
  private backgroundColor?: string;
  private disabled?: boolean;
  private action?: FakeAction;
  private openLink?: FakeOpenLink;

  setText(text: string): this {
    this.text = text;
    return this;
  }
  setTextButtonStyle(style: GoogleAppsScript.Card_Service.TextButtonStyle): this {
    this.style = readEnumName(style);
    return this;
  }
  setBackgroundColor(color: string): this {
    this.backgroundColor = color;
    return this;
  }
  setDisabled(disabled: boolean): this {
    this.disabled = disabled;
    return this;
  }
  setOnClickAction(action: GoogleAppsScript.Card_Service.Action): this {
    this.action = requireAction(action);
    this.openLink = undefined;
    return this;
  }
  setOpenLink(openLink: GoogleAppsScript.Card_Service.OpenLink): this {
    this.openLink = requireOpenLink(openLink);
    this.action = undefined;
    return this;
  }

  buttonTree(): ButtonTree {
    const out: ButtonTree = { kind: 'textButton', text: requireValue(this.text, 'TextButton.setText') };
    if (this.style !== undefined) out.style = this.style;
    if (this.backgroundColor !== undefined) out.backgroundColor = this.backgroundColor;
    if (this.disabled !== undefined) out.disabled = this.disabled;
    if (this.action !== undefined) out.action = this.action.tree();
    if (this.openLink !== undefined) out.openLink = this.openLink.tree();
    if (out.action === undefined && out.openLink === undefined && out.disabled !== true) {
      throw new Error(`${FAKE}: the button "${out.text}" does nothing: give it an action or a link`);
    }
    return out;
  }

  tree(): WidgetTree {
    return this.buttonTree();
  }

  setAltText(..._args: unknown[]): never {
    return notImplemented(FAKE, 'TextButton.setAltText');
  }
  setAuthorizationAction(..._args: unknown[]): never {
    return notImplemented(FAKE, 'TextButton.setAuthorizationAction');
  }
  setComposeAction(..._args: unknown[]): never {
    return notImplemented(FAKE, 'TextButton.setComposeAction');
  }
  setOnClickOpenLinkAction(..._args: unknown[]): never {
    return notImplemented(FAKE, 'TextButton.setOnClickOpenLinkAction');
  }
}

export class FakeButtonSet implements GoogleAppsScript.Card_Service.ButtonSet, TreeWidget {
  private readonly buttons: FakeTextButton[] = [];

  addButton(button: GoogleAppsScript.Card_Service.Button): this {
    if (!(button instanceof FakeTextButton)) throw new Error(`${FAKE}: ButtonSet.addButton takes a TextButton from the fake`);
    this.buttons.push(button);
    return this;
  }

  tree(): WidgetTree {
    if (this.buttons.length === 0) throw new Error(`${FAKE}: a ButtonSet needs at least one button`);
    return { kind: 'buttonSet', buttons: this.buttons.map((b) => b.buttonTree()) };
  }
}

export class FakeSelectionInput implements GoogleAppsScript.Card_Service.SelectionInput, TreeWidget {
  private fieldName?: string;
  private title?: string;
  private type = 'CHECK_BOX';
  private readonly items: SelectionItemTree[] = [];
  private onChange?: FakeAction;

  setFieldName(fieldName: string): this {
    this.fieldName = fieldName;
    return this;
  }
  setTitle(title: string): this {
    this.title = title;
    return this;
  }
  setType(type: GoogleAppsScript.Card_Service.SelectionInputType): this {
    this.type = readEnumName(type);
    return this;
  }
  addItem(text: unknown, value: unknown, selected: boolean): this {
    this.items.push({ text: String(text), value: String(value), selected: selected === true });
    return this;
  }
  setOnChangeAction(action: GoogleAppsScript.Card_Service.Action): this {
    this.onChange = requireAction(action);
    return this;
  }

  tree(): WidgetTree {
    const fieldName = requireValue(this.fieldName, 'SelectionInput.setFieldName');
    if (this.items.length === 0) throw new Error(`${FAKE}: the selection input "${fieldName}" has no items`);
    if ((this.type === 'DROPDOWN' || this.type === 'RADIO_BUTTON') && this.items.filter((i) => i.selected).length > 1) {
      throw new Error(`${FAKE}: the ${this.type} "${fieldName}" has more than one item selected`);
    }
    const out: WidgetTree = { kind: 'selectionInput', fieldName, type: this.type, items: this.items.map((i) => ({ ...i })) };
    if (this.title !== undefined) out.title = this.title;
    if (this.onChange !== undefined) out.onChange = this.onChange.tree();
    return out;
  }

  addMultiSelectItem(..._args: unknown[]): never {
    return notImplemented(FAKE, 'SelectionInput.addMultiSelectItem');
  }
  setExternalDataSource(..._args: unknown[]): never {
    return notImplemented(FAKE, 'SelectionInput.setExternalDataSource');
  }
  setMultiSelectMaxSelectedItems(..._args: unknown[]): never {
    return notImplemented(FAKE, 'SelectionInput.setMultiSelectMaxSelectedItems');
  }
  setMultiSelectMinQueryLength(..._args: unknown[]): never {
    return notImplemented(FAKE, 'SelectionInput.setMultiSelectMinQueryLength');
  }
}

export class FakeTextInput implements GoogleAppsScript.Card_Service.TextInput, TreeWidget {
  private fieldName?: string;
  private title?: string;
  private hint?: string;
  private value?: string;
  private multiline?: boolean;

  setFieldName(fieldName: string): this {
    this.fieldName = fieldName;
    return this;
  }
  setTitle(title: string): this {
    this.title = title;
    return this;
  }
  setHint(hint: string): this {
    this.hint = hint;
    return this;
  }
  setValue(value: string): this {
    this.value = value;
    return this;
  }
  setMultiline(multiline: boolean): this {
    this.multiline = multiline;
    return this;
  }

  tree(): WidgetTree {
    const out: WidgetTree = { kind: 'textInput', fieldName: requireValue(this.fieldName, 'TextInput.setFieldName') };
    if (this.title !== undefined) out.title = this.title;
    if (this.hint !== undefined) out.hint = this.hint;
    if (this.value !== undefined) out.value = this.value;
    if (this.multiline !== undefined) out.multiline = this.multiline;
    return out;
  }

  setOnChangeAction(..._args: unknown[]): never {
    return notImplemented(FAKE, 'TextInput.setOnChangeAction');
  }
  setSuggestions(..._args: unknown[]): never {
    return notImplemented(FAKE, 'TextInput.setSuggestions');
  }
  setSuggestionsAction(..._args: unknown[]): never {
    return notImplemented(FAKE, 'TextInput.setSuggestionsAction');
  }
  setValidation(..._args: unknown[]): never {
    return notImplemented(FAKE, 'TextInput.setValidation');
  }
}

export class FakeDivider implements GoogleAppsScript.Card_Service.Divider, TreeWidget {
  tree(): WidgetTree {
    return { kind: 'divider' };
  }
}

function requireWidget(widget: unknown): TreeWidget {
  if (
    widget instanceof FakeTextParagraph ||
    widget instanceof FakeDecoratedText ||
    widget instanceof FakeTextButton ||
    widget instanceof FakeButtonSet ||
    widget instanceof FakeSelectionInput ||
    widget instanceof FakeTextInput ||
    widget instanceof FakeDivider
  ) {
    return widget;
  }
  throw new Error(`${FAKE}: CardSection.addWidget got ${describeValue(widget)}, not a widget from the fake`);
}

// ---------------------------------------------------------------------------
// Cards

export class FakeCardHeader implements GoogleAppsScript.Card_Service.CardHeader {
  title?: string;
  subtitle?: string;
  imageUrl?: string;
  imageStyle?: string;
  imageAltText?: string;

  setTitle(title: string): this {
    this.title = title;
    return this;
  }
  setSubtitle(subtitle: string): this {
    this.subtitle = subtitle;
    return this;
  }
  setImageUrl(imageUrl: string): this {
    this.imageUrl = imageUrl;
    return this;
  }
  setImageStyle(imageStyle: GoogleAppsScript.Card_Service.ImageStyle): this {
    this.imageStyle = readEnumName(imageStyle);
    return this;
  }
  setImageAltText(imageAltText: string): this {
    this.imageAltText = imageAltText;
    return this;
  }

  tree(): NonNullable<CardTree['header']> {
    const out: NonNullable<CardTree['header']> = { title: requireValue(this.title, 'CardHeader.setTitle') };
    if (this.subtitle !== undefined) out.subtitle = this.subtitle;
    if (this.imageUrl !== undefined) out.imageUrl = this.imageUrl;
    if (this.imageStyle !== undefined) out.imageStyle = this.imageStyle;
    if (this.imageAltText !== undefined) out.imageAltText = this.imageAltText;
    return out;
  }
}

export class FakeCardSection implements GoogleAppsScript.Card_Service.CardSection {
  private header?: string;
  private collapsible = false;
  private uncollapsible?: number;
  private readonly widgets: TreeWidget[] = [];

  addWidget(widget: Widget): this {
    this.widgets.push(requireWidget(widget));
    return this;
  }
  setHeader(header: string): this {
    this.header = header;
    return this;
  }
  setCollapsible(collapsible: boolean): this {
    this.collapsible = collapsible;
    return this;
  }
  setNumUncollapsibleWidgets(count: number): this {
    this.uncollapsible = count;
    return this;
  }

  tree(index: number): SectionTree {
    const where = `section ${index + 1}${this.header === undefined ? '' : ` ("${this.header}")`}`;
    if (this.widgets.length === 0) throw new Error(`${FAKE}: ${where} has no widgets; a card section holds one or more`);
    if (this.widgets.length > MAX_WIDGETS_PER_SECTION) {
      throw new Error(`${FAKE}: ${where} has ${this.widgets.length} widgets; a card section can have no more than ${MAX_WIDGETS_PER_SECTION}`);
    }
    if (this.header !== undefined) checkFormattedText(this.header, `${where} header`);
    const out: SectionTree = { collapsible: this.collapsible, widgets: this.widgets.map((w) => w.tree()) };
    if (this.header !== undefined) out.header = this.header;
    if (this.uncollapsible !== undefined) out.uncollapsibleWidgets = this.uncollapsible;
    return out;
  }
}

export class FakeFixedFooter implements GoogleAppsScript.Card_Service.FixedFooter {
  primary?: FakeTextButton;
  secondary?: FakeTextButton;

  setPrimaryButton(button: GoogleAppsScript.Card_Service.TextButton): this {
    if (!(button instanceof FakeTextButton)) throw new Error(`${FAKE}: FixedFooter takes a TextButton from the fake`);
    this.primary = button;
    return this;
  }
  setSecondaryButton(button: GoogleAppsScript.Card_Service.TextButton): this {
    if (!(button instanceof FakeTextButton)) throw new Error(`${FAKE}: FixedFooter takes a TextButton from the fake`);
    this.secondary = button;
    return this;
  }
}

export class FakeCardAction implements GoogleAppsScript.Card_Service.CardAction {
  text?: string;
  action?: FakeAction;
  openLink?: FakeOpenLink;

  setText(text: string): this {
    this.text = text;
    return this;
  }
  setOnClickAction(action: GoogleAppsScript.Card_Service.Action): this {
    this.action = requireAction(action);
    return this;
  }
  setOpenLink(openLink: GoogleAppsScript.Card_Service.OpenLink): this {
    this.openLink = requireOpenLink(openLink);
    return this;
  }

  setAuthorizationAction(..._args: unknown[]): never {
    return notImplemented(FAKE, 'CardAction.setAuthorizationAction');
  }
  setComposeAction(..._args: unknown[]): never {
    return notImplemented(FAKE, 'CardAction.setComposeAction');
  }
  setOnClickOpenLinkAction(..._args: unknown[]): never {
    return notImplemented(FAKE, 'CardAction.setOnClickOpenLinkAction');
  }
}

export class FakeCardBuilder implements GoogleAppsScript.Card_Service.CardBuilder {
  private name?: string;
  private header?: FakeCardHeader;
  private readonly sections: FakeCardSection[] = [];
  private footer?: FakeFixedFooter;
  private readonly actions: FakeCardAction[] = [];

  constructor(private readonly rt: FakeRuntime) {}

  setName(name: string): this {
    this.name = name;
    return this;
  }
  setHeader(header: GoogleAppsScript.Card_Service.CardHeader): this {
    if (!(header instanceof FakeCardHeader)) throw new Error(`${FAKE}: CardBuilder.setHeader takes a CardHeader from the fake`);
    this.header = header;
    return this;
  }
  addSection(section: GoogleAppsScript.Card_Service.CardSection): this {
    if (!(section instanceof FakeCardSection)) throw new Error(`${FAKE}: CardBuilder.addSection takes a CardSection from the fake`);
    this.sections.push(section);
    return this;
  }
  setFixedFooter(footer: GoogleAppsScript.Card_Service.FixedFooter): this {
    if (!(footer instanceof FakeFixedFooter)) throw new Error(`${FAKE}: CardBuilder.setFixedFooter takes a FixedFooter from the fake`);
    this.footer = footer;
    return this;
  }
  addCardAction(cardAction: GoogleAppsScript.Card_Service.CardAction): this {
    if (!(cardAction instanceof FakeCardAction)) throw new Error(`${FAKE}: CardBuilder.addCardAction takes a CardAction from the fake`);
    this.actions.push(cardAction);
    return this;
  }

  build(): GoogleAppsScript.Card_Service.Card {
    return this.rt.invoke('card.CardBuilder.build', () => new BuiltCard(this.tree()), 0);
  }

  private tree(): CardTree {
    if (this.sections.length === 0) throw new Error(`${FAKE}: a card needs at least one section`);
    if (this.sections.length > MAX_SECTIONS_PER_CARD) {
      throw new Error(`${FAKE}: the card has ${this.sections.length} sections; a card can have no more than ${MAX_SECTIONS_PER_CARD}`);
    }
    const sections = this.sections.map((s, i) => s.tree(i));
    const widgets = sections.reduce((n, s) => n + s.widgets.length, 0);
    if (widgets > MAX_WIDGETS_PER_CARD) {
      throw new Error(`${FAKE}: the card has ${widgets} widgets; Google shows at most ${MAX_WIDGETS_PER_CARD} per card and drops the rest`);
    }
    const out: CardTree = {
      sections,
      cardActions: this.actions.map((a) => {
        const entry: CardTree['cardActions'][number] = { text: requireValue(a.text, 'CardAction.setText') };
        if (a.action !== undefined) entry.action = a.action.tree();
        if (a.openLink !== undefined) entry.openLink = a.openLink.tree();
        return entry;
      }),
    };
    if (this.name !== undefined) out.name = this.name;
    if (this.header !== undefined) out.header = this.header.tree();
    if (this.footer !== undefined) {
      out.fixedFooter = {};
      if (this.footer.primary !== undefined) out.fixedFooter.primary = this.footer.primary.buttonTree();
      if (this.footer.secondary !== undefined) out.fixedFooter.secondary = this.footer.secondary.buttonTree();
    }
    return out;
  }

  setDisplayStyle(..._args: unknown[]): never {
    return notImplemented(FAKE, 'CardBuilder.setDisplayStyle');
  }
  setPeekCardHeader(..._args: unknown[]): never {
    return notImplemented(FAKE, 'CardBuilder.setPeekCardHeader');
  }
}

function readCardTree(card: unknown): CardTree {
  if (!(card instanceof BuiltCard)) throw new Error(`${FAKE}: expected a Card built by the fake, got ${describeValue(card)}`);
  return clone(card.tree);
}

// ---------------------------------------------------------------------------
// Responses

export class FakeNavigation implements GoogleAppsScript.Card_Service.Navigation {
  readonly steps: NavigationStepTree[] = [];

  pushCard(card: GoogleAppsScript.Card_Service.Card): this {
    this.steps.push({ kind: 'pushCard', card: readCardTree(card) });
    return this;
  }
  updateCard(card: GoogleAppsScript.Card_Service.Card): this {
    this.steps.push({ kind: 'updateCard', card: readCardTree(card) });
    return this;
  }
  popCard(): this {
    this.steps.push({ kind: 'popCard' });
    return this;
  }
  popToRoot(): this {
    this.steps.push({ kind: 'popToRoot' });
    return this;
  }
  popToNamedCard(name: string): this {
    this.steps.push({ kind: 'popToNamedCard', name });
    return this;
  }
  printJson(): string {
    return JSON.stringify(this.steps);
  }
}

export class FakeNotification implements GoogleAppsScript.Card_Service.Notification {
  text?: string;

  setText(text: string): this {
    this.text = text;
    return this;
  }
}

export class FakeActionResponseBuilder implements GoogleAppsScript.Card_Service.ActionResponseBuilder {
  private notification?: FakeNotification;
  private navigation?: FakeNavigation;
  private openLink?: FakeOpenLink;
  private stateChanged?: boolean;

  constructor(private readonly rt: FakeRuntime) {}

  setNotification(notification: GoogleAppsScript.Card_Service.Notification): this {
    if (!(notification instanceof FakeNotification)) throw new Error(`${FAKE}: setNotification takes a Notification from the fake`);
    this.notification = notification;
    return this;
  }
  setNavigation(navigation: GoogleAppsScript.Card_Service.Navigation): this {
    if (!(navigation instanceof FakeNavigation)) throw new Error(`${FAKE}: setNavigation takes a Navigation from the fake`);
    this.navigation = navigation;
    return this;
  }
  setOpenLink(openLink: GoogleAppsScript.Card_Service.OpenLink): this {
    this.openLink = requireOpenLink(openLink);
    return this;
  }
  setStateChanged(stateChanged: boolean): this {
    this.stateChanged = stateChanged;
    return this;
  }

  build(): GoogleAppsScript.Card_Service.ActionResponse {
    return this.rt.invoke(
      'card.ActionResponseBuilder.build',
      () => {
        const tree: ResponseTree = { kind: 'actionResponse', navigation: this.navigation?.steps.map(clone) ?? [] };
        if (this.notification !== undefined) tree.notification = requireValue(this.notification.text, 'Notification.setText');
        if (this.openLink !== undefined) tree.openLink = this.openLink.tree();
        if (this.stateChanged !== undefined) tree.stateChanged = this.stateChanged;
        return new BuiltResponse(tree);
      },
      0,
    );
  }
}

export class FakeUniversalActionResponseBuilder implements GoogleAppsScript.Card_Service.UniversalActionResponseBuilder {
  private cards: CardTree[] = [];
  private openLink?: FakeOpenLink;

  constructor(private readonly rt: FakeRuntime) {}

  displayAddOnCards(cards: GoogleAppsScript.Card_Service.Card[]): this {
    this.cards = cards.map(readCardTree);
    return this;
  }
  setOpenLink(openLink: GoogleAppsScript.Card_Service.OpenLink): this {
    this.openLink = requireOpenLink(openLink);
    return this;
  }

  build(): GoogleAppsScript.Card_Service.UniversalActionResponse {
    return this.rt.invoke(
      'card.UniversalActionResponseBuilder.build',
      () => {
        if (this.cards.length === 0 && this.openLink === undefined) {
          throw new Error(`${FAKE}: a UniversalActionResponse needs cards or a link`);
        }
        const tree: ResponseTree = { kind: 'universalActionResponse', cards: this.cards };
        if (this.openLink !== undefined) tree.openLink = this.openLink.tree();
        return new BuiltResponse(tree);
      },
      0,
    );
  }
}

export class FakeUpdateDraftBodyAction implements GoogleAppsScript.Card_Service.UpdateDraftBodyAction {
  readonly contents: Array<{ content: string; contentType: string }> = [];
  updateType = 'IN_PLACE_INSERT';

  addUpdateContent(content: string, contentType: GoogleAppsScript.Card_Service.ContentType): this {
    this.contents.push({ content, contentType: readEnumName(contentType) });
    return this;
  }
  setUpdateType(updateType: GoogleAppsScript.Card_Service.UpdateDraftBodyType): this {
    this.updateType = readEnumName(updateType);
    return this;
  }
}

export class FakeUpdateDraftActionResponseBuilder implements GoogleAppsScript.Card_Service.UpdateDraftActionResponseBuilder {
  private body?: FakeUpdateDraftBodyAction;

  constructor(private readonly rt: FakeRuntime) {}

  setUpdateDraftBodyAction(action: GoogleAppsScript.Card_Service.UpdateDraftBodyAction): this {
    if (!(action instanceof FakeUpdateDraftBodyAction)) throw new Error(`${FAKE}: setUpdateDraftBodyAction takes an UpdateDraftBodyAction from the fake`);
    this.body = action;
    return this;
  }

  build(): GoogleAppsScript.Card_Service.UpdateDraftActionResponse {
    return this.rt.invoke(
      'card.UpdateDraftActionResponseBuilder.build',
      () => {
        const tree: ResponseTree = { kind: 'updateDraftActionResponse' };
        if (this.body !== undefined) {
          if (this.body.contents.length === 0) throw new Error(`${FAKE}: UpdateDraftBodyAction has no content`);
          tree.body = { updateType: this.body.updateType, contents: this.body.contents.map((c) => ({ ...c })) };
        }
        return new BuiltResponse(tree);
      },
      0,
    );
  }

  setUpdateDraftBccRecipientsAction(..._args: unknown[]): never {
    return notImplemented(FAKE, 'UpdateDraftActionResponseBuilder.setUpdateDraftBccRecipientsAction');
  }
  setUpdateDraftCcRecipientsAction(..._args: unknown[]): never {
    return notImplemented(FAKE, 'UpdateDraftActionResponseBuilder.setUpdateDraftCcRecipientsAction');
  }
  setUpdateDraftSubjectAction(..._args: unknown[]): never {
    return notImplemented(FAKE, 'UpdateDraftActionResponseBuilder.setUpdateDraftSubjectAction');
  }
  setUpdateDraftToRecipientsAction(..._args: unknown[]): never {
    return notImplemented(FAKE, 'UpdateDraftActionResponseBuilder.setUpdateDraftToRecipientsAction');
  }
}

// ---------------------------------------------------------------------------
// The service

export class FakeCardService implements GoogleAppsScript.Card_Service.CardService {
  readonly BorderType = fakeEnum<CS['BorderType']>(['NO_BORDER', 'STROKE']);
  readonly ComposedEmailType = fakeEnum<CS['ComposedEmailType']>(['REPLY_AS_DRAFT', 'STANDALONE_DRAFT']);
  readonly ContentType = fakeEnum<CS['ContentType']>(['TEXT', 'MUTABLE_HTML', 'IMMUTABLE_HTML']);
  readonly DisplayStyle = fakeEnum<CS['DisplayStyle']>(['PEEK', 'REPLACE']);
  readonly GridItemLayout = fakeEnum<CS['GridItemLayout']>(['TEXT_BELOW', 'TEXT_ABOVE']);
  readonly HorizontalAlignment = fakeEnum<CS['HorizontalAlignment']>(['START', 'CENTER', 'END']);
  readonly Icon = fakeEnum<CS['Icon']>([
    'NONE', 'AIRPLANE', 'BOOKMARK', 'BUS', 'CAR', 'CLOCK', 'CONFIRMATION_NUMBER_ICON', 'DOLLAR', 'DESCRIPTION', 'EMAIL',
    'EVENT_PERFORMER', 'EVENT_SEAT', 'FLIGHT_ARRIVAL', 'FLIGHT_DEPARTURE', 'HOTEL', 'HOTEL_ROOM_TYPE', 'INVITE', 'MAP_PIN',
    'MEMBERSHIP', 'MULTIPLE_PEOPLE', 'OFFER', 'PERSON', 'PHONE', 'RESTAURANT_ICON', 'SHOPPING_CART', 'STAR', 'STORE',
    'TICKET', 'TRAIN', 'VIDEO_CAMERA', 'VIDEO_PLAY',
  ]);
  readonly ImageCropType = fakeEnum<CS['ImageCropType']>(['SQUARE', 'CIRCLE', 'RECTANGLE_CUSTOM', 'RECTANGLE_4_3']);
  readonly ImageStyle = fakeEnum<CS['ImageStyle']>(['SQUARE', 'CIRCLE']);
  readonly InputType = fakeEnum<CS['InputType']>(['TEXT', 'INTEGER', 'FLOAT', 'EMAIL']);
  readonly Interaction = fakeEnum<CS['Interaction']>(['INTERACTION_UNSPECIFIED', 'OPEN_DIALOG']);
  readonly LoadIndicator = fakeEnum<CS['LoadIndicator']>(['SPINNER', 'NONE']);
  readonly OnClose = fakeEnum<CS['OnClose']>(['NOTHING', 'RELOAD', 'RELOAD_ADD_ON']);
  readonly OpenAs = fakeEnum<CS['OpenAs']>(['FULL_SIZE', 'OVERLAY']);
  readonly SelectionInputType = fakeEnum<CS['SelectionInputType']>(['CHECK_BOX', 'RADIO_BUTTON', 'DROPDOWN', 'SWITCH', 'MULTI_SELECT']);
  readonly SwitchControlType = fakeEnum<CS['SwitchControlType']>(['SWITCH', 'CHECK_BOX']);
  readonly TextButtonStyle = fakeEnum<CS['TextButtonStyle']>(['OUTLINED', 'TEXT', 'FILLED', 'FILLED_TONAL', 'BORDERLESS']);
  // The reference lists all three; @types/google-apps-script 2.0.13 only the first.
  readonly UpdateDraftBodyType = fakeEnum<CS['UpdateDraftBodyType']>(['IN_PLACE_INSERT', 'INSERT_AT_START', 'INSERT_AT_END']);

  constructor(private readonly rt: FakeRuntime = new FakeRuntime()) {}

  newAction(): FakeAction {
    return new FakeAction();
  }
  newActionResponseBuilder(): FakeActionResponseBuilder {
    return new FakeActionResponseBuilder(this.rt);
  }
  newButtonSet(): FakeButtonSet {
    return new FakeButtonSet();
  }
  newCardAction(): FakeCardAction {
    return new FakeCardAction();
  }
  newCardBuilder(): FakeCardBuilder {
    return new FakeCardBuilder(this.rt);
  }
  newCardHeader(): FakeCardHeader {
    return new FakeCardHeader();
  }
  newCardSection(): FakeCardSection {
    return new FakeCardSection();
  }
  newDecoratedText(): FakeDecoratedText {
    return new FakeDecoratedText();
  }
  newDivider(): FakeDivider {
    return new FakeDivider();
  }
  newFixedFooter(): FakeFixedFooter {
    return new FakeFixedFooter();
  }
  newNavigation(): FakeNavigation {
    return new FakeNavigation();
  }
  newNotification(): FakeNotification {
    return new FakeNotification();
  }
  newOpenLink(): FakeOpenLink {
    return new FakeOpenLink();
  }
  newSelectionInput(): FakeSelectionInput {
    return new FakeSelectionInput();
  }
  newTextButton(): FakeTextButton {
    return new FakeTextButton();
  }
  newTextInput(): FakeTextInput {
    return new FakeTextInput();
  }
  newTextParagraph(): FakeTextParagraph {
    return new FakeTextParagraph();
  }
  newUniversalActionResponseBuilder(): FakeUniversalActionResponseBuilder {
    return new FakeUniversalActionResponseBuilder(this.rt);
  }
  newUpdateDraftActionResponseBuilder(): FakeUpdateDraftActionResponseBuilder {
    return new FakeUpdateDraftActionResponseBuilder(this.rt);
  }
  newUpdateDraftBodyAction(): FakeUpdateDraftBodyAction {
    return new FakeUpdateDraftBodyAction();
  }

  // Not modelled: each throws NotImplementedError.
  newAttachment(..._args: unknown[]): never {
    return notImplemented(FAKE, 'newAttachment');
  }
  newAuthorizationAction(..._args: unknown[]): never {
    return notImplemented(FAKE, 'newAuthorizationAction');
  }
  newAuthorizationException(..._args: unknown[]): never {
    return notImplemented(FAKE, 'newAuthorizationException');
  }
  newBorderStyle(..._args: unknown[]): never {
    return notImplemented(FAKE, 'newBorderStyle');
  }
  newCalendarEventActionResponseBuilder(..._args: unknown[]): never {
    return notImplemented(FAKE, 'newCalendarEventActionResponseBuilder');
  }
  newComposeActionResponseBuilder(..._args: unknown[]): never {
    return notImplemented(FAKE, 'newComposeActionResponseBuilder');
  }
  newDatePicker(..._args: unknown[]): never {
    return notImplemented(FAKE, 'newDatePicker');
  }
  newDateTimePicker(..._args: unknown[]): never {
    return notImplemented(FAKE, 'newDateTimePicker');
  }
  newDriveItemsSelectedActionResponseBuilder(..._args: unknown[]): never {
    return notImplemented(FAKE, 'newDriveItemsSelectedActionResponseBuilder');
  }
  newEditorFileScopeActionResponseBuilder(..._args: unknown[]): never {
    return notImplemented(FAKE, 'newEditorFileScopeActionResponseBuilder');
  }
  newGrid(..._args: unknown[]): never {
    return notImplemented(FAKE, 'newGrid');
  }
  newGridItem(..._args: unknown[]): never {
    return notImplemented(FAKE, 'newGridItem');
  }
  newIconImage(..._args: unknown[]): never {
    return notImplemented(FAKE, 'newIconImage');
  }
  newImage(..._args: unknown[]): never {
    return notImplemented(FAKE, 'newImage');
  }
  newImageButton(..._args: unknown[]): never {
    return notImplemented(FAKE, 'newImageButton');
  }
  newImageComponent(..._args: unknown[]): never {
    return notImplemented(FAKE, 'newImageComponent');
  }
  newImageCropStyle(..._args: unknown[]): never {
    return notImplemented(FAKE, 'newImageCropStyle');
  }
  newKeyValue(..._args: unknown[]): never {
    return notImplemented(FAKE, 'newKeyValue');
  }
  newLinkPreview(..._args: unknown[]): never {
    return notImplemented(FAKE, 'newLinkPreview');
  }
  newMaterialIcon(..._args: unknown[]): never {
    return notImplemented(FAKE, 'newMaterialIcon');
  }
  newSuggestions(..._args: unknown[]): never {
    return notImplemented(FAKE, 'newSuggestions');
  }
  newSuggestionsResponseBuilder(..._args: unknown[]): never {
    return notImplemented(FAKE, 'newSuggestionsResponseBuilder');
  }
  newSwitch(..._args: unknown[]): never {
    return notImplemented(FAKE, 'newSwitch');
  }
  newTimePicker(..._args: unknown[]): never {
    return notImplemented(FAKE, 'newTimePicker');
  }
  newUpdateDraftBccRecipientsAction(..._args: unknown[]): never {
    return notImplemented(FAKE, 'newUpdateDraftBccRecipientsAction');
  }
  newUpdateDraftCcRecipientsAction(..._args: unknown[]): never {
    return notImplemented(FAKE, 'newUpdateDraftCcRecipientsAction');
  }
  newUpdateDraftSubjectAction(..._args: unknown[]): never {
    return notImplemented(FAKE, 'newUpdateDraftSubjectAction');
  }
  newUpdateDraftToRecipientsAction(..._args: unknown[]): never {
    return notImplemented(FAKE, 'newUpdateDraftToRecipientsAction');
  }
  newValidation(..._args: unknown[]): never {
    return notImplemented(FAKE, 'newValidation');
  }
}
