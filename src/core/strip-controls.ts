/**
 * Header text (names, subjects) is shown to the user in a terminal, a CSV, an HTML page, a
 * sheet and a reply's Subject. Anyone can write it, so every display point passes it through
 * here first: C0/C1 controls could move a terminal's cursor or start a new header line, and
 * the bidirectional embeddings, overrides, isolates and marks let a header reorder the text
 * around it, so "moc.evil@boss" reads as "boss@evil.com" (Unicode TR9 section 2;
 * CVE-2021-42574, "Trojan Source"). Each becomes one space, so words stay apart.
 *
 * U+061C ARABIC LETTER MARK, U+200E/U+200F LRM/RLM, U+202A–U+202E LRE/RLE/PDF/LRO/RLO,
 * U+2066–U+2069 LRI/RLI/FSI/PDI, U+2028/U+2029 line and paragraph separators, U+FEFF BOM.
 */
const CONTROLS = /[\p{Cc}\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF]/gu;
const ANY_CONTROL = /[\p{Cc}\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF]/u;

/** `text` with each control and bidi formatting character replaced by a space. Keys stay unstripped: this is for display. */
export function stripControls(text: string): string {
  return ANY_CONTROL.test(text) ? text.replace(CONTROLS, ' ') : text;
}

/** Display text on one line: controls stripped, every run of whitespace one space, the ends trimmed. */
export function collapseSpaces(text: string): string {
  return stripControls(text).replace(/\s+/g, ' ').trim();
}
