#!/usr/bin/env node
// Benchmarks the Takeout mbox reader against `cat` and `grep` on three generated files.
//
//   npx tsc -p tsconfig.build.json && node scripts/bench-mbox.mjs [--only NAME] [--reader cli|drain]
//
// Files are generated once (seeded, so every run reads the same bytes) and cached in bench/,
// which is git-ignored. The reader runs in a child process so its peak RSS is its own. It
// prints the numbers next to the targets and never fails on a miss: timings on a shared
// machine are evidence, not a test.
//
// Internal: `node scripts/bench-mbox.mjs --drain FILE` is the child that drains readMbox.

import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SELF = fileURLToPath(import.meta.url);
const BENCH_DIR = join(ROOT, 'bench');
const READ_MBOX_JS = join(ROOT, 'lib', 'node', 'read-mbox.js');
const CLI_JS = join(ROOT, 'lib', 'node', 'cli.js');
const RESULT_TAG = '@@bench-mbox ';
const MB = 1e6;
const MIB = 1024 * 1024;

/**
 * Loaded into every reader child with --import: reports the child's peak resident set at exit
 * (process.resourceUsage().maxRSS is in KiB, see getrusage(2)) on stderr, so the CLI needs no
 * benchmark hook of its own.
 */
const RSS_HOOK =
  'data:text/javascript,' +
  encodeURIComponent(
    "import { writeSync } from 'node:fs';" +
      `process.on('exit', () => writeSync(2, '\\n${RESULT_TAG}' + JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS }) + '\\n'));`,
  );

/** Part of every cached file name: bump it whenever generation changes, so stale files are not reused. */
const GENERATOR_VERSION = 'v2';

const FILES = [
  {
    name: 'realistic',
    file: `takeout-realistic-1gb.${GENERATOR_VERSION}.mbox`,
    describe: '~1 GB, 2-20 KB bodies, 1% multi-MB attachments',
    generate: generateRealistic,
    targets: { mbPerSec: 500, maxRssMB: 150 },
  },
  {
    name: 'small',
    file: `takeout-small-200k.${GENERATOR_VERSION}.mbox`,
    describe: '200k messages of ~1 KB',
    generate: generateSmall,
    targets: { msgsPerSec: 100_000 },
  },
  {
    name: 'huge',
    file: `takeout-huge-3x100mb.${GENERATOR_VERSION}.mbox`,
    describe: 'three 100 MB messages',
    generate: generateHuge,
    targets: { maxRssMB: 200 },
  },
];

/**
 * The command timed for one file: the real `reconnect scan` once lib/node/cli.js exists,
 * else a child that only drains readMbox. `--reader` forces either.
 */
function readerCommand(file, forced) {
  const useCli = forced === 'cli' || (forced === undefined && existsSync(CLI_JS));
  if (useCli) {
    return {
      label: 'reconnect scan',
      args: ['--import', RSS_HOOK, join(ROOT, 'bin', 'reconnect.js'), 'scan', '--mbox', file,
        '--me', 'owner@example.com', '--format', 'json', '--out', '/dev/null'],
    };
  }
  return { label: 'readMbox drain', args: ['--import', RSS_HOOK, SELF, '--drain', file] };
}

async function drain(file) {
  const require = createRequire(import.meta.url);
  const { readMbox } = require(READ_MBOX_JS);
  const reader = readMbox(file);
  let messages = 0;
  for await (const meta of reader) if (meta.date > 0) messages++;
  process.stdout.write(`${JSON.stringify({ messages, stats: reader.stats })}\n`);
}

// ---------------------------------------------------------------------------------------------
// Generation

/** mulberry32: a small, fast, seedable PRNG; quality is irrelevant here, determinism is not. */
function createRandom(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    /** Log-uniform, so sizes spread the way message sizes do. */
    logInt: (lo, hi) => Math.round(Math.exp(Math.log(lo) + next() * (Math.log(hi) - Math.log(lo)))),
  };
}

