/**
 * Untrusted text (names and subjects from mail headers) must never become a
 * spreadsheet formula. Sheets and Excel treat a cell starting with = + - @ as a
 * formula, and tab or carriage return as a prefix that still reaches it
 * (OWASP "CSV Injection"). A leading apostrophe makes the cell literal text and
 * is not shown by Sheets.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
