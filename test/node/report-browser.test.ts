/**
 * The offline report in a real browser: Debian's Chromium, driven by
 * playwright-core. It renders the table and the chart, sorts on a click, asks
 * the network for nothing, and takes the README's screenshot (kept only under
 * `npm run screenshots`).
 */
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { main } from '../../src/node/cli';
import { writeSample, type SampleTruth } from '../../src/node/generate-sample';
import { resolveScreenshotDir } from '../support/screenshot-dir';

const CHROMIUM = '/usr/bin/chromium';

if (!existsSync(CHROMIUM)) {
  it.skip(`report.html in a browser: skipped, no Chromium at ${CHROMIUM} (apt-get install chromium)`, () => undefined);
} else {
  describe('report.html in Chromium', () => {
    let dir: string;
    let reportUrl: string;
    let browser: Browser;
    let page: Page;
    const requests: string[] = [];
    const refused: string[] = [];

    beforeAll(async () => {
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'reconnect-browser-'));
      const { mboxPath, truthPath } = await writeSample(dir);
      const truth = JSON.parse(await fs.readFile(truthPath, 'utf8')) as SampleTruth;
      const out = path.join(dir, 'out');
      const io = { stdout: new PassThrough(), stderr: new PassThrough(), now: () => Date.parse(truth.now) };
      const code = await main(['node', 'reconnect', 'report', '--mbox', mboxPath, ...truth.owner.flatMap((me) => ['--me', me]), '--now', truth.now, '--out', out], io);
      expect(code).toBe(0);
      reportUrl = pathToFileURL(path.join(out, 'report.html')).href;

      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      });
      page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      page.on('request', (request) => requests.push(request.url()));
      await page.route('**/*', async (route) => {
        const url = route.request().url();
        if (url === reportUrl) return route.continue();
        refused.push(url);
        return route.abort();
      });
      await page.goto(reportUrl, { waitUntil: 'load' });
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      if (dir) await fs.rm(dir, { recursive: true, force: true });
    });

    it('renders the lapsed table and the chart', async () => {
      const rows = page.locator('#lapsed tbody tr');
      expect(await rows.count()).toBeGreaterThan(0);
      await expect(rows.first().isVisible()).resolves.toBe(true);
      const bars = page.locator('svg.chart rect.bar');
      expect(await bars.count()).toBe(14);
      const heights = await bars.evaluateAll((rects) => rects.map((r) => (r as unknown as { getBBox(): { height: number } }).getBBox().height));
      expect(heights.some((h) => h > 0)).toBe(true);
      await expect(page.locator('svg.chart').isVisible()).resolves.toBe(true);
    });

    it('saves a screenshot for the README', async () => {
      const screenshot = path.join(resolveScreenshotDir(), 'report.png');
      await page.screenshot({ path: screenshot });
      const size = (await fs.stat(screenshot)).size;
      expect(size).toBeGreaterThan(10_000);
      expect(size).toBeLessThan(600_000);
    });

    it('sorts by a column when its heading is clicked, and reverses on a second click', async () => {
      const column = async (header: string) => {
        const index = await page.locator('#lapsed thead th', { hasText: header }).evaluate((th) => (th as unknown as { cellIndex: number }).cellIndex);
        return page.locator('#lapsed tbody tr').evaluateAll((trs, i) => trs.map((tr) => (tr as unknown as { cells: ArrayLike<{ textContent: string | null }> }).cells[i]!.textContent ?? ''), index);
      };
      const names = await column('Name');
      await page.locator('#lapsed thead th', { hasText: 'Name' }).click();
      const ascending = await column('Name');
      expect(ascending).toEqual([...names].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0)));
      expect(ascending).not.toEqual(names);
      await page.locator('#lapsed thead th', { hasText: 'Name' }).click();
      expect(await column('Name')).toEqual([...ascending].reverse());

      await page.locator('#lapsed thead th', { hasText: 'Days since' }).click();
      const days = (await column('Days since')).map(Number);
      expect(days).toEqual([...days].sort((a, b) => a - b));
    });

    it('makes no network request: the page is the only thing loaded', () => {
      expect(refused).toEqual([]);
      expect(requests).toEqual([reportUrl]);
    });
  });
}