const WORDS = (
  'the of and to in is you that it he was for on are as with his they at be this have from or ' +
  'one had by word but not what all were we when your can said there use an each which she do ' +
  'how their if will up other about out many then them these so some her would make like him ' +
  'into time has look two more write go see number no way could people my than first water been ' +
  'call who oil its now find long down day did get come made may part meeting quarterly invoice ' +
  'project deadline thanks regards coffee review proposal schedule budget draft contract follow'
).split(' ');
// About one display name in four is non-ASCII and so RFC 2047-encoded, as in an international address book.
const FIRST = ['Ana', 'Bob', 'Chloé', 'Dmitri', 'Eve', 'François', 'Grace', 'Hiro', 'Ines', 'Kai', 'Lena', 'Omar'];
const LAST = ['Smith', 'Müller', 'Nguyen', 'Patel', 'Kowalski', 'Tanaka', 'Okafor', 'Rossi', 'Dubois', 'Larsen'];
const LABELS = ['Inbox', 'Sent', 'Important', 'Opened', 'Unread', 'Category Promotions', 'Category Updates',
  'Category Social', '"Work, Clients"', 'Archived', 'Starred'];
const ZONES = ['+0000', '-0800', '-0700', '+0100', '+0200', '+0530', '-0500 (EST)', '+0900', 'GMT', '-0000'];
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** ~1 MiB of wrapped prose; no line starts with "From " except the deliberately escaped ">From ". */
function createTextPool(random, eol) {
  const lines = [];
  let size = 0;
  while (size < MIB) {
    let line = random.next() < 0.01 ? '>From the desk of the editor:' : '';
    while (line.length < 60) line += (line ? ' ' : '') + random.pick(WORDS);
    lines.push(line);
    size += line.length + eol.length;
  }
  return Buffer.from(lines.join(eol) + eol, 'latin1');
}

/** ~4 MiB of 76-column base64 lines (RFC 2045 section 6.8). */
function createBase64Pool(random, eol) {
  const lineCount = Math.ceil((4 * MIB) / (76 + eol.length));
  const line = Buffer.alloc(76 + eol.length);
  const out = Buffer.alloc(lineCount * line.length);
  for (let l = 0; l < lineCount; l++) {
    for (let i = 0; i < 76; i++) line[i] = B64.charCodeAt((random.next() * 64) | 0);
    line.write(eol, 76, 'latin1');
    line.copy(out, l * line.length);
  }
  return out;
}

/** Writes buffers in 16 MiB batches to a temporary name, renamed into place only when complete. */
function createWriter(path) {
  const tmp = `${path}.partial`;
  const fd = openSync(tmp, 'w');
  let parts = [];
  let pending = 0;
  let written = 0;
  const flush = () => {
    if (pending === 0) return;
    writeSync(fd, parts.length === 1 ? parts[0] : Buffer.concat(parts, pending));
    parts = [];
    pending = 0;
  };
  return {
    get written() { return written + pending; },
    write(buf) {
      if (typeof buf === 'string') buf = Buffer.from(buf, 'utf8');
      parts.push(buf);
      pending += buf.length;
      if (pending >= 16 * MIB) {
        written += pending;
        flush();
      }
    },
    close() {
      written += pending;
      flush();
      closeSync(fd);
      renameSync(tmp, path);
    },
  };
}

/** Writes `bytes` bytes of the pool, wrapping around, cut at a line end. */
function writeFromPool(writer, pool, bytes, random) {
  let left = bytes;
  while (left > 0) {
    const start = random.int(0, pool.length - 1);
    const lineStart = pool.indexOf(0x0a, start) + 1;
    const from = lineStart > 0 && lineStart < pool.length ? lineStart : 0;
    const take = Math.min(left, pool.length - from);
    let end = from + take;
    const nl = pool.lastIndexOf(0x0a, end - 1);
    if (nl >= from) end = nl + 1;
    writer.write(pool.subarray(from, end));
    left -= end - from;
  }
}

