#!/usr/bin/env node
// Benchmarks reading a Google Takeout Calendar export of 100,000 events (issue 14):
// events/s through ical.js into the meeting store, and the reader's peak RSS.
//
//   npx tsc -p tsconfig.build.json && node scripts/bench-calendar.mjs
//
// The file is generated once (seeded) into bench/, which is git-ignored. The reader runs in
// a child process so its peak RSS is its own. Numbers are printed next to the targets and a
// miss never fails: timings on a shared machine are evidence, not a test.
//
// Internal: `node scripts/bench-calendar.mjs --read FILE` is the child.

import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SELF = fileURLToPath(import.meta.url);
const FILE = join(ROOT, 'bench', 'calendar-100k.v1.ics');
const EVENTS = 100_000;
const TAG = '@@bench-calendar ';
const TARGETS = { eventsPerSec: 5_000, maxRssMB: 400 };

if (process.argv[2] === '--read') {
  const require = createRequire(import.meta.url);
  const { readPeopleSources } = require(join(ROOT, 'lib/node/read-people-sources.js'));
  const started = process.hrtime.bigint();
  const sources = await readPeopleSources({
    calendars: [process.argv[3]],
    fold: { owner: new Set(['me@example.com']), mergeGmailVariants: true, excludedAddresses: new Set(), excludedDomains: new Set() },
    now: Date.parse('2026-11-01T00:00:00Z'),
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const stored = Object.keys(sources.meetings.occurrences).length;
  process.stdout.write(`${TAG}${JSON.stringify({ seconds, stats: sources.calendarStats, stored, maxRssKiB: process.resourceUsage().maxRSS })}\n`);
  process.exit(0);
}

/** A small LCG (Numerical Recipes constants): the same file on every machine. */
function random(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function stamp(ms) {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function generate(path) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  const rnd = random(14);
  const people = Array.from({ length: 2000 }, (_, i) => `person${i}@example.org`);
  const zones = ['America/New_York', 'Europe/Berlin', 'Asia/Tokyo'];
  let out = 'BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\nX-WR-TIMEZONE:Europe/Berlin\r\n';
  const start = Date.parse('2016-11-01T00:00:00Z');
  for (let i = 0; i < EVENTS; i += 1) {
    const at = start + Math.floor(rnd() * 10 * 365) * 86_400_000 + Math.floor(rnd() * 20) * 1_800_000;
    const n = 1 + Math.floor(rnd() * 5);
    const lines = ['BEGIN:VEVENT', `DTSTAMP:${stamp(at)}`, `UID:ev${i}@google.com`];
    // One event in twenty is a weekly series of 10 (so ~150k occurrences in all); the rest one-offs, some in a named zone.
    if (i % 20 === 0) {
      lines.push(`DTSTART;TZID=${zones[i % 3]}:${stamp(at).replace('Z', '')}`, 'RRULE:FREQ=WEEKLY;COUNT=10');
    } else {
      lines.push(`DTSTART:${stamp(at)}`);
    }
    lines.push(`DTEND:${stamp(at + 1_800_000)}`, 'ORGANIZER;CN=Me:mailto:me@example.com', 'ATTENDEE;CN=Me;PARTSTAT=ACCEPTED:mailto:me@example.com');
    for (let k = 0; k < n; k += 1) {
      const who = people[Math.floor(rnd() * people.length)];
      lines.push(`ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=${rnd() < 0.1 ? 'DECLINED' : 'ACCEPTED'};CN=${who};X-NUM-GUESTS=0:mailto:${who}`);
    }
    lines.push(`SUMMARY:Meeting ${i}`, `DESCRIPTION:${'Agenda and notes. '.repeat(1 + Math.floor(rnd() * 10))}`, 'STATUS:CONFIRMED', 'END:VEVENT');
    out += `${lines.map(fold).join('\r\n')}\r\n`;
    if (out.length > 1 << 20) {
      writeSync(fd, out);
      out = '';
    }
  }
  writeSync(fd, `${out}END:VCALENDAR\r\n`);
  closeSync(fd);
  renameSync(tmp, path);
}

/** RFC 5545 3.1: lines longer than 75 octets are folded, as Google writes them. */
function fold(line) {
  if (line.length <= 75) return line;
  const parts = [line.slice(0, 75)];
  for (let i = 75; i < line.length; i += 74) parts.push(` ${line.slice(i, i + 74)}`);
  return parts.join('\r\n');
}

if (!existsSync(FILE)) {
  process.stdout.write(`generating ${FILE} (${EVENTS} events)…\n`);
  generate(FILE);
}
const size = statSync(FILE).size;
const child = spawnSync(process.execPath, [SELF, '--read', FILE], { encoding: 'utf8', maxBuffer: 1 << 24 });
const line = (child.stdout ?? '').split('\n').find((l) => l.startsWith(TAG));
if (child.status !== 0 || line === undefined) {
  process.stdout.write(`calendar reader failed: ${child.stderr}\n`);
  process.exit(1);
}
const r = JSON.parse(line.slice(TAG.length));
const eventsPerSec = Math.round(r.stats.events / r.seconds);
const rssMB = Math.round((r.maxRssKiB * 1024) / 1e6);
process.stdout.write(
  [
    `file: ${(size / 1e6).toFixed(0)} MB, ${r.stats.events} VEVENTs, ${r.stats.occurrences} occurrences, ${r.stored} stored, ${r.stats.broken} broken`,
    `time: ${r.seconds.toFixed(1)} s`,
    `throughput: ${eventsPerSec} events/s, ${Math.round(r.stats.occurrences / r.seconds)} occurrences/s, ${(size / 1e6 / r.seconds).toFixed(1)} MB/s (target ≥ ${TARGETS.eventsPerSec} events/s)`,
    `peak RSS: ${rssMB} MB (target ≤ ${TARGETS.maxRssMB} MB)`,
    '',
  ].join('\n'),
);
