/**
 * The add-on's cards for the bundled sample mailbox, without Gmail: the
 * sample (src/node/generate-sample.ts) is served by the in-memory fakes,
 * scanned to the end by the Apps Script code, and each card is built by the
 * same functions Gmail calls, recorded by the CardService fake and drawn by
 * src/node/render-card-preview.ts. `npm run preview` writes the pages to
 * preview/; test/gas/card-screenshots.test.ts photographs them.
 */
import { mkdtempSync, promises as fs, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chooseDisplayAddress } from '../src/core/contact-addresses';
import { canonicalLabel } from '../src/core/message-meta';
import { runCardAction } from '../src/gas/card-actions';
import { showAddonCard, showSettings } from '../src/gas/show-addon-card';
import type { CardTree } from '../src/node/card-tree';
import { DEFAULT_NOW, generateSample } from '../src/node/generate-sample';
import { readMbox } from '../src/node/read-mbox';
import { renderCardPreview } from '../src/node/render-card-preview';
import { readCard, readResponse } from '../test/fakes/fake-card-service';
import { FakeGoogle } from '../test/fakes/fake-google';
import { createAddonDeps, buildAddonEvent, listButtons, runInCardExecution, readNextCard } from '../test/gas/addon-harness';
import { runExecution, scanUntilDone } from '../test/gas/gas-harness';

export interface CardPreview {
  /** File stem: card-<name>.png, <name>.html. */
  name: string;
  title: string;
  card: CardTree;
  notification?: string;
}

const OWNER = { name: 'Alex Rivera', email: 'alex.rivera@gmail.com', alias: 'alex@rivera.studio' };
/** The reader's zone in the previews: dates on the cards are shown in it. */
const READER_ZONE = 'Europe/London';

/** The sample mailbox in a FakeGoogle, scanned to the end. */
export async function loadSampleGoogle(): Promise<FakeGoogle> {
  const { mbox } = generateSample();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reconnect-preview-'));
  const google = new FakeGoogle({
    now: DEFAULT_NOW,
    owner: OWNER.email,
    timeZone: READER_ZONE,
    gmail: { ownerName: OWNER.name, aliases: [{ sendAsEmail: OWNER.alias, displayName: OWNER.name }] },
  });
  try {
    const file = path.join(dir, 'sample.mbox');
    await fs.writeFile(file, mbox, 'utf8');
    const threads = new Map<string, string>();
    for await (const m of readMbox(file)) {
      const headers: Array<{ name: string; value: string }> = [];
      if (m.listId !== undefined) headers.push({ name: 'List-Id', value: m.listId });
      if (m.listUnsubscribe !== undefined) headers.push({ name: 'List-Unsubscribe', value: m.listUnsubscribe });
      if (m.precedence !== undefined) headers.push({ name: 'Precedence', value: m.precedence });
      if (m.autoSubmitted !== undefined) headers.push({ name: 'Auto-Submitted', value: m.autoSubmitted });
      const known = m.threadId === '' ? undefined : threads.get(m.threadId);
      const id = google.Gmail.seedMessage({
        ...(known === undefined ? {} : { threadId: known }),
        from: m.from,
        to: m.to,
        cc: m.cc,
        bcc: m.bcc,
        subject: m.subject,
        date: m.date,
        labels: m.labels.map(canonicalLabel),
        messageId: m.messageId,
        headers,
      });
      if (known === undefined && m.threadId !== '') threads.set(m.threadId, google.Gmail.threadIdOf(id)!);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  scanUntilDone(google);
  return google;
}

/** The homepage, the card beside a message, the compose action, the settings, and the message card after Snooze. */
export async function buildCardPreviews(): Promise<CardPreview[]> {
  const google = await loadSampleGoogle();
  const deps = createAddonDeps(google);
  const homepage = readCard(runInCardExecution(google, () => showAddonCard(buildAddonEvent(), 'homepage', deps)));

  // A message from the most overdue person, copying someone Alex is in touch with and someone new.
  const { result: people } = runExecution(google, (rt) => {
    const { ledger } = rt.store.load();
    const lapsed = listButtons(homepage).find((b) => b.text === 'Draft reconnect')!.action!.parameters.email!;
    const active = Object.values(ledger.contacts).find((c) => c.receivedCount > 3 && c.lastReceived !== null && Date.parse(DEFAULT_NOW) - c.lastReceived < 20 * 86_400_000);
    return { lapsed: ledger.contacts[lapsed]!, active };
  });
  // Written the way each person writes their own address, as their real mail would be; the ledger's key is the merged form.
  const cc = [people!.active ? `${people!.active.name} <${chooseDisplayAddress(people!.active)}>` : '', 'Jordan Lee <jordan@newco.example>'].filter((a) => a !== '');
  const messageId = google.Gmail.deliver({
    from: `${people!.lapsed.name} <${chooseDisplayAddress(people!.lapsed)}>`,
    to: `${OWNER.name} <${OWNER.email}>`,
    cc,
    subject: 'Long time no see',
    date: google.clock.now(),
  });
  const contextual = readCard(runInCardExecution(google, () => showAddonCard(buildAddonEvent({ messageId }), 'contact', deps)));
  const compose = readCard(runInCardExecution(google, () => showAddonCard(buildAddonEvent({ to: [chooseDisplayAddress(people!.lapsed)] }), 'compose', deps)));
  const settings = readNextCard(readResponse(runInCardExecution(google, () => showSettings(buildAddonEvent(), deps))));

  const snooze = listButtons(contextual).find((b) => b.text === 'Snooze 30 days')!;
  const snoozed = readResponse(runInCardExecution(google, () => runCardAction(buildAddonEvent({ messageId, parameters: snooze.action!.parameters }), deps)));

  return [
    { name: 'homepage', title: 'Reconnect: homepage', card: homepage },
    { name: 'contextual', title: 'Reconnect: beside an open message', card: contextual },
    { name: 'compose', title: 'Reconnect: compose action', card: compose },
    { name: 'settings', title: 'Reconnect: settings', card: settings },
    {
      name: 'snoozed',
      title: 'Reconnect: beside a message, after Snooze 30 days',
      card: readNextCard(snoozed),
      notification: snoozed.kind === 'actionResponse' ? snoozed.notification : undefined,
    },
  ];
}

/** Writes <dir>/<name>.html for each preview; returns the files written. */
export async function writeCardPreviews(dir: string, previews?: CardPreview[]): Promise<string[]> {
  await fs.mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (const p of previews ?? (await buildCardPreviews())) {
    const file = path.join(dir, `${p.name}.html`);
    await fs.writeFile(file, renderCardPreview({ title: p.title, card: p.card, notification: p.notification }), 'utf8');
    files.push(file);
  }
  return files;
}