function person(random) {
  const first = random.pick(FIRST);
  const last = random.pick(LAST);
  const address = `${first}.${last}`.normalize('NFD').replace(/[^\x20-\x7e]/g, '').toLowerCase();
  const domain = random.pick(['example.com', 'example.org', 'mail.example.net', 'corp.example']);
  const name = `${first} ${last}`;
  // Non-ASCII names as senders write them: RFC 2047 words, in Q or B encoding.
  const shown = /[^\x20-\x7e]/.test(name)
    ? random.next() < 0.5
      ? `=?UTF-8?Q?${[...Buffer.from(name, 'utf8')].map((b) => (b > 0x7e || b === 0x20 || b === 0x3d ? `=${b.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(b))).join('')}?=`
      : `=?UTF-8?B?${Buffer.from(name, 'utf8').toString('base64')}?=`
    : `"${name}"`;
  return `${shown} <${address}@${domain}>`;
}

function dateLine(random, time) {
  const d = new Date(time);
  const dd = random.next() < 0.2 ? String(d.getUTCDate()).padStart(2, '0') : String(d.getUTCDate());
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  const ss = String(d.getUTCSeconds()).padStart(2, '0');
  return `${DAYS[(d.getUTCDay() + 6) % 7]}, ${dd} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${hh}:${mm}:${ss} ${random.pick(ZONES)}`;
}

/** Takeout's separator: "From <X-GM-MSGID>@xxx <asctime with zone>". */
function fromLine(id, time) {
  const d = new Date(time);
  const p = (n) => String(n).padStart(2, '0');
  return `From ${id}@xxx ${DAYS[(d.getUTCDay() + 6) % 7]} ${MONTHS[d.getUTCMonth()]} ${p(d.getUTCDate())} ` +
    `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000 ${d.getUTCFullYear()}\n`;
}

/** A Takeout-like header block: Gmail's own headers first, then the relay trail, then the message's. */
function headerBlock(random, n, time, eol, extraHeaderBytes) {
  const id = 1500000000000000000n + BigInt(n) * 7919n;
  const h = [];
  h.push(`X-GM-THRID: ${id - BigInt(random.int(0, 3) * 7919)}`);
  const labels = new Set();
  const labelCount = random.int(1, 4);
  for (let i = 0; i < labelCount; i++) labels.add(random.pick(LABELS));
  h.push(`X-Gmail-Labels: ${[...labels].join(',')}`);
  h.push(`Delivered-To: owner@example.com`);
  let trail = 0;
  while (trail < extraHeaderBytes) {
    const line = `Received: from mail-${random.int(1, 999)}.example.net (mail-${random.int(1, 999)}.example.net. [192.0.2.${random.int(1, 254)}])${eol}        by mx.google.com with ESMTPS id ${random.int(1e8, 9e8)}abc.${random.int(10, 99)}.2024.01.01.00.00.00${eol}        for <owner@example.com>${eol}        (version=TLS1_3 cipher=TLS_AES_128_GCM_SHA256 bits=128/128);${eol}        ${dateLine(random, time)}`;
    h.push(line);
    trail += line.length;
  }
  if (extraHeaderBytes > 0) {
    let sig = 'DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.net; s=20230601;';
    sig += `${eol}        h=to:subject:message-id:date:from:mime-version:from:to:cc:subject:date:message-id;${eol}        bh=${B64.slice(0, 43)}=;${eol}        b=`;
    for (let i = 0; i < 5; i++) sig += `${eol}         ${B64.slice(random.int(0, 10), 60)}`;
    h.push(sig);
  }
  h.push(`Message-ID: <${id.toString(36)}.${n}@mail.example.net>`);
  h.push(`Date: ${dateLine(random, time)}`);
  h.push(`From: ${person(random)}`);
  const to = [person(random)];
  // Most mail has one recipient; the rest a handful, sometimes a dozen.
  const toCount = random.next() < 0.65 ? 1 : random.logInt(2, 12);
  for (let i = 1; i < toCount; i++) to.push(person(random));
  h.push(`To: ${to.join(`,${eol} `)}`);
  if (random.next() < 0.3) h.push(`Cc: ${person(random)}`);
  let subject = '';
  const subjectWords = random.int(2, 9);
  for (let i = 0; i < subjectWords; i++) subject += (i ? ' ' : '') + random.pick(WORDS);
  h.push(`Subject: ${random.next() < 0.1 ? `=?UTF-8?Q?Re:_${subject.replace(/ /g, '_')}?=` : subject}`);
  if (random.next() < 0.15) {
    h.push('List-Id: "Team updates" <updates.example.org>');
    h.push('List-Unsubscribe: <mailto:unsubscribe@example.org>, <https://example.org/u>');
    h.push('Precedence: bulk');
  }
  h.push('MIME-Version: 1.0');
  h.push('Content-Type: text/plain; charset="UTF-8"');
  return fromLine(id, time) + h.join(eol) + eol + eol;
}

function generateRealistic(path) {
  const random = createRandom(20240101);
  const eol = '\r\n';
  const text = createTextPool(random, eol);
  const base64 = createBase64Pool(random, eol);
  const writer = createWriter(path);
  let time = Date.UTC(2012, 0, 1);
  for (let n = 0; writer.written < 1e9; n++) {
    time += random.int(1, 4 * 3600) * 1000;
    writer.write(headerBlock(random, n, time, eol, random.int(1000, 4000)));
    if (random.next() < 0.01) {
      writer.write(`--b${n}${eol}Content-Type: text/plain${eol}${eol}`);
      writeFromPool(writer, text, random.logInt(500, 4000), random);
      writer.write(`--b${n}${eol}Content-Type: application/pdf${eol}Content-Transfer-Encoding: base64${eol}${eol}`);
      writeFromPool(writer, base64, random.logInt(1 * MIB, 8 * MIB), random);
      writer.write(`--b${n}--${eol}`);
    } else {
      writeFromPool(writer, text, random.logInt(2000, 20000), random);
    }
    writer.write(eol + eol);
  }
  writer.close();
}

function generateSmall(path) {
  const random = createRandom(7);
  const text = createTextPool(random, '\n');
  const writer = createWriter(path);
  let time = Date.UTC(2015, 0, 1);
  for (let n = 0; n < 200_000; n++) {
    time += random.int(1, 600) * 1000;
    writer.write(headerBlock(random, n, time, '\n', 0));
    writeFromPool(writer, text, random.int(150, 450), random);
    writer.write('\n\n');
  }
  writer.close();
}

function generateHuge(path) {
  const random = createRandom(100);
  const eol = '\r\n';
  const base64 = createBase64Pool(random, eol);
  const writer = createWriter(path);
  for (let n = 0; n < 3; n++) {
    writer.write(headerBlock(random, n, Date.UTC(2020, n, 1), eol, 2000));
    writer.write(`Content-Transfer-Encoding: base64${eol}${eol}`);
    writeFromPool(writer, base64, 100 * MB, random);
    writer.write(eol);
  }
  writer.close();
}

// ---------------------------------------------------------------------------------------------
// Measurement

function seconds(start) {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function timeShell(command) {
  const start = process.hrtime.bigint();
  const result = spawnSync('sh', ['-c', command], { encoding: 'utf8', maxBuffer: 64 * MIB });
  return { seconds: seconds(start), stdout: result.stdout.trim(), status: result.status };
}

function timeReader(command) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, command.args, {
    cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * MIB,
  });
  const elapsed = seconds(start);
  const tagged = result.stderr.split('\n').find((line) => line.startsWith(RESULT_TAG));
  const rss = tagged ? JSON.parse(tagged.slice(RESULT_TAG.length)).maxRssKiB * 1024 : NaN;
  let messages = NaN;
  try {
    messages = JSON.parse(result.stdout.trim().split('\n').pop() ?? '').messages ?? NaN;
  } catch {
    // The CLI writes its report to --out; the message count comes from grep instead.
  }
  const errors = result.stderr.split('\n').filter((line) => line.trim() && !line.startsWith(RESULT_TAG));
  return { seconds: elapsed, rss, messages, status: result.status, errors };
}

function fmt(n, digits = 0) {
  if (!Number.isFinite(n)) return '-';
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function mark(ok) {
  return ok ? 'ok ' : 'MISS';
}

async function main(argv) {
  const at = (flag) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  if (argv.includes('--drain')) return drain(at('--drain'));
  if (!existsSync(READ_MBOX_JS)) {
    process.stderr.write(`bench-mbox: ${READ_MBOX_JS} is missing; run \`npx tsc -p tsconfig.build.json\` first\n`);
    process.exitCode = 1;
    return;
  }
  const only = at('--only');
  const forced = at('--reader');
  mkdirSync(BENCH_DIR, { recursive: true });
  const rows = [];
  for (const spec of FILES) {
    if (only && only !== spec.name) continue;
    const path = join(BENCH_DIR, spec.file);
    if (!existsSync(path)) {
      process.stderr.write(`generating ${spec.file} (${spec.describe}) ... `);
      const start = process.hrtime.bigint();
      spec.generate(path);
      process.stderr.write(`${seconds(start).toFixed(1)} s\n`);
    }
    const size = statSync(path).size;
    // One untimed read so all three tools start from the same warm page cache.
    timeShell(`cat '${path}' > /dev/null`);
    const cat = timeShell(`cat '${path}' > /dev/null`);
    const grep = timeShell(`grep -c '^From ' '${path}'`);
    const command = readerCommand(path, forced);
    process.stderr.write(`${spec.name}: timing ${command.label} ... `);
    const reader = timeReader(command);
    process.stderr.write(`${reader.seconds.toFixed(2)} s\n`);
    if (reader.status !== 0) {
      process.stderr.write(`  ${command.label} exited with ${reader.status}: ${reader.errors.slice(0, 3).join(' | ')}\n`);
    }
    const separators = Number(grep.stdout);
    const messages = Number.isFinite(reader.messages) ? reader.messages : separators;
    rows.push({ spec, size, cat, grep, separators, reader, messages, label: command.label });
  }

  const header = ['file', 'size MB', 'messages', 'cat MB/s', 'grep MB/s', 'reader', 's', 'MB/s', 'msgs/s', 'peak RSS MB', 'targets'];
  const lines = [header];
  for (const r of rows) {
    const mbps = r.size / MB / r.reader.seconds;
    const mps = r.messages / r.reader.seconds;
    const rssMB = r.reader.rss / MB;
    const t = r.spec.targets;
    const verdicts = [];
    if (t.mbPerSec) verdicts.push(`${mark(mbps >= t.mbPerSec)} >= ${t.mbPerSec} MB/s`);
    if (t.msgsPerSec) verdicts.push(`${mark(mps >= t.msgsPerSec)} >= ${fmt(t.msgsPerSec)} msgs/s`);
    if (t.maxRssMB) verdicts.push(`${mark(rssMB < t.maxRssMB)} RSS < ${t.maxRssMB} MB`);
    lines.push([
      r.spec.name, fmt(r.size / MB), fmt(r.messages), fmt(r.size / MB / r.cat.seconds),
      fmt(r.size / MB / r.grep.seconds), r.label, fmt(r.reader.seconds, 2), fmt(mbps), fmt(mps),
      fmt(rssMB, 1), verdicts.join(', '),
    ]);
  }
  const widths = header.map((_, c) => Math.max(...lines.map((l) => String(l[c]).length)));
  const out = lines.map((l) => l.map((cell, c) => (c === 0 || c === 5 || c === l.length - 1
    ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]))).join('  ').trimEnd());
  process.stdout.write(`\n${out.join('\n')}\n`);
  process.stdout.write(`\nnode ${process.version}, ${(await import('node:os')).cpus().length} CPUs; ` +
    'reader seconds include process start-up; messages counted by grep -c \'^From \' when the reader does not report them.\n');
}

await main(process.argv.slice(2));
