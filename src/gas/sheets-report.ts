/**
 * The Reconnect spreadsheet as the user sees it, one adapter per tab: Lapsed
 * (who to write to), Contacts (everyone, and the user's Cadence, Snooze until,
 * Ignore and Notes: the control panel), Summary (counts, a chart, the last
 * run) and Templates (the user's own).
 *
 * A refresh reads, plans, applies: one snapshot of the tabs, one pure plan of
 * every write (planReportRefresh), then the writes. Conditional colours and
 * the chart come last, after every value is written, and are best-effort: a
 * failure there is shown on Summary.
 */
import type { Millis } from '../core/ledger';
import type { TemplateProblem } from '../core/load-templates';
import type { TemplateOverride } from '../core/parse-template';
import type { ContactPatch } from '../core/sheets/plan-contact-override';
import { planReportRefresh, type ReportRefresh } from '../core/sheets/plan-report-refresh';
import { chooseDatePattern } from '../core/sheets/report-columns';
import type { InvalidEdit } from '../core/parse-contact-edits';
import { SheetDraftLog } from './sheet-draft-log';
import { TAB_NAMES, TAB_ORDER, type Tab } from './sheet-tabs';
import { SheetsContactsTab, type ReadOverridesResult } from './sheets-contacts-tab';
import { SheetsLapsedTab } from './sheets-lapsed-tab';
import { SheetsSummaryTab } from './sheets-summary-tab';
import { SheetsTemplatesTab } from './sheets-templates-tab';
import type { SpreadsheetAppPort, SpreadsheetPort } from './spreadsheet-ports';
import type { ReportPort } from './gas-ports';

export { TAB_NAMES };
export type { ContactPatch, ReadOverridesResult, ReportRefresh };

export interface RefreshOutcome {
  people: number;
  lapsed: number;
  /** People added at the bottom of Contacts: new, or whose row the user deleted. */
  added: number;
  invalidEdits: InvalidEdit[];
  /** What could not be formatted; also shown on Summary. */
  warnings: string[];
}

export interface ReportServices {
  spreadsheetApp?: SpreadsheetAppPort;
  session?: GoogleAppsScript.Base.Session;
}

export class SheetsReport implements ReportPort {
  readonly contacts: SheetsContactsTab;
  readonly lapsed: SheetsLapsedTab;
  readonly summary: SheetsSummaryTab;
  readonly templates: SheetsTemplatesTab;
  private readonly session: GoogleAppsScript.Base.Session;
  private choices: { merge: boolean; result: ReadOverridesResult } | null = null;

  constructor(
    private readonly spreadsheet: SpreadsheetPort,
    services: ReportServices = {},
  ) {
    const spreadsheetApp = services.spreadsheetApp ?? SpreadsheetApp;
    this.session = services.session ?? Session;
    this.contacts = new SheetsContactsTab(spreadsheet, spreadsheetApp, () => this.datePattern());
    this.lapsed = new SheetsLapsedTab(spreadsheet, spreadsheetApp);
    this.summary = new SheetsSummaryTab(spreadsheet);
    this.templates = new SheetsTemplatesTab(spreadsheet);
  }

  /**
   * Lays out a new spreadsheet so it makes sense before the first scan ends:
   * the four tabs with headers, the user's time zone, and, when it replaces
   * one that was deleted, a notice saying so at the top of Summary.
   */
  prepare(options: { replacedAt?: Millis | null } = {}): void {
    this.syncTimeZone();
    const datePattern = this.datePattern();
    const first = this.spreadsheet.getSheets()[0];
    if (first !== undefined && this.spreadsheet.getSheetByName(TAB_NAMES.lapsed) === null && first.getLastRow() === 0) {
      // The blank first sheet every new spreadsheet has becomes Lapsed instead of lingering as "Sheet1".
      first.setName(TAB_NAMES.lapsed);
      this.lapsed.layOut(first);
    }
    for (const tab of TAB_ORDER) this.ensureTab(tab, datePattern);
    if (options.replacedAt !== undefined && options.replacedAt !== null) this.summary.recordReplacement(options.replacedAt, datePattern);
  }

