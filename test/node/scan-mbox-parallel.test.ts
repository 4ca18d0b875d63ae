/**
 * The two-thread path runs from the compiled CLI only (a worker needs a .js
 * file), so this test builds lib/ and runs the real command both ways.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSample } from '../../src/node/generate-sample';
import { findMessageStart, readMbox } from '../../src/node/read-mbox';

const ROOT = join(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'reconnect-parallel-'));
const sample = generateSample();
const mbox = join(dir, 'sample.mbox');
writeFileSync(mbox, sample.mbox);

function scan(parallelMinBytes: number, ...extra: string[]): string {
  return execFileSync(process.execPath, [join(ROOT, 'bin/reconnect.js'), 'scan', '--mbox', mbox, '--now', sample.truth.now, '--format', 'json', ...extra], {
    env: { ...process.env, RECONNECT_PARALLEL_MIN_BYTES: String(parallelMinBytes) },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts/ensure-built.mjs')], { stdio: 'inherit' });
}, 120_000);

describe('reading an mbox in two parts', () => {
  it('gives the same messages as reading it whole', async () => {
    const size = Buffer.byteLength(sample.mbox);
    const split = await findMessageStart(mbox, Math.floor(size / 2));
    expect(split).toBeGreaterThan(0);
    expect(Buffer.from(sample.mbox).subarray(split, split + 5).toString()).toBe('From ');
    const ids = async (opts: { start?: number; end?: number }) => {
      const out: string[] = [];
      for await (const m of readMbox(mbox, opts)) out.push(`${m.id} ${m.date}`);
      return out;
    };
    expect([...(await ids({ end: split })), ...(await ids({ start: split }))]).toEqual(await ids({}));
  });

  it('finds no cut past the last message', async () => {
    const size = Buffer.byteLength(sample.mbox);
    expect(await findMessageStart(mbox, size - 10)).toBe(size);
    expect(await findMessageStart(mbox, 0)).toBe(0);
  });

  it('merges the two threads into exactly the single-thread result, owner inference included', () => {
    const parallel = scan(1);
    expect(parallel).toBe(scan(Number.MAX_SAFE_INTEGER));
    // Shown as written in Sent mail's From; the truth lists them merged.
    const merged = (email: string) => email.toLowerCase().replace(/^([^@]*)@(?:gmail|googlemail)\.com$/, (_m, local: string) => `${local.replace(/\./g, '')}@gmail.com`);
    expect(new Set((JSON.parse(parallel).me as string[]).map(merged))).toEqual(new Set(sample.truth.owner));
    expect(JSON.parse(parallel).me).toContain('alex.rivera@gmail.com');
  });
});
