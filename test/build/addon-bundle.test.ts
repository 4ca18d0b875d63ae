/**
 * The add-on as Apps Script runs it: dist/Code.js in a vm context whose only
 * globals are FakeGoogle's services. Every card is opened through the
 * top-level functions the manifest names, and every button on them is checked
 * to call a top-level function of the bundle with an action the dispatcher
 * has, then pressed through the bundle's own onCardAction.
 */
import path from 'node:path';
import vm from 'node:vm';
import { spawnSync } from 'node:child_process';
import { CARD_ACTION_FUNCTION } from '../../src/gas/build-card-action';
import { CARD_ACTIONS } from '../../src/gas/card-actions';
import type { ActionTree, CardTree, ResponseTree } from '../../src/node/card-tree';
import { isFakeCard, readCard, readResponse } from '../fakes/fake-card-service';
import { FakeGoogle } from '../fakes/fake-google';
import { buildAddonEvent, listButtons, readNextCard, readText, type EventOptions } from '../gas/addon-harness';
import { deliverAnnMessage, buildTypicalMailbox } from '../gas/addon-fixtures';
import { NOW } from '../gas/gas-harness';
import { ROOT } from './no-send-check';

/** The bundle as `npm run build:gas` makes it, built in memory so no other test's dist/ is touched. */
function buildBundle(): string {
  const script = `import { buildGas } from ${JSON.stringify(path.join(ROOT, 'scripts/build-gas.mjs'))};
const result = await buildGas({ write: false });
process.stdout.write(result.code);`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`build failed:\n${run.stderr}`);
  return run.stdout;
}

