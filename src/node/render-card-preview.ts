/**
 * Draws a recorded add-on card (card-tree.ts) as an HTML page that looks like
 * Gmail's add-on side panel: 320 px wide, the card header, sections with
 * their headers, text, decorated text, buttons, dropdowns and radio buttons,
 * and a notification toast. For `npm run preview` and the screenshots in the
 * README; nothing here talks to Google.
 */
import type { ButtonTree, CardTree, SectionTree, WidgetTree } from './card-tree';

export interface CardPreviewPage {
  /** The page's <title>. */
  title: string;
  card: CardTree;
  /** The toast an action answered with. */
  notification?: string;
}

/** The width the preview gives a card: about what Gmail's add-on side panel gives it on the web. */
export const SIDEBAR_WIDTH_PX = 320;

const STYLE = `
*{box-sizing:border-box}
body{margin:0;background:#f6f8fc;font:14px/20px Roboto,Arial,"Liberation Sans","DejaVu Sans",sans-serif;color:#202124}
.sidebar{width:${SIDEBAR_WIDTH_PX}px;background:#fff;border-left:1px solid #dadce0;position:relative;padding-bottom:8px}
.toolbar{display:flex;align-items:center;gap:8px;height:48px;padding:0 12px;border-bottom:1px solid #dadce0;font-size:16px;color:#444746}
.toolbar .close{margin-left:auto;font-size:18px;color:#5f6368}
.logo{width:24px;height:24px;border-radius:50%;background:#1a73e8;color:#fff;display:inline-flex;align-items:center;justify-content:center;font-weight:500;font-size:13px;flex:none}
.header{display:flex;gap:12px;align-items:center;padding:16px 16px 8px}
.header .logo{width:32px;height:32px;font-size:15px}
.title{font-size:16px;line-height:22px;font-weight:500}
.subtitle{font-size:12px;line-height:16px;color:#5f6368}
.section{padding:8px 16px 12px;border-top:1px solid #dadce0}
.section:first-of-type{border-top:none}
.section-header{font-size:14px;font-weight:500;color:#1f1f1f;margin:4px 0 8px}
.widget{margin:8px 0}
.paragraph{white-space:pre-wrap;overflow-wrap:anywhere}
.decorated{display:flex;align-items:center;gap:8px}
.decorated .body{flex:1;min-width:0}
.label{font-size:12px;line-height:16px;color:#5f6368;overflow-wrap:anywhere}
.text{overflow-wrap:anywhere}
.nowrap .text{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.buttons{display:flex;flex-wrap:wrap;gap:6px}
.button{display:inline-block;border:1px solid #747775;border-radius:18px;padding:5px 14px;font-size:13px;line-height:18px;font-weight:500;color:#0b57d0;background:#fff;white-space:nowrap}
.button.filled{background:#0b57d0;border-color:#0b57d0;color:#fff}
.button.disabled{color:#9aa0a6;border-color:#dadce0}
.input-title{font-size:12px;color:#5f6368;margin-bottom:4px}
select,.textbox{width:100%;font:inherit;border:1px solid #747775;border-radius:4px;padding:7px 8px;background:#fff;color:#202124}
.textbox{min-height:36px;white-space:pre-wrap;overflow-wrap:anywhere}
.textbox.multiline{min-height:56px}
.textbox .hint{color:#80868b}
.choice{display:flex;align-items:center;gap:8px;margin:2px 0}
.choice input{margin:0;accent-color:#0b57d0}
hr{border:none;border-top:1px solid #dadce0}
.footer{display:flex;gap:8px;justify-content:flex-end;padding:8px 16px;border-top:1px solid #dadce0}
.toast{margin:12px 16px 4px;background:#303030;color:#f2f2f2;border-radius:4px;padding:12px 16px;font-size:14px;box-shadow:0 2px 6px rgba(0,0,0,.3)}
`;