  /**
   * The user's choices from Contacts, and the cells that make no sense;
   * nothing is written. Read once per run (one report per entry point): the
   * end of a scan wants them for people's links and again for the labels.
   * A refresh never relies on this copy: it reads the rows afresh, because it
   * writes by row position.
   */
  readOverrides(options: { mergeGmailVariants?: boolean } = {}): ReadOverridesResult {
    const merge = options.mergeGmailVariants ?? true;
    if (this.choices === null || this.choices.merge !== merge) this.choices = { merge, result: this.contacts.readOverrides(merge) };
    return this.choices.result;
  }

  /** Writes one person's choices on their Contacts row (see SheetsContactsTab.setOverride); the next read sees them. */
  setOverride(email: string, patch: ContactPatch, options: { mergeGmailVariants?: boolean } = {}): { row: number; added: boolean } {
    this.choices = null;
    return this.contacts.setOverride(email, patch, options.mergeGmailVariants ?? true);
  }

  /**
   * Rewrites the report from the ledger. Reads Contacts first (the user's
   * choices decide every state shown), plans every write, merges into
   * Contacts, rewrites Lapsed, then the colours and the chart, then Summary.
   */
  refresh(input: ReportRefresh): RefreshOutcome {
    const timeZone = this.syncTimeZone();
    const datePattern = this.datePattern();
    const contacts = this.contacts.read(Object.keys(input.ledger.contacts).length, datePattern);
    const drafts = new SheetDraftLog(this.spreadsheet).read();
    const lapsed = this.lapsed.read();
    const summary = this.summary.ensure().sheet;

    const plan = planReportRefresh(input, { timeZone, datePattern, contacts, lapsed, drafts });
    this.choices = null;

    const finish = [
      this.contacts.apply(contacts.sheet, plan.contacts, contacts.maxRows, contacts.maxColumns),
      this.lapsed.apply(lapsed.sheet, plan.lapsed, lapsed.maxRows),
      () => this.summary.ensureChart(summary, plan.chart),
    ];
    // Colours and the chart are best-effort: every value is already current, so a
    // failure there is reported on Summary instead of failing the refresh.
    const warnings: string[] = [];
    for (const step of finish) {
      try {
        step();
      } catch (error) {
        warnings.push(`Colours or the chart could not be updated (${error instanceof Error ? error.message : String(error)}).`);
      }
    }
    this.summary.write(summary, plan.summary, warnings);
    return { ...plan.outcome, warnings };
  }

  /** The Templates tab as overrides for loadTemplates; rows without a name are skipped. */
  readTemplateOverrides(): TemplateOverride[] {
    return this.templates.readTemplateOverrides();
  }

  /** loadTemplates' problems as notes on their Templates rows (see SheetsTemplatesTab). */
  writeTemplateProblems(problems: readonly TemplateProblem[]): void {
    this.templates.writeTemplateProblems(problems);
  }

  private ensureTab(tab: Tab, datePattern: string): void {
    if (tab === 'contacts') this.contacts.ensure(datePattern);
    else if (tab === 'lapsed') this.lapsed.ensure();
    else if (tab === 'summary') this.summary.ensure();
    else this.templates.ensure();
  }

  /** Dates show in the script's zone, the user's, whatever zone the spreadsheet was made with. */
  private syncTimeZone(): string {
    const zone = this.session.getScriptTimeZone();
    if (this.spreadsheet.getSpreadsheetTimeZone() !== zone) this.spreadsheet.setSpreadsheetTimeZone(zone);
    return zone;
  }

  private datePattern(): string {
    return chooseDatePattern(this.spreadsheet.getSpreadsheetLocale());
  }
}
