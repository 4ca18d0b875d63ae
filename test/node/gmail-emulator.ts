/**
 * A Gmail REST API emulator on 127.0.0.1, for tests and the benchmark: the
 * real @googleapis/gmail client talks to it over HTTP through `rootUrl`.
 *
 * Response shapes follow Gmail's discovery document
 * (gmail.googleapis.com/$discovery/rest?version=v1): ids, historyId and
 * internalDate are strings, resultSizeEstimate and messagesTotal numbers,
 * headers sit in payload.headers, pages carry nextPageToken. Errors use
 * Google's JSON error body ({ error: { code, message, errors: [{ reason }] } }).
 *
 * Faults to inject: latency per request, rate limits (429, 403
 * rateLimitExceeded / userRateLimitExceeded) for the next N requests, a daily
 * limit (403 dailyLimitExceeded) after N requests, expired history (404).
 * It also plays Google's OAuth endpoints (consent redirect, token, revoke) with
 * PKCE checked, and the gmail.metadata scope's restrictions.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { addsLabelToDraft, BATCH_MODIFY_MAX_IDS, gmailMethodUnits, MAX_PAGE_SIZE, orderListing, pageBounds, SYSTEM_LABELS, type ListingMode } from '../fakes/gmail-contract';
import { retryAfterMessage, WORDING } from '../fakes/google-errors';

export const METADATA_SCOPE = 'https://www.googleapis.com/auth/gmail.metadata';
export const MODIFY_SCOPE = 'https://www.googleapis.com/auth/gmail.modify';

export interface Header {
  name: string;
  value: string;
}

export interface SeedMessage {
  id?: string;
  threadId?: string;
  labelIds: string[];
  /** ms since the epoch. */
  internalDate: number;
  headers: Record<string, string> | Header[];
}

export interface StoredMessage {
  id: string;
  threadId: string;
  labelIds: string[];
  internalDate: number;
  historyId: number;
  headers: Header[];
  /** The RFC 5322 text of a draft made through drafts.create. */
  raw?: string;
}

export interface StoredDraft {
  id: string;
  messageId: string;
}

export interface UserLabel {
  id: string;
  name: string;
  labelListVisibility?: string;
  messageListVisibility?: string;
}

export interface RequestLogEntry {
  method: string;
  /** Path and query as received. */
  url: string;
  /** users.messages.get, oauth.token, … or "unknown". */
  api: string;
  query: Record<string, string[]>;
  status: number;
  body: unknown;
  /** When the request arrived (ms, performance.now()). */
  at: number;
}

export type RateFault = 'tooManyRequests' | 'rateLimitExceeded' | 'userRateLimitExceeded';

interface HistoryRecord {
  id: number;
  messageId: string;
  kind: 'messageAdded' | 'labelAdded' | 'labelRemoved' | 'messageDeleted';
  labelIds?: string[];
}

interface Grant {
  clientId: string;
  redirectUri: string;
  challenge: string;
  scope: string;
}

export interface EmulatorOptions {
  emailAddress?: string;
  sendAs?: Array<{ sendAsEmail: string; displayName?: string; isDefault?: boolean; isPrimary?: boolean }>;
  /** Access token accepted from the start, and its scope. */
  accessToken?: string;
  scope?: string;
  latencyMs?: number;
  /** The clock for drafts and sent mail made here (ms). */
  now?: () => number;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly reason: string,
    readonly googleStatus: string,
    readonly domain = 'global',
    /** The Retry-After header of a 429, in whole seconds. */
    readonly retryAfterSeconds = 0,
  ) {
    super(message);
  }
}

const createNotFound = () => new ApiError(404, 'Requested entity was not found.', 'notFound', 'NOT_FOUND');
const createBadRequest = (message: string) => new ApiError(400, message, 'invalidArgument', 'INVALID_ARGUMENT');

export class GmailEmulator {
  readonly log: RequestLogEntry[] = [];
  readonly messages = new Map<string, StoredMessage>();
  readonly drafts = new Map<string, StoredDraft>();
  readonly userLabels = new Map<string, UserLabel>();
  readonly revoked: string[] = [];
  latencyMs: number;
  /** The most requests ever open at once. */
  maxInFlight = 0;
  emailAddress: string;
  sendAs: NonNullable<EmulatorOptions['sendAs']>;

