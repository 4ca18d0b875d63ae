/**
 * A built add-on card as plain data: what the CardService fake records
 * (test/fakes/fake-card-service.ts) and what the preview renders
 * (render-card-preview.ts). Names follow the CardService builder methods.
 */

export interface ActionTree {
  functionName: string;
  parameters: Record<string, string>;
  loadIndicator?: string;
}

export interface OpenLinkTree {
  url: string;
  openAs?: string;
  onClose?: string;
}

export interface ButtonTree {
  kind: 'textButton' | 'imageButton';
  /** The label, or for an image button its alt text. */
  text: string;
  style?: string;
  backgroundColor?: string;
  disabled?: boolean;
  icon?: string;
  action?: ActionTree;
  openLink?: OpenLinkTree;
}

export interface SelectionItemTree {
  text: string;
  value: string;
  selected: boolean;
}

export type WidgetTree =
  | { kind: 'textParagraph'; text: string }
  | {
      kind: 'decoratedText';
      text: string;
      topLabel?: string;
      bottomLabel?: string;
      wrapText?: boolean;
      icon?: string;
      button?: ButtonTree;
      action?: ActionTree;
      openLink?: OpenLinkTree;
    }
  | { kind: 'buttonSet'; buttons: ButtonTree[] }
  | ButtonTree
  | {
      kind: 'selectionInput';
      fieldName: string;
      title?: string;
      /** DROPDOWN, RADIO_BUTTON, CHECK_BOX, SWITCH or MULTI_SELECT. */
      type: string;
      items: SelectionItemTree[];
      onChange?: ActionTree;
    }
  | { kind: 'textInput'; fieldName: string; title?: string; hint?: string; value?: string; multiline?: boolean }
  | { kind: 'divider' }
  | { kind: 'image'; url: string; altText?: string };

export interface SectionTree {
  header?: string;
  collapsible: boolean;
  uncollapsibleWidgets?: number;
  widgets: WidgetTree[];
}

export interface CardTree {
  name?: string;
  header?: { title: string; subtitle?: string; imageUrl?: string; imageStyle?: string; imageAltText?: string };
  sections: SectionTree[];
  fixedFooter?: { primary?: ButtonTree; secondary?: ButtonTree };
  cardActions: Array<{ text: string; action?: ActionTree; openLink?: OpenLinkTree }>;
}

export type NavigationStepTree =
  | { kind: 'pushCard' | 'updateCard'; card: CardTree }
  | { kind: 'popCard' | 'popToRoot' }
  | { kind: 'popToNamedCard'; name: string };

export type ResponseTree =
  | {
      kind: 'actionResponse';
      notification?: string;
      navigation: NavigationStepTree[];
      openLink?: OpenLinkTree;
      stateChanged?: boolean;
    }
  | { kind: 'universalActionResponse'; cards: CardTree[]; openLink?: OpenLinkTree }
  | {
      kind: 'updateDraftActionResponse';
      body?: { updateType: string; contents: Array<{ content: string; contentType: string }> };
      subject?: string[];
      to?: string[];
      cc?: string[];
      bcc?: string[];
    };
