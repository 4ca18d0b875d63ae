/**
 * Text from mail headers shown on cards. Card text is formatted text (b, i, u,
 * s, font, a, br: developers.google.com/workspace/add-ons/concepts/widgets#text_formatting),
 * so a name like "<Ann>" or "R&D" must be escaped to show as written.
 */
import { stripControls } from '../core/strip-controls';

/** Google documents no length limit for card text; these keep a line readable in the 320 px sidebar. */
export const TEXT_CAPS = { name: 60, email: 80, subject: 80, message: 600 } as const;

export function escapeCardText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** At most `max` characters, cut at a character boundary with "…"; control and bidi characters become spaces. */
export function shortenText(text: string, max: number): string {
  const clean = stripControls(text).replace(/\s+/g, ' ').trim();
  const chars = [...clean];
  return chars.length <= max ? clean : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** Shortened, then escaped: the only way header text reaches a card. */
export function formatCardText(text: string, max: number): string {
  return escapeCardText(shortenText(text, max));
}
