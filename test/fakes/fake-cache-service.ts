/**
 * CacheService with the documented limits (developers.google.com/apps-script/reference/cache/cache):
 * - "The maximum length of a key is 250 characters."
 * - "The maximum amount of data that can be stored per key is 100KB." (UTF-8 bytes here.)
 * - put without expiration: "The value will expire from the cache after 600 seconds (10 minutes)."
 * - expirationInSeconds: "The minimum is 1 second and the maximum is 21600 seconds (6 hours)."
 * - "The cap for cached items is 1,000. If more than 1,000 items are written, the
 *   cache stores the 900 items farthest from expiration."
 *
 * Oversized keys and values fail with "Argument too large: key" / "Argument too
 * large: value" (the texts Apps Script users report). What Apps Script does with
 * an expiration outside 1..21600 is not documented; the fake rejects it with its
 * own message so code never relies on an unspecified clamp.
 */

import { FakeRuntime } from './fake-runtime';
import { appsScriptException, WORDING } from './google-errors';

export const CACHE_KEY_MAX_CHARS = 250;
export const CACHE_VALUE_MAX_BYTES = 100 * 1024;
export const CACHE_DEFAULT_EXPIRATION_S = 600;
export const CACHE_MAX_EXPIRATION_S = 21600;
export const CACHE_MAX_ITEMS = 1000;
export const CACHE_ITEMS_KEPT_ON_OVERFLOW = 900;

interface Entry {
  value: string;
  expiresAt: number;
}

export class FakeCache implements GoogleAppsScript.Cache.Cache {
  constructor(
    private readonly rt: FakeRuntime,
    private readonly entries: Map<string, Entry>,
  ) {}

  get(key: string): string | null {
    return this.rt.invoke('cache.get', () => this.read(String(key)));
  }

  getAll(keys: string[]): { [key: string]: string } {
    return this.rt.invoke('cache.getAll', () => {
      const out: { [key: string]: string } = {};
      for (const k of keys) {
        const v = this.read(String(k));
        if (v !== null) out[k] = v;
      }
      return out;
    });
  }

  put(key: string, value: string, expirationInSeconds?: number): void {
    this.rt.invoke('cache.put', () => this.write([[String(key), String(value)]], expirationInSeconds));
  }

  putAll(values: { [key: string]: unknown }, expirationInSeconds?: number): void {
    this.rt.invoke('cache.putAll', () =>
      this.write(
        Object.entries(values).map(([k, v]) => [k, String(v)]),
        expirationInSeconds,
      ),
    );
  }

  remove(key: string): void {
    this.rt.invoke('cache.remove', () => {
      this.entries.delete(String(key));
    });
  }

  removeAll(keys: string[]): void {
    this.rt.invoke('cache.removeAll', () => {
      for (const k of keys) this.entries.delete(String(k));
    });
  }

  private read(key: string): string | null {
    const e = this.entries.get(key);
    if (!e) return null;
    if (e.expiresAt <= this.rt.clock.now()) {
      this.entries.delete(key);
      return null;
    }
    return e.value;
  }

  private write(pairs: [string, string][], expirationInSeconds: number | undefined): void {
    const seconds = expirationInSeconds ?? CACHE_DEFAULT_EXPIRATION_S;
    if (!(seconds >= 1 && seconds <= CACHE_MAX_EXPIRATION_S)) {
      throw new Error(`FakeCacheService: expirationInSeconds must be 1..${CACHE_MAX_EXPIRATION_S}, got ${seconds}`);
    }
    for (const [k, v] of pairs) {
      if (k.length > CACHE_KEY_MAX_CHARS) throw appsScriptException(WORDING.cacheKeyTooLarge);
      if (Buffer.byteLength(v, 'utf8') > CACHE_VALUE_MAX_BYTES) throw appsScriptException(WORDING.cacheValueTooLarge);
    }
    const expiresAt = this.rt.clock.now() + seconds * 1000;
    for (const [k, v] of pairs) this.entries.set(k, { value: v, expiresAt });
    this.dropExpired();
    if (this.entries.size > CACHE_MAX_ITEMS) {
      const keep = [...this.entries.entries()]
        .sort((a, b) => b[1].expiresAt - a[1].expiresAt)
        .slice(0, CACHE_ITEMS_KEPT_ON_OVERFLOW);
      this.entries.clear();
      for (const [k, e] of keep) this.entries.set(k, e);
    }
  }

  private dropExpired(): void {
    const now = this.rt.clock.now();
    for (const [k, e] of this.entries) if (e.expiresAt <= now) this.entries.delete(k);
  }
}

export interface FakeCacheServiceOptions {
  /** A standalone script has no document cache: getDocumentCache() returns null. */
  containerBound?: boolean;
}

export class FakeCacheService implements GoogleAppsScript.Cache.CacheService {
  private readonly script = new Map<string, Entry>();
  private readonly user = new Map<string, Entry>();
  private readonly document = new Map<string, Entry>();

  constructor(
    private readonly rt: FakeRuntime,
    private readonly opts: FakeCacheServiceOptions = {},
  ) {}

  getScriptCache(): FakeCache {
    return this.rt.invoke('cache.getScriptCache', () => new FakeCache(this.rt, this.script), 0);
  }

  getUserCache(): FakeCache {
    return this.rt.invoke('cache.getUserCache', () => new FakeCache(this.rt, this.user), 0);
  }

  getDocumentCache(): FakeCache | null {
    return this.rt.invoke('cache.getDocumentCache', () => (this.opts.containerBound ? new FakeCache(this.rt, this.document) : null), 0);
  }

  /** "The data you write to the cache is not guaranteed to persist until its expiration time": drop everything. */
  evictAll(): void {
    this.script.clear();
    this.user.clear();
    this.document.clear();
  }

  /** Live entries of a cache, for inspection (uncounted). */
  size(which: 'script' | 'user' | 'document'): number {
    const now = this.rt.clock.now();
    const m = which === 'script' ? this.script : which === 'user' ? this.user : this.document;
    return [...m.values()].filter((e) => e.expiresAt > now).length;
  }
}
