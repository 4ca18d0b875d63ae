/**
 * PropertiesService with the documented storage limits.
 *
 * Limits (developers.google.com/apps-script/guides/services/quotas#current_limitations):
 * "Properties value size 9 KB / val" and "Properties total storage 500 KB /
 * property store". Sizes are counted in UTF-8 bytes. The total counts keys as
 * well as values, as measured by K. Tanaike ("Specification of PropertiesService",
 * gist.github.com/tanaikech/8b057d10fb5f2af014794e57b021c6aa, May 2023).
 *
 * Wordings: a value over 9 KB fails with "Argument too large: value"; a write
 * that would take the store past 500 KB fails with "You have exceeded the
 * property storage quota. Please remove some properties and try again." (both as
 * reported by Apps Script users; Google does not document the texts). A failed
 * write changes nothing.
 */

import { FakeRuntime } from './fake-runtime';
import { appsScriptException, WORDING } from './google-errors';

export const PROPERTY_VALUE_MAX_BYTES = 9 * 1024;
export const PROPERTY_STORE_MAX_BYTES = 500 * 1024;

export type PropertyScope = 'script' | 'user' | 'document';

function bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

export class FakeProperties implements GoogleAppsScript.Properties.Properties {
  constructor(
    private readonly rt: FakeRuntime,
    readonly scope: PropertyScope,
    private readonly store: Map<string, string>,
  ) {}

  getProperty(key: string): string | null {
    return this.rt.invoke('properties.getProperty', () => this.store.get(String(key)) ?? null);
  }

  getProperties(): { [key: string]: string } {
    return this.rt.invoke('properties.getProperties', () => Object.fromEntries(this.store));
  }

  getKeys(): string[] {
    return this.rt.invoke('properties.getKeys', () => [...this.store.keys()]);
  }

  setProperty(key: string, value: string): this {
    return this.rt.invoke('properties.setProperty', () => {
      this.apply([[String(key), String(value)]], false);
      return this;
    });
  }

  setProperties(properties: { [key: string]: string }, deleteAllOthers = false): this {
    return this.rt.invoke('properties.setProperties', () => {
      this.apply(
        Object.entries(properties).map(([k, v]) => [k, String(v)]),
        deleteAllOthers,
      );
      return this;
    });
  }

  deleteProperty(key: string): this {
    return this.rt.invoke('properties.deleteProperty', () => {
      this.store.delete(String(key));
      return this;
    });
  }

  deleteAllProperties(): this {
    return this.rt.invoke('properties.deleteAllProperties', () => {
      this.store.clear();
      return this;
    });
  }

  /** Validates the whole write first, so a rejected write leaves the store as it was. */
  private apply(entries: [string, string][], deleteAllOthers: boolean): void {
    for (const [, v] of entries) {
      if (bytes(v) > PROPERTY_VALUE_MAX_BYTES) throw appsScriptException(WORDING.propertyValueTooLarge);
    }
    const next = new Map(deleteAllOthers ? [] : this.store);
    for (const [k, v] of entries) next.set(k, v);
    if (storeBytes(next) > PROPERTY_STORE_MAX_BYTES) throw appsScriptException(WORDING.propertyStoreFull);
    this.store.clear();
    for (const [k, v] of next) this.store.set(k, v);
  }
}

export function storeBytes(store: ReadonlyMap<string, string>): number {
  let n = 0;
  for (const [k, v] of store) n += bytes(k) + bytes(v);
  return n;
}

export interface FakePropertiesServiceOptions {
  /** A standalone script (Reconnect) has no document properties: getDocumentProperties() returns null. */
  containerBound?: boolean;
}

export class FakePropertiesService implements GoogleAppsScript.Properties.PropertiesService {
  /** The raw stores, for tests to seed and inspect without counting calls. */
  readonly scriptStore = new Map<string, string>();
  readonly userStore = new Map<string, string>();
  readonly documentStore = new Map<string, string>();

  constructor(
    private readonly rt: FakeRuntime,
    private readonly opts: FakePropertiesServiceOptions = {},
  ) {}

  getScriptProperties(): FakeProperties {
    return this.rt.invoke('properties.getScriptProperties', () => new FakeProperties(this.rt, 'script', this.scriptStore), 0);
  }

  getUserProperties(): FakeProperties {
    return this.rt.invoke('properties.getUserProperties', () => new FakeProperties(this.rt, 'user', this.userStore), 0);
  }

  getDocumentProperties(): FakeProperties {
    return this.rt.invoke(
      'properties.getDocumentProperties',
      () =>
        this.opts.containerBound
          ? new FakeProperties(this.rt, 'document', this.documentStore)
          : (null as unknown as FakeProperties),
      0,
    );
  }

  /** Bytes a store holds, keys included, as the 500 KB limit counts them. */
  usedBytes(scope: PropertyScope): number {
    return storeBytes(scope === 'script' ? this.scriptStore : scope === 'user' ? this.userStore : this.documentStore);
  }
}
