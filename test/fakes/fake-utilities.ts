/**
 * Utilities: base64, digests, blobs, date formatting and sleep.
 *
 * Byte arrays are Java bytes, as in Apps Script: signed integers -128..127.
 * base64EncodeWebSafe keeps '=' padding, as Apps Script's does.
 * sleep() advances the shared fake clock (and can therefore end the execution).
 */

import { createHash, createHmac } from 'node:crypto';
import { FakeRuntime } from './fake-runtime';
import { fakeEnum, notImplemented } from './not-implemented';
import { isValidTimeZone, zonedParts } from './time-zone';

/** Utilities.sleep: "The maximum allowed value is 300000 (or 5 minutes)." (Apps Script reference.) */
export const SLEEP_MAX_MS = 300_000;

type Bytes = number[];

function toSigned(buf: Uint8Array): Bytes {
  return Array.from(buf, (b) => (b > 127 ? b - 256 : b));
}

function fromSigned(bytes: readonly number[]): Buffer {
  return Buffer.from(bytes.map((b) => b & 0xff));
}

function encodeString(s: string, charset?: unknown): Buffer {
  if (String(charset) === 'US_ASCII') return Buffer.from(Array.from(s, (ch) => (ch.charCodeAt(0) < 128 ? ch.charCodeAt(0) : 63)));
  return Buffer.from(s, 'utf8');
}

function decodeBytes(buf: Buffer, charset?: unknown): string {
  const name = String(charset ?? 'UTF-8').toUpperCase().replace('_', '-');
  if (name === 'US-ASCII') return buf.toString('latin1').replace(/[\x80-\xff]/g, '\ufffd');
  return new TextDecoder(name === 'UTF-8' ? 'utf-8' : name.toLowerCase()).decode(buf);
}

function dataBuffer(data: string | readonly number[], charset?: unknown): Buffer {
  return typeof data === 'string' ? encodeString(data, charset) : fromSigned(data);
}

const DIGESTS: Readonly<Record<string, string>> = {
  MD5: 'md5',
  SHA_1: 'sha1',
  SHA_256: 'sha256',
  SHA_384: 'sha384',
  SHA_512: 'sha512',
};

const HMACS: Readonly<Record<string, string>> = {
  HMAC_MD5: 'md5',
  HMAC_SHA_1: 'sha1',
  HMAC_SHA_256: 'sha256',
  HMAC_SHA_384: 'sha384',
  HMAC_SHA_512: 'sha512',
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function offsetText(minutes: number, style: 'Z' | 'X' | 'XX' | 'XXX'): string {
  if (minutes === 0 && style !== 'Z') return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  if (style === 'X') return `${sign}${hh}${mm === '00' ? '' : mm}`;
  if (style === 'XXX') return `${sign}${hh}:${mm}`;
  return `${sign}${hh}${mm}`;
}

/**
 * java.text.SimpleDateFormat letters: G y Y M L d D E u a H k K h m s S z Z X
 * and quoted literals. An unknown time zone falls back to GMT, as Java's
 * TimeZone.getTimeZone does.
 */
export function formatSimpleDate(date: Date, timeZone: string, pattern: string): string {
  const tz = isValidTimeZone(timeZone) ? timeZone : 'Etc/GMT';
  const ms = date.getTime();
  const p = zonedParts(ms, tz);
  const dayOfYear = Math.round((Date.UTC(p.year, p.month - 1, p.day) - Date.UTC(p.year, 0, 1)) / 86400000) + 1;
  const num = (n: number, width: number): string => String(n).padStart(width, '0');
  let out = '';
  const re = /'((?:[^']|'')*)'|([A-Za-z])\2*|[^A-Za-z']+/g;
  for (const m of pattern.matchAll(re)) {
    const tok = m[0];
    if (m[1] !== undefined) {
      out += tok === "''" ? "'" : m[1].replace(/''/g, "'");
      continue;
    }
    if (!m[2]) {
      out += tok;
      continue;
    }
    const n = tok.length;
    switch (m[2]) {
      case 'G':
        out += p.year > 0 ? 'AD' : 'BC';
        break;
      case 'y':
      case 'Y':
        out += n === 2 ? num(p.year % 100, 2) : num(p.year, n);
        break;
      case 'M':
      case 'L':
        out += n >= 4 ? MONTHS[p.month - 1] : n === 3 ? MONTHS[p.month - 1]?.slice(0, 3) : num(p.month, n);
        break;
      case 'd':
        out += num(p.day, n);
        break;
      case 'D':
        out += num(dayOfYear, n);
        break;
      case 'E':
        out += n >= 4 ? DAYS[p.weekday] : DAYS[p.weekday]?.slice(0, 3);
        break;
      case 'u':
        out += num(p.weekday === 0 ? 7 : p.weekday, n);
        break;
      case 'a':
        out += p.hour < 12 ? 'AM' : 'PM';
        break;
      case 'H':
        out += num(p.hour, n);
        break;
      case 'k':
        out += num(p.hour === 0 ? 24 : p.hour, n);
        break;
      case 'K':
        out += num(p.hour % 12, n);
        break;
      case 'h':
        out += num(p.hour % 12 === 0 ? 12 : p.hour % 12, n);
        break;
      case 'm':
        out += num(p.minute, n);
        break;
      case 's':
        out += num(p.second, n);
        break;
      case 'S':
        out += num(p.millisecond, 3).slice(0, Math.max(n, 3)).padEnd(n, '0');
        break;
      case 'z': {
        const name = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: n >= 4 ? 'long' : 'short' })
          .formatToParts(date)
          .find((x) => x.type === 'timeZoneName')?.value;
        out += name ?? 'GMT';
        break;
      }
      case 'Z':
        out += offsetText(p.offsetMinutes, 'Z');
        break;
      case 'X':
        out += offsetText(p.offsetMinutes, n === 1 ? 'X' : n === 2 ? 'XX' : 'XXX');
        break;
      default:
        throw new Error(`FakeUtilities: formatDate letter '${m[2]}' is not implemented`);
    }
  }
  return out;
}

