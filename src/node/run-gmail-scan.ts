/** `reconnect scan --gmail`: sign-in, lock, scan, and the same report as the mbox scan. */
import { assessLedger } from '../core/assess-contact';
import { DEFAULT_POLICY, DEFAULT_SETTINGS, type PolicySettings } from '../core/settings';
import { resolvePeople, type PeopleLedger } from '../core/resolve-people';
import { buildContactCards, type PeopleSourcesState } from '../core/read-google-sources';
import type { Ledger } from '../core/ledger';
import { calendar as calendarApi } from '@googleapis/calendar';
import { people as peopleApi } from '@googleapis/people';
import { chooseFetch } from './create-gmail-session';
import type { LoadedGmailSession } from './load-gmail-session';
import { resolveUserDirs } from './resolve-user-dirs';
import { CALENDAR_EVENTS_READONLY_SCOPE, CONTACTS_READONLY_SCOPE, FilePeopleSourcesStore, syncGooglePeople, type GooglePeopleClients } from './sync-google-people';
import { classifyGmailError } from './call-gmail-with-retry';
import { createGmailCaller } from './create-gmail-caller';
import { explainGmailError } from './explain-gmail-error';
import type { ScanReport } from './format-scan';
import { GmailApiMailSource } from './gmail-api-mail-source';
import { createMessageProgressBar } from './message-progress-bar';
import { openGmailCommand } from './open-gmail-command';
import { scanGmail, type ScanGmailOptions } from './scan-gmail';

export interface GmailCommandIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  now: () => number;
}

export interface RunGmailScanOptions {
  me?: string[];
  /** Judge lapses as of this time (ms). */
  now: number;
  /** Tuning for tests and the benchmark. */
  scan?: Partial<ScanGmailOptions>;
  env?: NodeJS.ProcessEnv;
  /** Default DEFAULT_POLICY; the CLI's --min-gap lands here. */
  policy?: PolicySettings;
  /** For tests: the Calendar and People clients instead of ones built from the sign-in. */
  peopleClients?: GooglePeopleClients;
}

/** Syncs what the stored sign-in grants; nothing, with one note, when it grants neither. */
async function syncPeopleForScan(session: LoadedGmailSession, owner: string[], options: RunGmailScanOptions, io: GmailCommandIo): Promise<PeopleSourcesState | null> {
  const env = options.env ?? process.env;
  const granted = new Set(session.token.scope.split(' '));
  const rootFor = (name: string) => {
    const value = env[name];
    return value === undefined || value === '' ? {} : { rootUrl: value.endsWith('/') ? value : `${value}/` };
  };
  const clients: GooglePeopleClients = options.peopleClients ?? {
    ...(granted.has(CALENDAR_EVENTS_READONLY_SCOPE) ? { calendar: calendarApi({ version: 'v3', auth: session.oauth, retry: false, ...chooseFetch(env), ...rootFor('RECONNECT_CALENDAR_ROOT_URL') }) } : {}),
    ...(granted.has(CONTACTS_READONLY_SCOPE) ? { people: peopleApi({ version: 'v1', auth: session.oauth, retry: false, ...chooseFetch(env), ...rootFor('RECONNECT_PEOPLE_ROOT_URL') }) } : {}),
  };
  if (clients.calendar === undefined && clients.people === undefined) return null;
  const store = new FilePeopleSourcesStore(resolveUserDirs(env).data);
  const settings = DEFAULT_SETTINGS;
  try {
    const { state, notes } = await syncGooglePeople(clients, store, {
      meeting: { owner: new Set(owner), mergeGmailVariants: settings.mergeGmailVariants, excludedAddresses: new Set(), excludedDomains: new Set(), largeMeetingCount: settings.largeMeetingCount },
      lookbackDays: options.scan?.lookbackDays ?? settings.lookbackDays,
      now: io.now,
    });
    for (const note of notes) io.stderr.write(`reconnect: ${note}\n`);
    return state;
  } catch (error) {
    // The mail scan is done and saved; calendar and contacts refine it, so a failure there costs only them, this run.
    const info = classifyGmailError(error);
    io.stderr.write(`reconnect: warning: could not read your calendar or contacts (${info.status === 0 ? '' : `${info.status} `}${info.message}); this report uses what was read before\n`);
    return store.load();
  }
}

/** The mail ledger as people: contact cards merged, meetings added (core/resolve-people.ts). */
export function resolveWithSources(mail: Ledger, state: PeopleSourcesState | null, settings: typeof DEFAULT_SETTINGS, now: number): { ledger: PeopleLedger } {
  const cards = state === null ? [] : buildContactCards(state.cards, state.groups);
  return resolvePeople({ ledger: mail, now, meetings: state?.meetings, directory: { cards, links: [] }, mergeGmailVariants: settings.mergeGmailVariants });
}

export async function runGmailScan(options: RunGmailScanOptions, io: GmailCommandIo): Promise<ScanReport> {
  const { session, store, notice, lock } = openGmailCommand(options.env ?? process.env, 'read', io);
  const progress = createMessageProgressBar(io.stderr, 'Scanning Gmail');
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  try {
    const source = new GmailApiMailSource(session.gmail, createGmailCaller());
    const result = await scanGmail(
      { source, store, now: io.now, notice, onProgress: progress.update, signal: controller.signal },
      { ...options.scan, ...(options.me === undefined ? {} : { me: options.me }) },
    );
    const mail = result.state.ledger!;
    // The calendar and contacts the sign-in allows, then people instead of addresses.
    const people = await syncPeopleForScan(session, result.state.owner, options, io);
    const ledger = resolveWithSources(mail, people, DEFAULT_SETTINGS, options.now).ledger;
    return { me: result.state.owner, now: options.now, ledger, assessments: assessLedger(ledger, options.now, options.policy ?? DEFAULT_POLICY) };
  } catch (error) {
    throw explainGmailError(error, 'reconnect scan --gmail');
  } finally {
    progress.stop();
    process.off('SIGINT', stop);
    lock.release();
  }
}
