/**
 * dist/Code.js as Apps Script will see it: one script in a global scope that has
 * the Google services and no Node. The build runs once, as `npm run build:gas`
 * runs it, and the bundle is then loaded into fresh vm contexts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import ts from 'typescript';
import { ROOT, findSendCalls } from './no-send-check';

const BUILD_SCRIPT = path.join(ROOT, 'scripts/build-gas.mjs');
const ENTRY = path.join(ROOT, 'src/gas/main.ts');
const MANIFEST_PATH = path.join(ROOT, 'appsscript.json');
const GLOBAL_NAME = '__reconnect';

function runBuild(root?: string): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BUILD_SCRIPT, ...(root ? ['--root', root] : [])], { cwd: ROOT, encoding: 'utf8' });
}

interface EntryExport {
  name: string;
  callable: boolean;
}

/**
 * The entry's exports as the TypeScript checker sees them, a second opinion
 * beside the esbuild metafile the build reads.
 */
function entryExports(): EntryExport[] {
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const program = ts.createProgram([ENTRY], { ...parsed.options, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(ENTRY)!;
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (!moduleSymbol) return [];
  return checker.getExportsOfModule(moduleSymbol).map((exported) => {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const type = checker.getTypeOfSymbolAtLocation(symbol, source);
    return { name: exported.getName(), callable: type.getCallSignatures().length > 0 };
  });
}

/** Every function the manifest asks Apps Script to call (homepage, universal actions, contextual and compose triggers). */
function manifestFunctionNames(manifest: unknown): string[] {
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'runFunction' || key === 'onTriggerFunction') && typeof value === 'string') names.add(value);
      else visit(value);
    }
  };
  visit((manifest as { addOns?: unknown }).addOns);
  return [...names].sort();
}

/** Top-level function declarations: esbuild indents everything inside the IIFE, so column 0 is global. */
function topLevelFunctions(code: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of code.matchAll(/^function ([A-Za-z_$][\w$]*)\s*\(.*$/gm)) found.set(m[1]!, m[0]);
  return found;
}

/**
 * Minimal stand-ins for the Apps Script globals: enough for the bundle to load
 * and be inspected, recording every use. Not a fake of any behaviour; the end
 * to end block below is where FakeGoogle belongs.
 */
const APPS_SCRIPT_GLOBALS = [
  'CacheService', 'CardService', 'ContentService', 'DriveApp', 'Gmail', 'GmailApp', 'HtmlService', 'LockService',
  'Logger', 'PropertiesService', 'ScriptApp', 'Session', 'SpreadsheetApp', 'UrlFetchApp', 'Utilities', 'console',
];

function googleGlobals(uses: string[]): Record<string, unknown> {
  const standIn = (trail: string): unknown =>
    new Proxy(function () {}, {
      get: (_t, key) => (typeof key === 'symbol' ? undefined : standIn(`${trail}.${key}`)),
      apply: () => {
        uses.push(trail);
        return standIn(`${trail}()`);
      },
      construct: () => {
        uses.push(`new ${trail}`);
        return standIn(`new ${trail}()`) as object;
      },
    });
  return Object.fromEntries(APPS_SCRIPT_GLOBALS.map((name) => [name, standIn(name)]));
}

/**
 * What Apps Script lacks and Node code tends to assume. Loading proves none is
 * used at top level; this catches one used inside a function that loading
 * never reaches.
 */
