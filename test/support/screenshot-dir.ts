/**
 * Where the browser tests put their screenshots. Tests must not write into
 * tracked folders, so by default this is a fresh temporary folder;
 * `npm run screenshots` sets RECONNECT_SCREENSHOTS to docs/images to refresh
 * the README's pictures on purpose.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export function resolveScreenshotDir(): string {
  const chosen = process.env.RECONNECT_SCREENSHOTS;
  const dir = chosen !== undefined && chosen !== '' ? path.resolve(chosen) : fs.mkdtempSync(path.join(os.tmpdir(), 'reconnect-shots-'));
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
