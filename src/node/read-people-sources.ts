/** The CLI's calendar and contacts inputs: Takeout .ics files into one meeting store, a .vcf into contact cards. */
import { addMeeting, createMeetingStore, DEFAULT_LARGE_MEETING_COUNT, type MeetingOptions, type MeetingStore } from '../core/fold-meetings';
import type { PeopleDirectory } from '../core/resolve-people';
import type { FoldOptions } from '../core/settings';
import { createIcsStats, readIcsFile, type IcsStats } from './read-ics-file';
import { readVcfFile, type VcfStats } from './read-vcf-file';

export interface PeopleSources {
  meetings: MeetingStore;
  directory: PeopleDirectory;
  calendarStats: IcsStats;
  contactStats: VcfStats;
}

export interface ReadPeopleSourcesOptions {
  calendars: readonly string[];
  contacts?: string;
  fold: Pick<FoldOptions, 'owner' | 'mergeGmailVariants' | 'excludedAddresses' | 'excludedDomains'>;
  largeMeetingCount?: number;
  now: number;
}

export async function readPeopleSources(options: ReadPeopleSourcesOptions): Promise<PeopleSources> {
  const meetingOptions: MeetingOptions = { ...options.fold, largeMeetingCount: options.largeMeetingCount ?? DEFAULT_LARGE_MEETING_COUNT, intern: new Map() };
  const meetings = createMeetingStore();
  const calendarStats = createIcsStats();
  // Files one after another: the same meeting in your calendar and a shared one is stored once.
  for (const path of options.calendars) {
    for await (const event of readIcsFile(path, { until: options.now }, calendarStats)) addMeeting(meetings, event, meetingOptions);
  }
  const contactStats: VcfStats = { cards: 0, broken: 0 };
  const cards = options.contacts === undefined ? [] : await readVcfFile(options.contacts, contactStats);
  return { meetings, directory: { cards, links: [] }, calendarStats, contactStats };
}

/** Counted warnings for the broken parts of otherwise good files, one line each. */
export function describeSourceWarnings(sources: Pick<PeopleSources, 'calendarStats' | 'contactStats'>): string[] {
  const out: string[] = [];
  const c = sources.calendarStats;
  if (c.broken > 0) out.push(`${c.broken} calendar event(s) could not be read and were skipped`);
  if (c.truncatedSeries > 0) out.push(`${c.truncatedSeries} recurring event(s) repeat more than 20,000 times; only the first 20,000 were counted`);
  if (sources.contactStats.broken > 0) out.push(`${sources.contactStats.broken} contact card(s) could not be read and were skipped`);
  return out;
}
