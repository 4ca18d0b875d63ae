/** Wires the adapters to Google's services: the globals in Apps Script, fakes in tests. */
import { registerCharsetDecoder } from '../core/decode-encoded-words';
import { requireAdvancedGmail, type AdvancedGmail } from './advanced-gmail';
import { CalendarMeetingSource, findAdvancedCalendar, type AdvancedCalendar } from './calendar-meeting-source';
import { findAdvancedPeople, PeopleContactSource, type AdvancedPeople } from './people-contact-source';
import { SheetPeopleStore } from './sheet-people-store';
import { resolveWithSources, syncPeopleSources } from './sync-people-sources';
import type { Ledger } from '../core/ledger';
import type { DraftingDeps } from './draft-reconnects';
import { GmailDrafter } from './gmail-drafter';
import { GmailLabeler } from './gmail-labeler';
import { GmailMailSource } from './gmail-mail-source';
import { openReconnectSpreadsheet, type OpenedSpreadsheet } from './open-reconnect-spreadsheet';
import { PropertiesStateStore } from './properties-state-store';
import { ScriptAppTriggerScheduler } from './script-app-trigger-scheduler';
import { SheetDraftLog } from './sheet-draft-log';
import { SheetLedgerStore } from './sheet-ledger-store';
import { SheetsReport } from './sheets-report';
import type { SpreadsheetAppPort } from './spreadsheet-ports';

export interface GoogleServices {
  gmail: AdvancedGmail;
  spreadsheetApp: SpreadsheetAppPort;
  propertiesService: GoogleAppsScript.Properties.PropertiesService;
  scriptApp: GoogleAppsScript.Script.ScriptApp;
  lockService: GoogleAppsScript.Lock.LockService;
  session: GoogleAppsScript.Base.Session;
  utilities: GoogleAppsScript.Utilities.Utilities;
  now: () => number;
  /** The Calendar and People advanced services; null (or absent) when the user has not added them. */
  calendar?: AdvancedCalendar | null;
  people?: AdvancedPeople | null;
}

/** The real services; read lazily so a missing Advanced Gmail service is reported, not a crash at load. */
export function globalServices(): GoogleServices {
  return {
    gmail: requireAdvancedGmail(),
    spreadsheetApp: SpreadsheetApp,
    propertiesService: PropertiesService,
    scriptApp: ScriptApp,
    lockService: LockService,
    session: Session,
    utilities: Utilities,
    now: () => Date.now(),
    calendar: findAdvancedCalendar(),
    people: findAdvancedPeople(),
  };
}

export interface GasRuntime extends DraftingDeps {
  services: GoogleServices;
  opened: OpenedSpreadsheet;
  /** The spreadsheet's tabs: Lapsed, Contacts (the control panel), Summary, Templates. */
  panel: SheetsReport;
  peopleStore: SheetPeopleStore;
  /** The ledger as people, from what the last sync stored (no Google call): for cards. */
  viewPeople: (ledger: Ledger, now: number) => Ledger;
}

export function createGasRuntime(services: GoogleServices = globalServices()): GasRuntime {
  // Charsets the core decoder does not carry (ISO-8859-2, KOI8-R, Shift_JIS...) in encoded words:
  // Apps Script byte arrays are signed, -128 to 127 (developers.google.com/apps-script/reference/utilities/utilities#newBlob(Byte)).
  registerCharsetDecoder((charset, bytes) =>
    services.utilities.newBlob(Array.from(bytes, (b) => (b > 127 ? b - 256 : b))).getDataAsString(charset));
  const state = new PropertiesStateStore(services.propertiesService);
  const opened = openReconnectSpreadsheet(state, services.spreadsheetApp);
  const panel = new SheetsReport(opened.spreadsheet, { spreadsheetApp: services.spreadsheetApp, session: services.session });
  if (opened.created) panel.prepare({ replacedAt: opened.replaced ? services.now() : null });
  const peopleStore = new SheetPeopleStore(opened.spreadsheet);
  // Undefined: not wired at all (a harness without them); null: the user has not added the advanced service.
  const calendar = services.calendar === undefined ? undefined : services.calendar === null ? null : new CalendarMeetingSource(services.calendar);
  const contacts = services.people === undefined ? undefined : services.people === null ? null : new PeopleContactSource(services.people);
  const links = () => {
    try {
      return panel.readOverrides({ mergeGmailVariants: state.settings().mergeGmailVariants }).links ?? [];
    } catch {
      // Manual links are a refinement: a Contacts tab that cannot be read must not cost the scan.
      return [];
    }
  };
  return {
    services,
    opened,
    peopleStore,
    resolvePeople: (ledger, owner, deadline) => {
      const settings = state.settings();
      const synced = syncPeopleSources({ calendar, contacts, peopleStore, now: services.now, sleep: (ms) => services.utilities.sleep(ms) }, settings, owner, deadline);
      return { ledger: resolveWithSources(ledger, synced.state, settings, services.now(), links()).ledger, notes: synced.notes, pending: synced.pending };
    },
    viewPeople: (ledger, now) => resolveWithSources(ledger, peopleStore.load(), state.settings(), now, links()).ledger,
    state,
    source: new GmailMailSource(services.gmail),
    store: new SheetLedgerStore(opened.spreadsheet, state),
    triggers: new ScriptAppTriggerScheduler(services.scriptApp),
    labeler: new GmailLabeler(state, services.gmail),
    drafter: new GmailDrafter(services.utilities, services.gmail),
    draftLog: new SheetDraftLog(opened.spreadsheet),
    session: services.session,
    lock: services.lockService,
    now: services.now,
    sleep: (ms) => services.utilities.sleep(ms),
    panel,
    report: panel,
    overrides: () => panel.readOverrides({ mergeGmailVariants: state.settings().mergeGmailVariants }).overrides,
    templateOverrides: () => panel.readTemplateOverrides(),
    reportTemplateProblems: (problems) => panel.writeTemplateProblems(problems),
  };
}