export function renderCardPreview(page: CardPreviewPage): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(page.title)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<div class="sidebar" data-card="${escapeHtml(page.card.name ?? '')}">`,
    '<div class="toolbar"><span class="logo">R</span><span>Reconnect</span><span class="close">×</span></div>',
    renderCard(page.card),
    page.notification === undefined ? '' : `<div class="toast" role="status">${escapeHtml(page.notification)}</div>`,
    '</div></body></html>',
  ].join('\n');
}

export function renderCard(card: CardTree): string {
  const header = card.header
    ? `<div class="header"><span class="logo">${escapeHtml((card.header.imageAltText ?? card.header.title).charAt(0))}</span><div><div class="title">${escapeHtml(card.header.title)}</div>${
        card.header.subtitle ? `<div class="subtitle">${escapeHtml(card.header.subtitle)}</div>` : ''
      }</div></div>`
    : '';
  const footer = card.fixedFooter
    ? `<div class="footer">${[card.fixedFooter.secondary, card.fixedFooter.primary].filter((b): b is ButtonTree => b !== undefined).map(renderButton).join('')}</div>`
    : '';
  return `${header}${card.sections.map(renderSection).join('\n')}${footer}`;
}

function renderSection(section: SectionTree): string {
  const header = section.header === undefined ? '' : `<div class="section-header">${renderFormatted(section.header)}</div>`;
  return `<div class="section">${header}${section.widgets.map((w) => `<div class="widget">${renderWidget(w)}</div>`).join('')}</div>`;
}

function renderWidget(w: WidgetTree): string {
  switch (w.kind) {
    case 'textParagraph':
      return `<div class="paragraph">${renderFormatted(w.text)}</div>`;
    case 'decoratedText': {
      const top = w.topLabel === undefined ? '' : `<div class="label">${renderFormatted(w.topLabel)}</div>`;
      const bottom = w.bottomLabel === undefined ? '' : `<div class="label">${renderFormatted(w.bottomLabel)}</div>`;
      const button = w.button === undefined ? '' : renderButton(w.button);
      return `<div class="decorated${w.wrapText === true ? '' : ' nowrap'}"><div class="body">${top}<div class="text">${renderFormatted(w.text)}</div>${bottom}</div>${button}</div>`;
    }
    case 'buttonSet':
      return `<div class="buttons">${w.buttons.map(renderButton).join('')}</div>`;
    case 'textButton':
    case 'imageButton':
      return `<div class="buttons">${renderButton(w)}</div>`;
    case 'selectionInput':
      return renderSelection(w);
    case 'textInput': {
      const title = w.title === undefined ? '' : `<div class="input-title">${escapeHtml(w.title)}</div>`;
      const value = w.value !== undefined && w.value !== '' ? escapeHtml(w.value) : `<span class="hint">${escapeHtml(w.hint ?? '')}</span>`;
      const hint = w.value !== undefined && w.value !== '' && w.hint !== undefined ? `<div class="label">${escapeHtml(w.hint)}</div>` : '';
      return `${title}<div class="textbox${w.multiline === true ? ' multiline' : ''}" data-field="${escapeHtml(w.fieldName)}">${value}</div>${hint}`;
    }
    case 'divider':
      return '<hr>';
    case 'image':
      return `<div class="label">[image: ${escapeHtml(w.altText ?? w.url)}]</div>`;
  }
}

function renderSelection(w: Extract<WidgetTree, { kind: 'selectionInput' }>): string {
  const title = w.title === undefined ? '' : `<div class="input-title">${escapeHtml(w.title)}</div>`;
  if (w.type === 'DROPDOWN') {
    const options = w.items.map((i) => `<option value="${escapeHtml(i.value)}"${i.selected ? ' selected' : ''}>${escapeHtml(i.text)}</option>`).join('');
    return `${title}<select name="${escapeHtml(w.fieldName)}">${options}</select>`;
  }
  const type = w.type === 'RADIO_BUTTON' ? 'radio' : 'checkbox';
  const items = w.items
    .map((i) => `<label class="choice"><input type="${type}" name="${escapeHtml(w.fieldName)}" value="${escapeHtml(i.value)}"${i.selected ? ' checked' : ''}>${escapeHtml(i.text)}</label>`)
    .join('');
  return `${title}${items}`;
}

function renderButton(b: ButtonTree): string {
  const classes = ['button', b.style === 'FILLED' ? 'filled' : '', b.disabled === true ? 'disabled' : ''].filter((c) => c !== '').join(' ');
  const action = b.action?.parameters.action ?? (b.openLink ? 'link' : '');
  return `<span class="${classes}" data-action="${escapeHtml(action)}">${escapeHtml(b.text)}</span>`;
}

const ALLOWED = /^<(\/?)(b|i|u|s|br|font|a)\b([^>]*)>$/i;

/**
 * Card text as Google formats it: the documented tags (b, i, u, s, br, font
 * color, a href) become HTML, and everything else is shown as text.
 */
export function renderFormatted(text: string): string {
  let out = '';
  for (const part of text.split(/(<[^<>]*>)/)) {
    const tag = ALLOWED.exec(part);
    if (tag === null) {
      out += escapeHtml(decodeEntities(part));
      continue;
    }
    const [, close, name, attrs] = tag;
    const lower = name!.toLowerCase();
    if (lower === 'br') out += '<br>';
    else if (close === '/') out += lower === 'font' ? '</span>' : `</${lower}>`;
    else if (lower === 'font') {
      const color = /color="(#[0-9a-f]{3,8}|[a-z]+)"/i.exec(attrs ?? '')?.[1];
      out += color === undefined ? '<span>' : `<span style="color:${color}">`;
    } else if (lower === 'a') {
      const href = /href="([^"]*)"/i.exec(attrs ?? '')?.[1] ?? '';
      out += /^https:\/\//.test(href) ? `<a href="${escapeHtml(decodeEntities(href))}">` : '<a>';
    } else out += `<${lower}>`;
  }
  return out;
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (_, name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(parseInt(lower.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' }[lower]!;
  });
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