export class FakeBlob implements GoogleAppsScript.Base.Blob {
  private bytes: Buffer;

  constructor(
    private readonly rt: FakeRuntime,
    data: Buffer,
    private contentType: string | null,
    private name: string | null,
  ) {
    this.bytes = Buffer.from(data);
  }

  private call<T>(method: string, fn: () => T): T {
    return this.rt.invoke(`utilities.Blob.${method}`, fn, 0);
  }

  copyBlob(): FakeBlob {
    return this.call('copyBlob', () => new FakeBlob(this.rt, this.bytes, this.contentType, this.name));
  }
  getBlob(): FakeBlob {
    return this.call('getBlob', () => this);
  }
  getBytes(): Bytes {
    return this.call('getBytes', () => toSigned(this.bytes));
  }
  getContentType(): string | null {
    return this.call('getContentType', () => this.contentType);
  }
  getDataAsString(charset?: string): string {
    return this.call('getDataAsString', () => decodeBytes(this.bytes, charset));
  }
  getName(): string | null {
    return this.call('getName', () => this.name);
  }
  isGoogleType(): boolean {
    return this.call('isGoogleType', () => false);
  }
  setBytes(data: Bytes): this {
    return this.call('setBytes', () => {
      this.bytes = fromSigned(data);
      return this;
    });
  }
  setContentType(contentType: string | null): this {
    return this.call('setContentType', () => {
      this.contentType = contentType;
      return this;
    });
  }
  setDataFromString(s: string, charset?: string): this {
    return this.call('setDataFromString', () => {
      this.bytes = encodeString(s, charset === undefined ? undefined : charset.toUpperCase().replace('-', '_'));
      return this;
    });
  }
  setName(name: string): this {
    return this.call('setName', () => {
      this.name = name;
      return this;
    });
  }

  // Not modelled: each throws NotImplementedError.
  getAs(..._args: unknown[]): never {
    return notImplemented('FakeUtilities', 'Blob.getAs');
  }
  setContentTypeFromExtension(..._args: unknown[]): never {
    return notImplemented('FakeUtilities', 'Blob.setContentTypeFromExtension');
  }
  getAllBlobs(..._args: unknown[]): never {
    return notImplemented('FakeUtilities', 'Blob.getAllBlobs');
  }
}

export class FakeUtilities implements GoogleAppsScript.Utilities.Utilities {
  readonly Charset = fakeEnum<typeof GoogleAppsScript.Utilities.Charset>(['US_ASCII', 'UTF_8']);
  readonly DigestAlgorithm = fakeEnum<typeof GoogleAppsScript.Utilities.DigestAlgorithm>([
    'MD2',
    'MD5',
    'SHA_1',
    'SHA_256',
    'SHA_384',
    'SHA_512',
  ]);
  readonly MacAlgorithm = fakeEnum<typeof GoogleAppsScript.Utilities.MacAlgorithm>([
    'HMAC_MD5',
    'HMAC_SHA_1',
    'HMAC_SHA_256',
    'HMAC_SHA_384',
    'HMAC_SHA_512',
  ]);
  readonly RsaAlgorithm = fakeEnum<typeof GoogleAppsScript.Utilities.RsaAlgorithm>(['RSA_SHA_1', 'RSA_SHA_256']);
  private uuidSeq = 0;

  constructor(readonly runtime: FakeRuntime) {}

  private call<T>(method: string, fn: () => T, latencyMs?: number): T {
    return this.runtime.invoke(`utilities.${method}`, fn, latencyMs ?? 0);
  }