  private server!: http.Server;
  private port = 0;
  private inFlight = 0;
  private historyId = 10_000;
  private history: HistoryRecord[] = [];
  /** startHistoryId below this answers 404. */
  private historyFloor = 0;
  private nextId = 0x18a0_0000_0000n;
  private nextDraft = 1;
  private nextLabel = 1;
  private rateFaults: RateFault[] = [];
  /** Per API, the counts of calls left before one whose answer is lost. */
  private lostAnswers: Array<{ api: string | null; left: number }> = [];
  private serverFaults: Array<{ left: number }> = [];
  private dailyAfter: number | null = null;
  private outageUntil: number | null = null;
  private readonly tokens = new Map<string, string>();
  private readonly refreshTokens = new Map<string, string>();
  private readonly grants = new Map<string, Grant>();
  private readonly clients = new Map<string, string | undefined>();
  private readonly now: () => number;

  private constructor(options: EmulatorOptions) {
    this.emailAddress = options.emailAddress ?? 'me@example.com';
    this.sendAs = options.sendAs ?? [{ sendAsEmail: this.emailAddress, displayName: 'Me', isDefault: true, isPrimary: true }];
    this.latencyMs = options.latencyMs ?? 0;
    this.now = options.now ?? (() => Date.now());
    this.tokens.set(options.accessToken ?? 'emulator-access-token', options.scope ?? MODIFY_SCOPE);
  }

  static async start(options: EmulatorOptions = {}): Promise<GmailEmulator> {
    const emulator = new GmailEmulator(options);
    emulator.server = http.createServer((req, res) => void emulator.handle(req, res));
    await new Promise<void>((resolve) => emulator.server.listen(0, '127.0.0.1', resolve));
    emulator.port = (emulator.server.address() as AddressInfo).port;
    return emulator;
  }

  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** What to pass as the client's rootUrl. */
  get rootUrl(): string {
    return `http://${this.host}/`;
  }

  get tokenUri(): string {
    return `${this.rootUrl}token`;
  }

  get authUri(): string {
    return `${this.rootUrl}o/oauth2/auth`;
  }

