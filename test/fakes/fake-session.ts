/**
 * Session: who runs the script, in which time zone and locale.
 *
 * getActiveUser().getEmail() can legitimately be '' in Apps Script (consumer
 * accounts where the active and effective users differ, e.g. a trigger installed
 * by someone else); pass activeUserEmail: '' to exercise that path.
 */

import { FakeRuntime } from './fake-runtime';

export interface FakeSessionOptions {
  /** The effective user: the script's owner when it runs on its own triggers. */
  effectiveUserEmail: string;
  /** Defaults to the effective user. */
  activeUserEmail?: string;
  /** appsscript.json timeZone; default 'Etc/UTC'. */
  timeZone?: string;
  /** Default 'en'. */
  locale?: string;
}

export class FakeUser implements GoogleAppsScript.Base.User {
  constructor(
    private readonly rt: FakeRuntime,
    private readonly email: string,
  ) {}

  getEmail(): string {
    return this.rt.invoke('session.User.getEmail', () => this.email, 0);
  }

  getUserLoginId(): string {
    return this.rt.invoke('session.User.getUserLoginId', () => this.email, 0);
  }
}

export class FakeSession implements GoogleAppsScript.Base.Session {
  readonly timeZone: string;
  readonly locale: string;

  constructor(
    private readonly rt: FakeRuntime,
    private readonly opts: FakeSessionOptions,
  ) {
    this.timeZone = opts.timeZone ?? 'Etc/UTC';
    this.locale = opts.locale ?? 'en';
  }

  getActiveUser(): FakeUser {
    return this.rt.invoke('session.getActiveUser', () => new FakeUser(this.rt, this.opts.activeUserEmail ?? this.opts.effectiveUserEmail), 0);
  }

  getEffectiveUser(): FakeUser {
    return this.rt.invoke('session.getEffectiveUser', () => new FakeUser(this.rt, this.opts.effectiveUserEmail), 0);
  }

  getActiveUserLocale(): string {
    return this.rt.invoke('session.getActiveUserLocale', () => this.locale, 0);
  }

  getScriptTimeZone(): string {
    return this.rt.invoke('session.getScriptTimeZone', () => this.timeZone, 0);
  }

  /** A stable anonymous key per user and script. */
  getTemporaryActiveUserKey(): string {
    return this.rt.invoke('session.getTemporaryActiveUserKey', () => `fake-user-key-${Buffer.from(this.opts.effectiveUserEmail).toString('hex').slice(0, 16)}`, 0);
  }

  /** Deprecated alias of getScriptTimeZone. */
  getTimeZone(): string {
    return this.rt.invoke('session.getTimeZone', () => this.timeZone, 0);
  }

  /** Deprecated alias of getActiveUser. */
  getUser(): FakeUser {
    return this.rt.invoke('session.getUser', () => new FakeUser(this.rt, this.opts.activeUserEmail ?? this.opts.effectiveUserEmail), 0);
  }
}
