/** The Advanced Gmail service, which is undefined until the user enables it. */

export type AdvancedGmail = GoogleAppsScript.Gmail;

export function requireAdvancedGmail(): AdvancedGmail {
  if (typeof Gmail === 'undefined' || Gmail === undefined) {
    throw new Error(
      'The Advanced Gmail service is off: in the Apps Script editor open Services, add "Gmail API" (v1), then run setup again.',
    );
  }
  return Gmail;
}