  get currentHistoryId(): string {
    return String(this.historyId);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---------------------------------------------------------------------------
  // Mailbox set-up and what a user would do in Gmail's own UI

  addMessage(seed: SeedMessage): string {
    const id = seed.id ?? this.newId();
    const headers = Array.isArray(seed.headers) ? seed.headers : Object.entries(seed.headers).map(([name, value]) => ({ name, value }));
    const historyId = this.bumpHistory();
    this.messages.set(id, { id, threadId: seed.threadId ?? id, labelIds: [...seed.labelIds], internalDate: seed.internalDate, historyId, headers });
    this.history.push({ id: historyId, messageId: id, kind: 'messageAdded', labelIds: [...seed.labelIds] });
    return id;
  }

  deleteMessage(id: string): void {
    this.messages.delete(id);
    this.history.push({ id: this.bumpHistory(), messageId: id, kind: 'messageDeleted' });
  }

  /** The user made this label themselves. */
  createUserLabel(name: string): string {
    const id = `Label_${this.nextLabel++}`;
    this.userLabels.set(id, { id, name });
    return id;
  }

  /** The user pressed Send on a draft: it leaves Drafts and becomes sent mail. */
  userSendsDraft(draftId: string, at = this.now()): string {
    const draft = this.drafts.get(draftId)!;
    this.drafts.delete(draftId);
    const m = this.messages.get(draft.messageId)!;
    m.labelIds = [...m.labelIds.filter((l) => l !== 'DRAFT'), 'SENT'];
    m.internalDate = at;
    m.historyId = this.bumpHistory();
    return m.id;
  }

  userDeletesDraft(draftId: string): void {
    const draft = this.drafts.get(draftId)!;
    this.drafts.delete(draftId);
    this.messages.delete(draft.messageId);
  }

  labelIdByName(name: string): string | undefined {
    return [...this.userLabels.values()].find((l) => l.name === name)?.id;
  }

  messagesWithLabel(labelId: string): StoredMessage[] {
    return [...this.messages.values()].filter((m) => m.labelIds.includes(labelId));
  }

  // ---------------------------------------------------------------------------
  // Faults

  /** The next `count` Gmail API requests fail with this rate limit. */
  failNext(count: number, fault: RateFault = 'tooManyRequests'): void {
    for (let i = 0; i < count; i += 1) this.rateFaults.push(fault);
  }

  /**
   * The k-th request from now to `api` (any API when null) is carried out, then
   * its answer is lost: the connection is dropped before the response is written,
   * so the client sees a socket error though the change was made.
   */
  loseAnswerOn(api: string | null, k = 1): void {
    this.lostAnswers.push({ api, left: k });
  }

  /** The k-th Gmail API request from now answers 500 backendError without being carried out. */
  failRequest(k: number): void {
    this.serverFaults.push({ left: k });
  }

  /**
   * Every Gmail API request before `untilMs` (wall clock) answers 429
   * "User-rate limit exceeded. Retry after <time>" with a Retry-After header,
   * as the fake's log.setRetryAfterOutage does (same wording, google-errors.ts).
   */
  retryAfterOutage(untilMs: number): void {
    this.outageUntil = untilMs;
  }

  /** After `count` more requests, every request fails with 403 dailyLimitExceeded until clearDailyLimit. */
  dailyLimitAfter(count: number): void {
    this.dailyAfter = count;
  }

  clearDailyLimit(): void {
    this.dailyAfter = null;
  }

  /** History up to now is gone: users.history.list from an older id answers 404. */
  expireHistory(): void {
    this.historyFloor = this.historyId + 1;
  }

  // ---------------------------------------------------------------------------
  // OAuth

  registerClient(clientId: string, clientSecret?: string): void {
    this.clients.set(clientId, clientSecret);
  }

  /** Accept this access token with this scope. */
  grantAccessToken(token: string, scope = MODIFY_SCOPE): void {
    this.tokens.set(token, scope);
  }

  // ---------------------------------------------------------------------------
  // Request log

  calls(api: string): RequestLogEntry[] {
    return this.log.filter((e) => e.api === api);
  }

  /** Quota units of every Gmail API request logged (refused ones included, as Google counts them). */
  unitsUsed(entries: readonly RequestLogEntry[] = this.log): number {
    return entries.reduce((sum, e) => sum + (e.api.startsWith('users.') ? (gmailMethodUnits(e.api) ?? 0) : 0), 0);
  }

  clearLog(): void {
    this.log.length = 0;
  }

  // ---------------------------------------------------------------------------
  // HTTP

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.rootUrl);
    const query: Record<string, string[]> = {};
    for (const [k, v] of url.searchParams) (query[k] ??= []).push(v);
    const text = await readBody(req);
    const contentType = req.headers['content-type'] ?? '';
    let body: unknown = text;
    if (text !== '' && contentType.includes('json')) body = JSON.parse(text) as unknown;
    else if (contentType.includes('x-www-form-urlencoded')) body = Object.fromEntries(new URLSearchParams(text));
    const entry: RequestLogEntry = { method: req.method ?? 'GET', url: req.url ?? '/', api: 'unknown', query, status: 0, body, at: performance.now() };
    this.log.push(entry);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.on('close', () => {
      this.inFlight -= 1;
    });
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));

    const reply = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      entry.status = status;
      if (status === 204) {
        res.writeHead(204, headers).end();
        return;
      }
      res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers }).end(JSON.stringify(json));
    };

    try {
      if (url.pathname === '/token') return reply(...this.tokenEndpoint(entry, body as Record<string, string>));
      if (url.pathname === '/revoke') {
        entry.api = 'oauth.revoke';
        const token = url.searchParams.get('token') ?? (body as Record<string, string>)['token'] ?? '';
        this.revoked.push(token);
        this.refreshTokens.delete(token);
        return reply(200, {});
      }
      if (url.pathname === '/o/oauth2/auth') return this.consent(entry, url, res);

      const match = /^\/gmail\/v1\/users\/([^/]+)\/(.*)$/.exec(url.pathname);
      if (match === null) throw createNotFound();
      const route = this.route(entry.method, match[2]!);
      entry.api = route.api;
      const scope = this.authorize(req);
      this.injectFaults();
      const result = route.run(url.searchParams, body as Record<string, unknown>, scope);
      if (this.answerLost(route.api)) {
        entry.status = 0;
        res.destroy();
        return;
      }
      const fields = url.searchParams.get('fields');
      if (result === undefined) return reply(204, null);
      return reply(200, fields === null ? result : applyFields(result, fields));
    } catch (error) {
      if (!(error instanceof ApiError)) {
        return reply(500, { error: { code: 500, message: String(error), errors: [{ reason: 'backendError', domain: 'global', message: String(error) }], status: 'INTERNAL' } });
      }
      const headers: Record<string, string> = error.status === 429 ? { 'retry-after': String(error.retryAfterSeconds) } : {};
      return reply(
        error.status,
        { error: { code: error.status, message: error.message, errors: [{ message: error.message, domain: error.domain, reason: error.reason }], status: error.googleStatus } },
        headers,
      );
    }
  }

  private authorize(req: http.IncomingMessage): string {
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    const scope = this.tokens.get(token);
    if (scope === undefined) throw new ApiError(401, 'Request had invalid authentication credentials.', 'authError', 'UNAUTHENTICATED');
    return scope;
  }

  private answerLost(api: string): boolean {
    let lost = false;
    for (const rule of this.lostAnswers) {
      if (rule.left <= 0 || (rule.api !== null && rule.api !== api)) continue;
      rule.left -= 1;
      if (rule.left === 0 && !lost) lost = true;
    }
    this.lostAnswers = this.lostAnswers.filter((r) => r.left > 0);
    return lost;
  }

  private injectFaults(): void {
    // Wall-clock time, not `now`: the client really waits out the named time.
    const wall = Date.now();
    if (this.outageUntil !== null && wall < this.outageUntil) {
      const seconds = Math.ceil((this.outageUntil - wall) / 1000);
      throw new ApiError(429, retryAfterMessage(this.outageUntil), 'rateLimitExceeded', 'RESOURCE_EXHAUSTED', 'usageLimits', seconds);
    }
    for (const f of this.serverFaults) f.left -= 1;
    const server = this.serverFaults.some((f) => f.left === 0);
    this.serverFaults = this.serverFaults.filter((f) => f.left > 0);
    if (server) throw new ApiError(500, 'Backend Error', 'backendError', 'INTERNAL');
    if (this.dailyAfter !== null) {
      if (this.dailyAfter <= 0) throw new ApiError(403, 'Daily Limit Exceeded', 'dailyLimitExceeded', 'PERMISSION_DENIED', 'usageLimits');
      this.dailyAfter -= 1;
    }
    const fault = this.rateFaults.shift();
    if (fault === 'tooManyRequests') throw new ApiError(429, 'Too many concurrent requests for user', 'rateLimitExceeded', 'RESOURCE_EXHAUSTED', 'usageLimits');
    if (fault === 'rateLimitExceeded') throw new ApiError(403, 'Rate Limit Exceeded', 'rateLimitExceeded', 'PERMISSION_DENIED', 'usageLimits');
    if (fault === 'userRateLimitExceeded') throw new ApiError(403, 'User-rate limit exceeded', 'userRateLimitExceeded', 'PERMISSION_DENIED', 'usageLimits');
  }

  private route(method: string, path: string): { api: string; run: (q: URLSearchParams, body: Record<string, unknown>, scope: string) => unknown } {
    const parts = path.split('/');
    const key = `${method} ${parts[0]}${parts.length > 1 ? '/:id' : ''}`;
    const id = decodeURIComponent(parts[1] ?? '');
    const write = (scope: string) => {
      if (!scope.split(' ').includes(MODIFY_SCOPE)) throw new ApiError(403, 'Request had insufficient authentication scopes.', 'insufficientPermissions', 'PERMISSION_DENIED');
    };
    if (path === 'settings/sendAs' && method === 'GET') return { api: 'users.settings.sendAs.list', run: () => ({ sendAs: this.sendAs }) };
    if (path === 'messages/batchModify' && method === 'POST') return { api: 'users.messages.batchModify', run: (_q, b, s) => (write(s), this.batchModify(b)) };
    switch (key) {
      case 'GET profile':
        return { api: 'users.getProfile', run: () => this.profile() };
      case 'GET labels':
        return { api: 'users.labels.list', run: () => ({ labels: this.allLabels() }) };
      case 'POST labels':
        return { api: 'users.labels.create', run: (_q, b, s) => (write(s), this.createLabel(b)) };
      case 'GET labels/:id':
        return { api: 'users.labels.get', run: () => this.getLabel(id) };
      case 'GET messages':
        return { api: 'users.messages.list', run: (q, _b, s) => this.listMessages(q, s) };
      case 'GET messages/:id':
        return { api: 'users.messages.get', run: (q, _b, s) => this.formatMessage(this.message(id), q, s) };
      case 'GET threads/:id':
        return { api: 'users.threads.get', run: (q, _b, s) => this.getThread(id, q, s) };
      case 'GET history':
        return { api: 'users.history.list', run: (q) => this.listHistory(q) };
      case 'GET drafts':
        return { api: 'users.drafts.list', run: (q) => this.listDrafts(q) };
      case 'POST drafts':
        return { api: 'users.drafts.create', run: (_q, b, s) => (write(s), this.createDraft(b)) };
      case 'GET drafts/:id':
        return { api: 'users.drafts.get', run: (q, _b, s) => this.getDraft(id, q, s) };
      default:
        return {
          api: 'unknown',
          run: () => {
            throw createNotFound();
          },
        };
    }
  }

  // ---------------------------------------------------------------------------
  // Resources

  private profile() {
    const threads = new Set([...this.messages.values()].map((m) => m.threadId));
    return { emailAddress: this.emailAddress, messagesTotal: this.messages.size, threadsTotal: threads.size, historyId: String(this.historyId) };
  }

  private allLabels() {
    return [
      ...SYSTEM_LABELS.map((id) => ({ id, name: id, type: 'system' })),
      ...[...this.userLabels.values()].map((l) => ({ ...l, type: 'user' })),
    ];
  }

  private createLabel(body: Record<string, unknown>) {
    const name = String(body['name'] ?? '').trim();
    if (name === '') throw createBadRequest('Invalid label name');
    if (this.allLabels().some((l) => l.name.toLowerCase() === name.toLowerCase())) {
      throw new ApiError(409, 'Label name exists or conflicts', 'duplicate', 'ALREADY_EXISTS');
    }
    const id = `Label_${this.nextLabel++}`;
    const label: UserLabel = { id, name, labelListVisibility: String(body['labelListVisibility'] ?? 'labelShow'), messageListVisibility: String(body['messageListVisibility'] ?? 'show') };
    this.userLabels.set(id, label);
    return { ...label, type: 'user' };
  }

  private getLabel(id: string) {
    const label = this.allLabels().find((l) => l.id === id);
    if (label === undefined) throw createNotFound();
    const messages = this.messagesWithLabel(id);
    return { ...label, messagesTotal: messages.length, messagesUnread: messages.filter((m) => m.labelIds.includes('UNREAD')).length, threadsTotal: new Set(messages.map((m) => m.threadId)).size, threadsUnread: 0 };
  }

  private listMessages(q: URLSearchParams, scope: string) {
    if (q.has('q')) {
      if (scope.split(' ').includes(METADATA_SCOPE)) throw new ApiError(403, "Metadata scope does not support 'q' parameter", 'forbidden', 'PERMISSION_DENIED');
      throw createBadRequest('emulator: q is not supported');
    }
    const labelIds = q.getAll('labelIds');
    const spamTrash = q.get('includeSpamTrash') === 'true' || labelIds.includes('SPAM') || labelIds.includes('TRASH');
    const matching = this.sorted(
      [...this.messages.values()].filter(
        (m) => labelIds.every((l) => m.labelIds.includes(l)) && (spamTrash || (!m.labelIds.includes('SPAM') && !m.labelIds.includes('TRASH'))),
      ),
      `users.messages.list|${labelIds.join(',')}`,
    );
    const { page, nextPageToken } = paginate(matching, q, (m) => `${m.internalDate}:${m.id}`, 100, this.listing);
    return { messages: page.map((m) => ({ id: m.id, threadId: m.threadId })), ...(nextPageToken ? { nextPageToken } : {}), resultSizeEstimate: matching.length };
  }

  private message(id: string): StoredMessage {
    const m = this.messages.get(id);
    if (m === undefined) throw createNotFound();
    return m;
  }

  private formatMessage(m: StoredMessage, q: URLSearchParams, scope: string) {
    const format = q.get('format') ?? 'full';
    if (scope.split(' ').includes(METADATA_SCOPE) && !scope.split(' ').includes(MODIFY_SCOPE) && (format === 'full' || format === 'raw')) {
      throw new ApiError(403, `Metadata scope doesn't allow format ${format.toUpperCase()}`, 'forbidden', 'PERMISSION_DENIED');
    }
    const base = { id: m.id, threadId: m.threadId, labelIds: [...m.labelIds], snippet: '', sizeEstimate: 1024, historyId: String(m.historyId), internalDate: String(m.internalDate) };
    if (format === 'minimal') return base;
    const wanted = q.getAll('metadataHeaders').map((h) => h.toLowerCase());
    const headers = format === 'metadata' && wanted.length > 0 ? m.headers.filter((h) => wanted.includes(h.name.toLowerCase())) : m.headers;
    return { ...base, payload: { partId: '', mimeType: 'text/plain', filename: '', headers: headers.map((h) => ({ ...h })), body: { size: 0 } } };
  }

  private getThread(id: string, q: URLSearchParams, scope: string) {
    const messages = [...this.messages.values()].filter((m) => m.threadId === id).sort((a, b) => a.internalDate - b.internalDate);
    if (messages.length === 0) throw createNotFound();
    return { id, historyId: String(Math.max(...messages.map((m) => m.historyId))), messages: messages.map((m) => this.formatMessage(m, q, scope)) };
  }

  private listHistory(q: URLSearchParams) {
    const start = Number(q.get('startHistoryId'));
    if (!Number.isFinite(start) || start <= 0) throw createBadRequest('Invalid startHistoryId');
    if (start < this.historyFloor) throw createNotFound();
    const types = q.getAll('historyTypes');
    const labelId = q.get('labelId');
    const records = this.history
      .filter((r) => r.id > start && (types.length === 0 || types.includes(r.kind)))
      .filter((r) => labelId === null || (this.messages.get(r.messageId)?.labelIds.includes(labelId) ?? false));
    const { page, nextPageToken } = paginate(records, q, (r) => String(r.id), 100);
    const history = page.map((r) => {
      const m = this.messages.get(r.messageId);
      const ref = { id: r.messageId, threadId: m?.threadId ?? r.messageId };
      const item: Record<string, unknown> = { id: String(r.id), messages: [ref] };
      if (r.kind === 'messageAdded') item['messagesAdded'] = [{ message: { ...ref, labelIds: r.labelIds } }];
      if (r.kind === 'messageDeleted') item['messagesDeleted'] = [{ message: ref }];
      if (r.kind === 'labelAdded') item['labelsAdded'] = [{ message: ref, labelIds: r.labelIds }];
      if (r.kind === 'labelRemoved') item['labelsRemoved'] = [{ message: ref, labelIds: r.labelIds }];
      return item;
    });
    return { ...(history.length > 0 ? { history } : {}), ...(nextPageToken ? { nextPageToken } : {}), historyId: String(this.historyId) };
  }

  private batchModify(body: Record<string, unknown>): undefined {
    const ids = (body['ids'] as string[] | undefined) ?? [];
    if (ids.length > BATCH_MODIFY_MAX_IDS) throw createBadRequest(`Too many ids: at most ${BATCH_MODIFY_MAX_IDS}`);
    const add = (body['addLabelIds'] as string[] | undefined) ?? [];
    const remove = (body['removeLabelIds'] as string[] | undefined) ?? [];
    const known = new Set(this.allLabels().map((l) => l.id));
    for (const l of [...add, ...remove]) if (!known.has(l)) throw createBadRequest(`Invalid label: ${l}`);
    if (addsLabelToDraft(add, ids.map((id) => this.messages.get(id)?.labelIds.includes('DRAFT') ?? false))) throw createBadRequest(WORDING.labelOnDraft);
    for (const id of ids) {
      const m = this.messages.get(id);
      if (m === undefined) continue;
      const added = add.filter((l) => !m.labelIds.includes(l));
      const removed = remove.filter((l) => m.labelIds.includes(l));
      m.labelIds = [...m.labelIds.filter((l) => !removed.includes(l)), ...added];
      if (added.length > 0) this.history.push({ id: (m.historyId = this.bumpHistory()), messageId: id, kind: 'labelAdded', labelIds: added });
      if (removed.length > 0) this.history.push({ id: (m.historyId = this.bumpHistory()), messageId: id, kind: 'labelRemoved', labelIds: removed });
    }
    return undefined;
  }

  private createDraft(body: Record<string, unknown>) {
    const message = (body['message'] ?? {}) as { raw?: string; threadId?: string };
    if (typeof message.raw !== 'string' || message.raw === '') throw createBadRequest('Missing draft message');
    const raw = Buffer.from(message.raw, 'base64url').toString('utf8');
    const threadId = message.threadId;
    if (threadId !== undefined && ![...this.messages.values()].some((m) => m.threadId === threadId)) throw createNotFound();
    const id = this.addMessage({ labelIds: ['DRAFT'], internalDate: this.now(), headers: parseHeaders(raw), threadId });
    this.messages.get(id)!.raw = raw;
    const draftId = `r${String(this.nextDraft++).padStart(19, '0')}`;
    this.drafts.set(draftId, { id: draftId, messageId: id });
    return { id: draftId, message: { id, threadId: threadId ?? id, labelIds: ['DRAFT'] } };
  }

  private listDrafts(q: URLSearchParams) {
    const drafts = [...this.drafts.values()].reverse();
    const { page, nextPageToken } = paginate(drafts, q, (d) => d.id);
    return {
      drafts: page.map((d) => ({ id: d.id, message: { id: d.messageId, threadId: this.messages.get(d.messageId)!.threadId } })),
      ...(nextPageToken ? { nextPageToken } : {}),
      resultSizeEstimate: drafts.length,
    };
  }

  private getDraft(id: string, q: URLSearchParams, scope: string) {
    const draft = this.drafts.get(id);
    if (draft === undefined) throw createNotFound();
    return { id, message: this.formatMessage(this.message(draft.messageId), q, scope) };
  }

  // ---------------------------------------------------------------------------
  // OAuth endpoints

  /** Stands in for Google's consent page: the user says yes, the browser is sent to the redirect URI with a code. */
  private consent(entry: RequestLogEntry, url: URL, res: http.ServerResponse): void {
    entry.api = 'oauth.consent';
    const p = url.searchParams;
    const redirect = new URL(p.get('redirect_uri') ?? '');
    if (p.get('code_challenge_method') !== 'S256' || !p.get('code_challenge') || !this.clients.has(p.get('client_id') ?? '')) {
      redirect.searchParams.set('error', 'invalid_request');
    } else {
      const code = `code-${randomBytes(8).toString('hex')}`;
      this.grants.set(code, { clientId: p.get('client_id')!, redirectUri: p.get('redirect_uri')!, challenge: p.get('code_challenge')!, scope: p.get('scope') ?? '' });
      redirect.searchParams.set('code', code);
      redirect.searchParams.set('scope', p.get('scope') ?? '');
    }
    redirect.searchParams.set('state', p.get('state') ?? '');
    entry.status = 302;
    res.writeHead(302, { location: redirect.toString() }).end();
  }

  private tokenEndpoint(entry: RequestLogEntry, body: Record<string, string>): [number, unknown] {
    entry.api = 'oauth.token';
    const fail = (error: string, description: string): [number, unknown] => [400, { error, error_description: description }];
    const secret = this.clients.get(body['client_id'] ?? '');
    if (!this.clients.has(body['client_id'] ?? '') || (secret !== undefined && secret !== body['client_secret'])) return [401, { error: 'invalid_client', error_description: 'Unauthorized' }];
    if (body['grant_type'] === 'authorization_code') {
      const grant = this.grants.get(body['code'] ?? '');
      if (grant === undefined) return fail('invalid_grant', 'Malformed auth code.');
      this.grants.delete(body['code']!);
      if (grant.redirectUri !== body['redirect_uri']) return fail('redirect_uri_mismatch', 'Bad Request');
      const challenge = createHash('sha256').update(body['code_verifier'] ?? '').digest('base64url');
      if (challenge !== grant.challenge) return fail('invalid_grant', 'Invalid code verifier.');
      const access = `access-${randomBytes(8).toString('hex')}`;
      const refresh = `refresh-${randomBytes(8).toString('hex')}`;
      this.tokens.set(access, grant.scope);
      this.refreshTokens.set(refresh, grant.scope);
      return [200, { access_token: access, expires_in: 3599, refresh_token: refresh, scope: grant.scope, token_type: 'Bearer' }];
    }
    if (body['grant_type'] === 'refresh_token') {
      const scope = this.refreshTokens.get(body['refresh_token'] ?? '');
      if (scope === undefined) return fail('invalid_grant', 'Token has been expired or revoked.');
      const access = `access-${randomBytes(8).toString('hex')}`;
      this.tokens.set(access, scope);
      return [200, { access_token: access, expires_in: 3599, scope, token_type: 'Bearer' }];
    }
    return fail('unsupported_grant_type', 'Invalid grant_type');
  }

  /** A refresh token this emulator will honour, as if issued earlier. */
  issueRefreshToken(token: string, scope = MODIFY_SCOPE): void {
    this.refreshTokens.set(token, scope);
  }

  // ---------------------------------------------------------------------------

  private newId(): string {
    return (this.nextId++).toString(16);
  }

  /** History ids increase but are not contiguous (developers.google.com/workspace/gmail/api/guides/sync). */
  private bumpHistory(): number {
    this.historyId += 3;
    return this.historyId;
  }

  /** How unkindly messages.list pages (gmail-contract.ts, ListingMode); default newest first, full pages. */
  listing: ListingMode = {};

  setListing(mode: ListingMode): this {
    this.listing = { ...mode };
    return this;
  }

  /** Newest first, then as the listing mode orders them. */
  private sorted(messages: StoredMessage[], query: string): StoredMessage[] {
    const newest = messages.sort((a, b) => b.internalDate - a.internalDate || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    return orderListing(newest, this.listing, query);
  }
}

