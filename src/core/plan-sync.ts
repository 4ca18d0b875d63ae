/**
 * The sync-token protocol Google's Calendar and People APIs share
 * (developers.google.com/calendar/api/guides/sync, People
 * people.connections.list): a full sync pages by pageToken and its last page
 * alone carries nextSyncToken; later runs send that token and get only what
 * changed, paged the same way; an expired token (Calendar: 410
 * fullSyncRequired; People: EXPIRED_SYNC_TOKEN) means wiping what was synced
 * and starting over. Both sides (Apps Script and the Node CLI) follow this one plan.
 */

export interface SyncCursor {
  /** From the last page of the last finished sync; null until one finishes. */
  syncToken: string | null;
  /** Within a sync that a run had to leave unfinished. */
  pageToken: string | null;
}

export const EMPTY_SYNC_CURSOR: SyncCursor = { syncToken: null, pageToken: null };

export interface SyncRequest {
  kind: 'full' | 'incremental';
  syncToken: string | null;
  pageToken: string | null;
}

export function planSyncRequest(cursor: SyncCursor): SyncRequest {
  return { kind: cursor.syncToken === null ? 'full' : 'incremental', syncToken: cursor.syncToken, pageToken: cursor.pageToken };
}

export interface SyncPage {
  nextPageToken?: string | null;
  nextSyncToken?: string | null;
}

/**
 * The cursor after a page, and whether the sync is finished. A page that
 * carries neither token ends the sync too (nothing says where to go on);
 * without a new token, the next run starts from the old one, or in full.
 */
export function advanceSyncCursor(cursor: SyncCursor, page: SyncPage): { cursor: SyncCursor; done: boolean } {
  if (page.nextPageToken) return { cursor: { syncToken: cursor.syncToken, pageToken: page.nextPageToken }, done: false };
  return { cursor: { syncToken: page.nextSyncToken || cursor.syncToken, pageToken: null }, done: true };
}

// Wordings: Calendar answers an expired token with 410 "Sync token is no longer
// valid, a full sync is required." (reason fullSyncRequired); People with
// reason EXPIRED_SYNC_TOKEN ("Sync token is expired. Clear local cache and
// retry call without the sync token."), developers.google.com/people/api/rest/v1/people.connections/list.
const EXPIRED = /fullSyncRequired|full sync is required|EXPIRED_SYNC_TOKEN|Sync token is expired|sync token is no longer valid/i;

/** Whether an error means the sync token is gone and a full sync must start over. */
export function isSyncTokenExpired(error: unknown): boolean {
  const e = error as { message?: unknown; code?: unknown; status?: unknown; details?: { code?: unknown } } | null;
  const text = e !== null && typeof e === 'object' && typeof e.message === 'string' ? e.message : String(error);
  if (EXPIRED.test(text)) return true;
  const code = e?.code ?? e?.status ?? e?.details?.code;
  return code === 410 || code === '410';
}
