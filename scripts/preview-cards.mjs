/**
 * npm run preview: writes preview/<card>.html, the Gmail add-on's cards for
 * the sample mailbox drawn as Gmail's side panel, for a browser. The Apps
 * Script code and the in-memory fakes that stand in for Google are compiled
 * together with esbuild into one temporary CommonJS file and run in Node.
 *
 * Usage: node scripts/preview-cards.mjs [--out <dir>]   (default: preview/)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outFlag = process.argv.indexOf('--out');
const outDir = path.resolve(outFlag === -1 ? path.join(ROOT, 'preview') : process.argv[outFlag + 1] ?? 'preview');

const temp = mkdtempSync(path.join(os.tmpdir(), 'reconnect-preview-build-'));
try {
  const bundle = path.join(temp, 'build-card-previews.cjs');
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ['scripts/build-card-previews.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: bundle,
    // Templates are baked in as text, as the Apps Script build does.
    loader: { '.mustache': 'text' },
    logLevel: 'warning',
  });
  const { writeCardPreviews } = createRequire(import.meta.url)(bundle);
  const files = await writeCardPreviews(outDir);
  for (const file of files) console.log(`preview: ${path.relative(process.cwd(), file)}`);
} catch (err) {
  console.error(`preview: ${err && err.message ? err.message : err}`);
  process.exitCode = 1;
} finally {
  rmSync(temp, { recursive: true, force: true });
}