/**
 * Page tokens name the last item before the next page, so mail arriving
 * meanwhile never shifts a later page, and count the pages served, which the
 * short-page mode draws its lengths from (gmail-contract.ts, pageBounds).
 */
function paginate<T>(
  items: T[],
  q: URLSearchParams,
  keyOf: (item: T) => string,
  defaultSize = 100,
  mode: ListingMode = {},
): { page: T[]; nextPageToken: string | null } {
  const size = Math.min(MAX_PAGE_SIZE, Math.max(1, Number(q.get('maxResults') ?? defaultSize)));
  const token = q.get('pageToken');
  let offset = 0;
  let turn = 0;
  if (token !== null && token !== '') {
    const decoded = decodePageToken(token);
    if (decoded === null) throw createBadRequest('Invalid pageToken');
    if (decoded.after !== null) {
      const index = items.findIndex((item) => keyOf(item) === decoded.after);
      if (index < 0) throw createBadRequest('Invalid pageToken');
      offset = index + 1;
    }
    turn = decoded.turn;
  }
  const { start, end } = pageBounds(mode, offset, turn, size);
  const page = items.slice(start, end);
  if (end >= items.length) return { page, nextPageToken: null };
  const after = end === 0 ? null : keyOf(items[end - 1]!);
  return { page, nextPageToken: Buffer.from(JSON.stringify({ after, turn: turn + 1 }), 'utf8').toString('base64url') };
}