function topLevelFunctions(code: string): Set<string> {
  return new Set([...code.matchAll(/^function ([A-Za-z_$][\w$]*)\s*\(/gm)].map((m) => m[1]!));
}

interface Loaded {
  google: FakeGoogle;
  context: vm.Context;
  /** Calls a top-level function of the bundle in one execution of `kind`. */
  call(name: string, kind: 'script' | 'cardAction', ...args: unknown[]): unknown;
}

function load(code: string): Loaded {
  const { box } = buildTypicalMailbox();
  const google = new FakeGoogle({ now: NOW, mailbox: box, timeZone: 'Europe/London' });
  const context = vm.createContext(google.installGlobals({ Logger: { log: () => undefined } }));
  vm.runInContext(code, context, { filename: 'Code.js' });
  // The bundle reads the time with Date.now(); in here that is the fakes' clock.
  (context as { __fakeNow?: () => number }).__fakeNow = () => google.clock.now();
  vm.runInContext('Date.now = function () { return __fakeNow(); };', context);
  return {
    google,
    context,
    call(name, kind, ...args) {
      google.startExecution({ kind });
      try {
        return (context[name] as (...a: unknown[]) => unknown)(...args);
      } finally {
        google.endExecution();
      }
    },
  };
}

function actionsOf(card: CardTree): ActionTree[] {
  const out: ActionTree[] = [];
  for (const b of listButtons(card)) if (b.action !== undefined) out.push(b.action);
  for (const w of card.sections.flatMap((s) => s.widgets)) {
    if (w.kind === 'decoratedText' && w.action !== undefined) out.push(w.action);
    if (w.kind === 'selectionInput' && w.onChange !== undefined) out.push(w.onChange);
  }
  for (const a of card.cardActions) if (a.action !== undefined) out.push(a.action);
  return out;
}

function cardsOf(result: unknown): CardTree[] {
  if (isFakeCard(result)) return [readCard(result)];
  const response = readResponse(result);
  if (response.kind === 'universalActionResponse') return response.cards;
  if (response.kind === 'actionResponse') return response.navigation.flatMap((s) => ('card' in s ? [s.card] : []));
  return [];
}

describe('the add-on in the bundle, against FakeGoogle', () => {
  let code = '';
  let functions = new Set<string>();

  beforeAll(() => {
    code = buildBundle();
    functions = topLevelFunctions(code);
  });

  it('opens every card, and every button names a bundle function and a dispatcher action', () => {
    const bundle = load(code);
    expect(bundle.call('scanMail', 'script')).toMatch(/^Scan complete/);
    const annMessage = deliverAnnMessage(bundle.google);
    const opened: Array<[string, EventOptions, 'cards' | 'universal']> = [
      ['onHomepage', {}, 'cards'],
      ['onGmailMessage', { messageId: annMessage }, 'cards'],
      ['onCompose', { to: ['ann@example.org'] }, 'cards'],
      ['onSettings', {}, 'universal'],
    ];
    const seen = new Map<string, { action: ActionTree; event: EventOptions }>();
    for (const [name, event] of opened) {
      expect(functions.has(name)).toBe(true);
      const cards = cardsOf(bundle.call(name, 'cardAction', buildAddonEvent(event)));
      expect(cards.length).toBeGreaterThan(0);
      for (const card of cards) {
        expect(card.name).not.toBe('error');
        for (const action of actionsOf(card)) {
          expect(`${action.functionName}: ${functions.has(action.functionName)}`).toBe(`${CARD_ACTION_FUNCTION}: true`);
          expect(vm.runInContext(`typeof ${action.functionName}`, bundle.context)).toBe('function');
          expect(Object.keys(CARD_ACTIONS)).toContain(action.parameters.action);
          if (!seen.has(action.parameters.action!)) seen.set(action.parameters.action!, { action, event });
        }
      }
    }
    expect([...seen.keys()].sort()).toEqual(['draft', 'ignore', 'insertTemplate', 'openSettings', 'pickCadence', 'refresh', 'saveSettings', 'scanNow', 'snooze'].sort());

    // Pressed through the bundle: each lands on its handler, not on the "out of date" card.
    const pressed = new Set(seen.keys());
    for (const [name, { action, event }] of seen) {
      const result = bundle.call(action.functionName, 'cardAction', buildAddonEvent({ ...event, parameters: action.parameters }));
      const response: ResponseTree = readResponse(result);
      if (response.kind === 'actionResponse') {
        for (const card of cardsOf(result)) {
          expect(`${name}: ${card.name}`).not.toBe(`${name}: error`);
          for (const next of actionsOf(card)) {
            if (!pressed.has(next.parameters.action!)) {
              pressed.add(next.parameters.action!);
              const deeper = cardsOf(bundle.call(next.functionName, 'cardAction', buildAddonEvent({ ...event, parameters: next.parameters })));
              for (const c of deeper) expect(`${next.parameters.action}: ${c.name}`).not.toBe(`${next.parameters.action}: error`);
            }
          }
        }
      } else {
        expect(response.kind).toBe('updateDraftActionResponse');
      }
    }
    // The cadence picker's own buttons were reached through pickCadence.
    expect(pressed.has('setCadence')).toBe(true);
    // The presses did their work: a draft, a scan read inline (a card may make no sub-hourly trigger), never a sent message.
    expect(bundle.google.Gmail.draftRecords().length).toBeGreaterThan(0);
    expect(bundle.google.log.count('gmail.users.threads.list')).toBeGreaterThan(0);
    expect(bundle.google.ScriptApp.triggers.map((t) => t.handlerFunction)).not.toContain('continueScan');
    expect(bundle.google.Gmail.sendAttempts).toHaveLength(0);
  });

  it('Open report opens the spreadsheet; an unknown action gets the error card, not a blank sidebar', () => {
    const bundle = load(code);
    const report = readResponse(bundle.call('onOpenReport', 'cardAction', buildAddonEvent()));
    expect(report).toMatchObject({ kind: 'universalActionResponse', openLink: { url: expect.stringMatching(/^https:\/\/docs\.google\.com\/spreadsheets\//) } });
    const unknown = readResponse(bundle.call('onCardAction', 'cardAction', buildAddonEvent({ parameters: { action: 'nope', view: 'homepage' } })));
    const card = readNextCard(unknown);
    expect(card.name).toBe('error');
    expect(readText(card)).toContain('This card is out of date');
  });
});
