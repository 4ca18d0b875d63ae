// Bundles scripts/bench/gas-scan-cost.ts with the fakes (esbuild, into a temp
// file) and runs it: the Apps Script scan's calls per 1,000 messages.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(mkdtempSync(join(tmpdir(), 'reconnect-bench-')), 'gas-scan-cost.cjs');
await esbuild.build({
  entryPoints: [join(root, 'scripts/bench/gas-scan-cost.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  outfile: out,
  loader: { '.mustache': 'text' },
  logLevel: 'error',
});
execFileSync(process.execPath, [out, ...process.argv.slice(2)], { stdio: 'inherit' });