function decodePageToken(token: string): { after: string | null; turn: number } | null {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown; turn?: unknown };
    if ((typeof value.after !== 'string' && value.after !== null) || typeof value.turn !== 'number') return null;
    return { after: value.after, turn: value.turn };
  } catch {
    return null;
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The header block of an RFC 5322 message, unfolded. */
export function parseHeaders(raw: string): Header[] {
  const block = raw.split(/\r?\n\r?\n/)[0] ?? '';
  const headers: Header[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && headers.length > 0) headers[headers.length - 1]!.value += ` ${line.trim()}`;
    else {
      const colon = line.indexOf(':');
      if (colon > 0) headers.push({ name: line.slice(0, colon), value: line.slice(colon + 1).trim() });
    }
  }
  return headers;
}

// -----------------------------------------------------------------------------
// Partial responses: the `fields` parameter
// (developers.google.com/workspace/gmail/api/guides/performance#partial)

type FieldTree = Map<string, FieldTree | true>;

export function parseFields(text: string): FieldTree {
  let i = 0;
  const parseList = (): FieldTree => {
    const tree: FieldTree = new Map();
    for (;;) {
      const path: string[] = [];
      let name = '';
      while (i < text.length && !',()'.includes(text[i]!)) {
        if (text[i] === '/') {
          path.push(name.trim());
          name = '';
        } else name += text[i];
        i += 1;
      }
      path.push(name.trim());
      let leaf: FieldTree | true = true;
      if (text[i] === '(') {
        i += 1;
        leaf = parseList();
        i += 1; // ')'
      }
      let node = tree;
      for (const [k, part] of path.entries()) {
        if (k === path.length - 1) node.set(part, mergeTree(node.get(part), leaf));
        else {
          const next = node.get(part);
          if (next === true) break;
          const sub: FieldTree = next ?? new Map();
          node.set(part, sub);
          node = sub;
        }
      }
      if (text[i] === ',') {
        i += 1;
        continue;
      }
      return tree;
    }
  };
  return parseList();
}

function mergeTree(a: FieldTree | true | undefined, b: FieldTree | true): FieldTree | true {
  if (a === undefined) return b;
  if (a === true || b === true) return true;
  const out: FieldTree = new Map(a);
  for (const [k, v] of b) out.set(k, mergeTree(out.get(k), v));
  return out;
}

export function applyFields(value: unknown, fields: string | FieldTree): unknown {
  const tree = typeof fields === 'string' ? parseFields(fields) : fields;
  if (Array.isArray(value)) return value.map((v) => applyFields(v, tree));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, sub] of tree) {
    if (!(k in (value as Record<string, unknown>))) continue;
    const v = (value as Record<string, unknown>)[k];
    out[k] = sub === true ? v : applyFields(v, sub);
  }
  return out;
}
