/**
 * The add-on's cards for the sample mailbox, drawn as Gmail's side panel and
 * opened in headless Chromium: each page must show the people, counts and
 * buttons its card holds, and its screenshot is card-<name>.png (in a temporary
 * folder; `npm run screenshots` writes them to docs/images for the README). Needs Debian's chromium at /usr/bin/chromium.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { buildCardPreviews, type CardPreview } from '../../scripts/build-card-previews';
import { DEFAULT_NOW, generateSample } from '../../src/node/generate-sample';
import { renderCardPreview, SIDEBAR_WIDTH_PX } from '../../src/node/render-card-preview';
import { resolveScreenshotDir } from '../support/screenshot-dir';
import { listButtons, readText } from './addon-harness';

const CHROMIUM = '/usr/bin/chromium';
const available = fs.existsSync(CHROMIUM);
const DAY = 86_400_000;

const suite = available ? describe : describe.skip;
const title = available ? 'card screenshots in headless Chromium' : `card screenshots (skipped: ${CHROMIUM} is absent; install Debian's chromium package to take them)`;

suite(title, () => {
  let previews: CardPreview[] = [];
  let browser: Browser;
  let images = '';

  beforeAll(async () => {
    previews = await buildCardPreviews();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    images = resolveScreenshotDir();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  /** Renders the preview, checks every text and button of its card is on the page, saves the PNG; returns the page's text. */
  async function shoot(name: string): Promise<string> {
    const preview = previews.find((p) => p.name === name);
    if (preview === undefined) throw new Error(`no preview named ${name}`);
    const page = await browser.newPage({ viewport: { width: SIDEBAR_WIDTH_PX, height: 800 }, deviceScaleFactor: 1 });
    try {
      await page.setContent(renderCardPreview({ title: preview.title, card: preview.card, notification: preview.notification }));
      const sidebar = page.locator('.sidebar');
      const shown = (await sidebar.innerText()).replace(/\s+/g, ' ');
      for (const line of readText(preview.card).split('\n')) expect(shown).toContain(line.replace(/\s+/g, ' ').trim());
      const buttons = await page.locator('.button').allInnerTexts();
      expect(buttons).toEqual(listButtons(preview.card).map((b) => b.text));
      const box = await sidebar.boundingBox();
      expect(box?.width).toBe(SIDEBAR_WIDTH_PX);
      await sidebar.screenshot({ path: path.join(images, `card-${name}.png`) });
      return shown;
    } finally {
      await page.close();
    }
  }

  it('the homepage: counts, the most overdue people with their actions, the scan', async () => {
    const shown = await shoot('homepage');
    expect(shown).toMatch(/Lapsed \d+ people/);
    expect(shown).toContain('Reconnect first');
    for (const b of ['Draft reconnect', 'Snooze 30 days', 'Snooze 90 days', 'Ignore', 'Set cadence', 'Scan now', 'Open report', 'Settings']) expect(shown).toContain(b);
    // The people listed are people the sample's owner has not been in touch with for a while.
    const { truth } = generateSample();
    const listed = listButtons(previews.find((p) => p.name === 'homepage')!.card)
      .filter((b) => b.text === 'Draft reconnect')
      .map((b) => b.action!.parameters.email!);
    expect(listed.length).toBeGreaterThan(0);
    for (const email of listed) {
      const person = truth.contacts.find((c) => c.email === email)!;
      const last = Math.max(Date.parse(person.lastSent ?? '1970-01-01'), Date.parse(person.lastReceived ?? '1970-01-01'));
      expect(Date.parse(DEFAULT_NOW) - last).toBeGreaterThan(30 * DAY);
      expect(shown).toContain(person.name || email);
    }
  });

  it('beside an open message: a section per person', async () => {
    const shown = await shoot('contextual');
    expect(shown).toContain('3 people on this message');
    expect(shown).toContain('You last wrote');
    expect(shown).toContain('No history yet');
    expect(shown).toContain('Draft reconnect');
  });

  it('the compose action: the template picker', async () => {
    const shown = await shoot('compose');
    expect(shown).toContain('Insert a Reconnect template');
    for (const t of ['Reconnect', 'Ask', 'Interest', 'Keep in touch', 'Thank you']) expect(shown).toContain(t);
    expect(shown).toContain('Insert into draft');
  });

  it('the settings', async () => {
    const shown = await shoot('settings');
    for (const t of ['Weekly drafts', 'Drafts per week', 'Default cadence (days)', 'Never count these domains', 'Look back (days)', 'Save settings']) expect(shown).toContain(t);
  });

  it('after an action: the card refreshed, and the notification', async () => {
    const shown = await shoot('snoozed');
    expect(shown).toMatch(/Snoozed .+ until \d+ \w+ 2026\./);
  });

  it('keeps the screenshots small', () => {
    for (const name of ['homepage', 'contextual', 'compose', 'settings', 'snoozed']) {
      expect(fs.statSync(path.join(images, `card-${name}.png`)).size).toBeLessThan(250_000);
    }
  });
});