const NODE_ONLY: ReadonlyArray<[string, RegExp]> = [
  ['require()', /(?<![\w$.])require\s*\(\s*['"`]/],
  ['process.*', /(?<![\w$.])process\.(?:env|argv|exit|cwd|platform|version|versions|nextTick|stdout|stderr|hrtime)\b/],
  ['Buffer', /(?<![\w$.])Buffer\s*(?:\.|\()/],
  ['__dirname/__filename', /(?<![\w$.])__(?:dirname|filename)\b/],
  ['import.meta', /\bimport\.meta\b/],
  ['timers (Apps Script has none)', /(?<![\w$.])set(?:Timeout|Interval|Immediate)\s*\(/],
];

describe('the Apps Script bundle', () => {
  let build: SpawnSyncReturns<string>;
  let code = '';
  let exportsOfEntry: EntryExport[] = [];
  const manifest: unknown = JSON.parse(fs.readFileSync(MANIFEST_PATH, 'utf8'));

  beforeAll(() => {
    build = runBuild();
    if (build.status !== 0) throw new Error(`npm run build:gas failed:\n${build.stderr}${build.stdout}`);
    code = fs.readFileSync(path.join(ROOT, 'dist/Code.js'), 'utf8');
    exportsOfEntry = entryExports();
  });

  it('builds, reporting the size and the globals', () => {
    expect(build.stdout).toMatch(/dist\/Code\.js \d+(\.\d)? KiB/);
    expect(build.stdout).toContain(`Apps Script globals: ${exportsOfEntry.map((e) => e.name).sort().join(', ')}`);
  });

  it('ships the manifest unchanged', () => {
    expect(fs.readFileSync(path.join(ROOT, 'dist/appsscript.json'), 'utf8')).toBe(fs.readFileSync(MANIFEST_PATH, 'utf8'));
  });

  it('the entry exports only functions', () => {
    expect(exportsOfEntry.length).toBeGreaterThan(0);
    expect(exportsOfEntry.filter((e) => !e.callable).map((e) => e.name)).toEqual([]);
  });

  describe('(a) every export of src/gas/main.ts is a top-level function', () => {
    it('declares exactly one forwarding function per export, and nothing else at top level', () => {
      expect([...topLevelFunctions(code).keys()].sort()).toEqual(exportsOfEntry.map((e) => e.name).sort());
    });

    it('each is a function in the loaded script', () => {
      const context = vm.createContext(googleGlobals([]));
      vm.runInContext(code, context, { filename: 'Code.js' });
      for (const { name } of exportsOfEntry) {
        expect(`${name}: ${vm.runInContext(`typeof ${name}`, context)}`).toBe(`${name}: function`);
        expect(`${name}: ${typeof (context[GLOBAL_NAME] as Record<string, unknown>)[name]}`).toBe(`${name}: function`);
      }
    });

    it('each forwards its arguments, receiver and result', () => {
      for (const [name, declaration] of topLevelFunctions(code)) {
        const event = { commonEventObject: { hostApp: 'GMAIL' } };
        const context = vm.createContext({
          event,
          [GLOBAL_NAME]: { [name]: function (this: unknown, ...args: unknown[]) { return { self: this, args }; } },
        });
        // Code.js opens with "use strict", which governs the declarations too.
        vm.runInContext(`"use strict";\n${declaration}`, context);
        const result = vm.runInContext(`${name}.call('receiver', event, 2)`, context) as { self: unknown; args: unknown[] };
        expect(result.args).toEqual([event, 2]);
        expect(result.self).toBe('receiver');
      }
    });
  });

  describe('(b) every function the manifest names exists', () => {
    const names = manifestFunctionNames(manifest);

    it('the manifest names its handlers', () => {
      expect(names).toEqual(expect.arrayContaining(['onHomepage', 'onGmailMessage', 'onCompose', 'onSettings', 'onOpenReport']));
    });

    it.each(names)('%s is a top-level function', (name) => {
      const context = vm.createContext(googleGlobals([]));
      vm.runInContext(code, context, { filename: 'Code.js' });
      expect(`${name}: ${vm.runInContext(`typeof ${name}`, context)}`).toBe(`${name}: function`);
      expect(topLevelFunctions(code).has(name)).toBe(true);
    });
  });

  describe('(c) nothing Node-only', () => {
    it('loads in a context with no require, process, Buffer, module or timers', () => {
      const context = vm.createContext(googleGlobals([]));
      for (const name of ['require', 'process', 'Buffer', 'module', 'exports', 'global', 'setTimeout']) {
        expect(`${name}: ${vm.runInContext(`typeof ${name}`, context)}`).toBe(`${name}: undefined`);
      }
      expect(() => vm.runInContext(code, context, { filename: 'Code.js' })).not.toThrow();
    });

    it('touches no Google service while loading (Apps Script reloads every file before each call)', () => {
      const uses: string[] = [];
      const context = vm.createContext(googleGlobals(uses));
      vm.runInContext(code, context, { filename: 'Code.js' });
      expect(uses).toEqual([]);
      expect(() => vm.runInContext(code, vm.createContext({}), { filename: 'Code.js' })).not.toThrow();
    });

    it.each(NODE_ONLY)('does not use %s', (_what, pattern) => {
      const line = code.split('\n').find((l) => pattern.test(l));
      expect(line).toBeUndefined();
    });
  });

  describe('(d) never sends mail', () => {
    it('the no-send check passes on the real bundle and fails on a send', () => {
      const [real, synthetic] = findSendCalls([code, 'function f() { Gmail.Users.Messages.send({ raw: r }, "me"); }']);
      expect(real).toEqual([]);
      expect(synthetic!.map((h) => h.rule)).toContain('Gmail API messages.send');
    });
  });
});

describe('the build refuses a bundle Apps Script could not use', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reconnect-build-'));
    fs.mkdirSync(path.join(dir, 'src/gas'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'appsscript.json'), JSON.stringify({ timeZone: 'Etc/UTC', runtimeVersion: 'V8' }));
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function buildEntry(source: string): SpawnSyncReturns<string> {
    fs.writeFileSync(path.join(dir, 'src/gas/main.ts'), source);
    return runBuild(dir);
  }

  it.each([
    ['an Apps Script global', 'export function Logger() {}', /exports Logger, which would replace Apps Script's own Logger global/],
    ['an advanced service symbol', 'export function Gmail() {}', /exports Gmail, which would replace Apps Script's own Gmail global/],
    ['a JavaScript global', 'export function JSON() {}', /exports JSON, which would replace the JavaScript global JSON/],
    ['the bundle global', 'export function __reconnect() {}', /exports __reconnect, the name the bundle itself uses/],
    ['a private name', 'export function helper_() {}', /treats names ending in "_" as private/],
    ['a default export', 'export default function () {}', /has a default export/],
    ['a non-function', 'export const settings = { days: 90 };\nexport function setup() {}', /exports settings as an object/],
    ['a non-function string', 'export const VERSION = "1";', /exports VERSION as a string/],
    ['nothing exported', 'const x = 1;', /exports nothing/],
  ])('rejects %s with one line', (_what, source, message) => {
    const result = buildEntry(source);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('rejects a send', () => {
    const result = buildEntry('export function setup() { GmailApp.getDraft("d").send(); }');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/could send mail[\s\S]*\.send\(\) call/);
  });

  it('rejects a Node built-in', () => {
    const result = buildEntry('import fs from "fs";\nexport function setup() { return fs.readFileSync("x"); }');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/src\/gas\/main\.ts:1:\d+: Could not resolve "fs"/);
  });

  it('rejects code that throws while loading', () => {
    const result = buildEntry('const p = process.env.HOME;\nexport function setup() { return p; }');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/throws while loading.*process is not defined/);
  });

  it('bakes templates in as text', () => {
    fs.mkdirSync(path.join(dir, 'templates'));
    fs.writeFileSync(path.join(dir, 'templates/hello.mustache'), 'Hi {{name}}, it has been a while.');
    fs.writeFileSync(path.join(dir, 'templates/unused.mustache'), 'never imported');
    const result = buildEntry('import hello from "../../templates/hello.mustache";\nexport function template() { return hello; }');
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('templates/unused.mustache is not imported');
    const context = vm.createContext({});
    vm.runInContext(fs.readFileSync(path.join(dir, 'dist/Code.js'), 'utf8'), context);
    expect(vm.runInContext('template()', context)).toBe('Hi {{name}}, it has been a while.');
  });
});

// The end-to-end run of the bundle against FakeGoogle is in gas-bundle-e2e.test.ts.