  base64Encode(data: string | Bytes, charset?: GoogleAppsScript.Utilities.Charset): string {
    return this.call('base64Encode', () => dataBuffer(data, charset).toString('base64'));
  }
  base64EncodeWebSafe(data: string | Bytes, charset?: GoogleAppsScript.Utilities.Charset): string {
    return this.call('base64EncodeWebSafe', () => dataBuffer(data, charset).toString('base64').replace(/\+/g, '-').replace(/\//g, '_'));
  }
  base64Decode(encoded: string, _charset?: GoogleAppsScript.Utilities.Charset): Bytes {
    return this.call('base64Decode', () => toSigned(decodeBase64(encoded, false)));
  }
  base64DecodeWebSafe(encoded: string, _charset?: GoogleAppsScript.Utilities.Charset): Bytes {
    return this.call('base64DecodeWebSafe', () => toSigned(decodeBase64(encoded, true)));
  }

  computeDigest(algorithm: GoogleAppsScript.Utilities.DigestAlgorithm, value: string | Bytes, charset?: GoogleAppsScript.Utilities.Charset): Bytes {
    return this.call('computeDigest', () => {
      const algo = DIGESTS[String(algorithm)];
      if (!algo) return notImplemented('FakeUtilities', `computeDigest(${String(algorithm)})`);
      return toSigned(createHash(algo).update(dataBuffer(value, charset)).digest());
    });
  }
  computeHmacSha256Signature(value: string | Bytes, key: string | Bytes, charset?: GoogleAppsScript.Utilities.Charset): Bytes {
    return this.call('computeHmacSha256Signature', () =>
      toSigned(createHmac('sha256', dataBuffer(key, charset)).update(dataBuffer(value, charset)).digest()),
    );
  }
  computeHmacSignature(
    algorithm: GoogleAppsScript.Utilities.MacAlgorithm,
    value: string | Bytes,
    key: string | Bytes,
    charset?: GoogleAppsScript.Utilities.Charset,
  ): Bytes {
    return this.call('computeHmacSignature', () => {
      const algo = HMACS[String(algorithm)];
      if (!algo) return notImplemented('FakeUtilities', `computeHmacSignature(${String(algorithm)})`);
      return toSigned(createHmac(algo, dataBuffer(key, charset)).update(dataBuffer(value, charset)).digest());
    });
  }

  formatDate(date: Date, timeZone: string, format: string): string {
    return this.call('formatDate', () => formatSimpleDate(date, timeZone, format));
  }

  /** Deterministic, RFC 4122 version-4 shaped: 00000000-0000-4000-8000-<counter>. */
  getUuid(): string {
    return this.call('getUuid', () => `00000000-0000-4000-8000-${(++this.uuidSeq).toString(16).padStart(12, '0')}`);
  }

  newBlob(data: string | Bytes, contentType?: string, name?: string): FakeBlob {
    return this.call('newBlob', () => new FakeBlob(this.runtime, dataBuffer(data), contentType ?? null, name ?? null));
  }

  /** Advances the fake clock by `milliseconds`; past the execution's deadline the execution dies. */
  sleep(milliseconds: number): void {
    if (!(milliseconds >= 0) || milliseconds > SLEEP_MAX_MS) {
      this.call('sleep', () => {
        throw new Error(`FakeUtilities: sleep() takes 0..${SLEEP_MAX_MS} ms, got ${milliseconds}`);
      });
    }
    this.call('sleep', () => undefined, milliseconds);
  }

  // Not modelled: each throws NotImplementedError.
  computeRsaSha1Signature(..._args: unknown[]): never {
    return notImplemented('FakeUtilities', 'computeRsaSha1Signature');
  }
  computeRsaSha256Signature(..._args: unknown[]): never {
    return notImplemented('FakeUtilities', 'computeRsaSha256Signature');
  }
  computeRsaSignature(..._args: unknown[]): never {
    return notImplemented('FakeUtilities', 'computeRsaSignature');
  }
  formatString(..._args: unknown[]): never {
    return notImplemented('FakeUtilities', 'formatString');
  }
  gzip(..._args: unknown[]): never {
    return notImplemented('FakeUtilities', 'gzip');
  }
  parseCsv(..._args: unknown[]): never {
    return notImplemented('FakeUtilities', 'parseCsv');
  }
  parseDate(..._args: unknown[]): never {
    return notImplemented('FakeUtilities', 'parseDate');
  }
  ungzip(..._args: unknown[]): never {
    return notImplemented('FakeUtilities', 'ungzip');
  }
  unzip(..._args: unknown[]): never {
    return notImplemented('FakeUtilities', 'unzip');
  }
  zip(..._args: unknown[]): never {
    return notImplemented('FakeUtilities', 'zip');
  }
  jsonParse(..._args: unknown[]): never {
    return notImplemented('FakeUtilities', 'jsonParse');
  }
  jsonStringify(..._args: unknown[]): never {
    return notImplemented('FakeUtilities', 'jsonStringify');
  }
}

function decodeBase64(encoded: string, webSafe: boolean): Buffer {
  const clean = encoded.replace(/\s+/g, '');
  const alphabet = webSafe ? /^[A-Za-z0-9_-]*={0,2}$/ : /^[A-Za-z0-9+/]*={0,2}$/;
  if (!alphabet.test(clean)) throw new Error(`Could not decode string.`);
  return Buffer.from(clean, webSafe ? 'base64url' : 'base64');
}
