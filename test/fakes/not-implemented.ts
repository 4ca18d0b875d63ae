/**
 * Shared helpers for methods a fake deliberately leaves out. A stub is declared
 * `name(): never` so it still satisfies any overload of the @types interface, and
 * a test that strays into it fails loudly instead of reading `undefined`.
 */

/** Thrown by every method a fake does not model. */
export class NotImplementedError extends Error {
  constructor(fake: string, member: string) {
    super(`${fake}: ${member} is not implemented`);
    this.name = 'NotImplementedError';
  }
}

export function notImplemented(fake: string, member: string): never {
  throw new NotImplementedError(fake, member);
}

/**
 * Builds an Apps Script enum object. Apps Script enum values print as their name
 * (`String(ScriptApp.WeekDay.MONDAY) === 'MONDAY'`), so each member is its own
 * name. The @types declare the enums as ambient (no runtime object), hence the cast.
 */
export function fakeEnum<T>(members: readonly string[]): T {
  const out: Record<string, string> = {};
  for (const m of members) out[m] = m;
  return Object.freeze(out) as unknown as T;
}
