/**
 * Every fake, sharing one clock and one call log, ready to hand to Reconnect's
 * adapters or to install as globals in a `vm` context for the bundled script.
 */

import { CallLog } from './call-log';
import { Execution, ExecutionOptions, FakeClock } from './fake-clock';
import { FakeCacheService } from './fake-cache-service';
import { FakeCardService } from './fake-card-service';
import { FakeGmail, FakeGmailOptions } from './fake-gmail';
import { FakeLockService } from './fake-lock-service';
import { FakePropertiesService } from './fake-properties-service';
import { FakeRuntime } from './fake-runtime';
import { installSheetFormatting } from './fake-sheet-formatting';
import { FakeScriptApp } from './fake-script-app';
import { FakeSession } from './fake-session';
import { FakeSpreadsheetApp, FakeSpreadsheetAppOptions } from './fake-spreadsheet-app';
import { FakeUtilities } from './fake-utilities';
import { MailboxBuilder } from './mailbox-builder';

export interface FakeGoogleOptions {
  /** Where the shared clock starts; explicit so no test depends on the host clock. */
  now: Date | number | string;
  /** The mailbox to serve; its owner becomes the user. */
  mailbox?: MailboxBuilder;
  /**
   * Conditional format rules and charts on sheets (test/fakes/fake-sheet-formatting.ts);
   * default true. False keeps them unimplemented, to test the report's fallback.
   */
  sheetFormatting?: boolean;
  /** A mailbox already built to copy instead of seeding `mailbox` again (same owner). */
  gmailToCopy?: FakeGmail;
  /** The user when no mailbox is given; default 'me@example.com'. */
  owner?: string;
  /** Gmail options beyond what the mailbox builder sets. */
  gmail?: Partial<Omit<FakeGmailOptions, 'owner'>>;
  /** The script's time zone (Session, triggers, new spreadsheets); default 'Etc/UTC'. */
  timeZone?: string;
  locale?: string;
  /** Set to '' to model a session whose active user is hidden. */
  activeUserEmail?: string;
  spreadsheet?: Omit<FakeSpreadsheetAppOptions, 'timeZone'>;
  scriptId?: string;
  grantedScopes?: readonly string[];
  declaredScopes?: readonly string[];
  /** Latency overrides, keyed like LATENCY_MS. */
  latency?: Readonly<Record<string, number>>;
}

/** Global names the fakes stand in for, as the Apps Script runtime defines them. */
export const GLOBAL_NAMES = [
  'Gmail',
  'SpreadsheetApp',
  'PropertiesService',
  'CacheService',
  'LockService',
  'ScriptApp',
  'Session',
  'Utilities',
  'CardService',
] as const;

export type GlobalName = (typeof GLOBAL_NAMES)[number];

export class FakeGoogle {
  readonly runtime: FakeRuntime;
  readonly Gmail: FakeGmail;
  readonly SpreadsheetApp: FakeSpreadsheetApp;
  readonly PropertiesService: FakePropertiesService;
  readonly CacheService: FakeCacheService;
  readonly LockService: FakeLockService;
  readonly ScriptApp: FakeScriptApp;
  readonly Session: FakeSession;
  readonly Utilities: FakeUtilities;
  readonly CardService: FakeCardService;

  constructor(opts: FakeGoogleOptions) {
    if (opts.sheetFormatting !== false) installSheetFormatting();
    this.runtime = new FakeRuntime({ start: opts.now, latency: opts.latency });
    const timeZone = opts.timeZone ?? 'Etc/UTC';
    const owner = opts.mailbox?.me.email ?? opts.owner ?? 'me@example.com';
    if (opts.gmailToCopy) {
      this.Gmail = opts.gmailToCopy.copyTo(this.runtime);
    } else if (opts.mailbox) {
      this.Gmail = new FakeGmail(this.runtime, { ...opts.mailbox.gmailOptions(), ...opts.gmail });
      opts.mailbox.buildInto(this.Gmail);
    } else {
      this.Gmail = new FakeGmail(this.runtime, { ...opts.gmail, owner });
    }
    this.SpreadsheetApp = new FakeSpreadsheetApp(this.runtime, { ...opts.spreadsheet, timeZone, locale: opts.locale });
    this.PropertiesService = new FakePropertiesService(this.runtime);
    this.CacheService = new FakeCacheService(this.runtime);
    this.LockService = new FakeLockService(this.runtime);
    this.ScriptApp = new FakeScriptApp(this.runtime, {
      scriptId: opts.scriptId,
      timeZone,
      grantedScopes: opts.grantedScopes,
      declaredScopes: opts.declaredScopes,
    });
    this.Session = new FakeSession(this.runtime, {
      effectiveUserEmail: owner,
      activeUserEmail: opts.activeUserEmail,
      timeZone,
      locale: opts.locale,
    });
    this.Utilities = new FakeUtilities(this.runtime);
    this.CardService = new FakeCardService(this.runtime);
  }

  get clock(): FakeClock {
    return this.runtime.clock;
  }

  get log(): CallLog {
    return this.runtime.log;
  }

  startExecution(opts?: ExecutionOptions): Execution {
    return this.runtime.startExecution(opts);
  }

  endExecution(): void {
    this.runtime.endExecution();
  }

  withExecution<T>(exec: Execution | null, fn: () => T): T {
    return this.runtime.withExecution(exec, fn);
  }

  /** The fakes by their Apps Script global names. */
  globals(): Record<GlobalName, unknown> {
    return {
      Gmail: this.Gmail,
      SpreadsheetApp: this.SpreadsheetApp,
      PropertiesService: this.PropertiesService,
      CacheService: this.CacheService,
      LockService: this.LockService,
      ScriptApp: this.ScriptApp,
      Session: this.Session,
      Utilities: this.Utilities,
      CardService: this.CardService,
    };
  }

  /**
   * Defines the globals on `target` (a `vm` context object, or any sandbox) and
   * returns it. Node's own globalThis is never touched: passing it is refused.
   */
  installGlobals<T extends object>(target: T): T & Record<GlobalName, unknown> {
    if ((target as unknown) === globalThis) {
      throw new Error("FakeGoogle: refusing to install fakes on Node's globalThis; pass a vm context object instead");
    }
    for (const [name, value] of Object.entries(this.globals())) {
      Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: true });
    }
    return target as T & Record<GlobalName, unknown>;
  }
}
