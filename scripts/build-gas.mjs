/**
 * The Apps Script build: src/gas/main.ts and everything it imports (src/core,
 * mustache, nodemailer's address parser, templates/*) as one file, dist/Code.js,
 * next to a copy of appsscript.json; `clasp push` uploads exactly those two
 * (see .clasp.json and .claspignore).
 *
 * Apps Script has no modules: it loads every file into one global scope and only
 * offers top-level functions to the Run menu, to triggers and to add-on
 * callbacks. So the bundle is an IIFE assigned to one global, __reconnect, and
 * for each export of the entry the build appends a top-level function declaration
 * that forwards to it. The export names come from esbuild's metafile; the IIFE
 * output lists none there, so a second, ESM-format build of the same entry
 * supplies them (both run in parallel, in well under a second).
 *
 * Usage: node scripts/build-gas.mjs [--root <dir>]   (npm run build:gas)
 *   --root builds another project tree laid out the same way (the tests use it).
 * Exit status 1 with a one-line reason when the bundle could not work in Apps Script.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';
import * as esbuild from 'esbuild';
import { assertNoSend } from './check-no-send.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const ENTRY = 'src/gas/main.ts';
export const MANIFEST = 'appsscript.json';
export const OUT_DIR = 'dist';
export const OUT_FILE = 'Code.js';
/** The one global the bundle defines besides the forwarding functions. */
export const GLOBAL_NAME = '__reconnect';

/**
 * Globals Apps Script defines in every project: the built-in services
 * (https://developers.google.com/apps-script/reference) and the default
 * userSymbol of common advanced services. An export with one of these names
 * would replace the service for the whole project.
 */
export const APPS_SCRIPT_GLOBALS = [
  'Browser', 'CacheService', 'CalendarApp', 'CardService', 'Charts', 'ConferenceDataService',
  'ContactsApp', 'ContentService', 'DataStudioApp', 'DocumentApp', 'DriveApp', 'FormApp', 'GmailApp',
  'GroupsApp', 'HtmlService', 'Jdbc', 'LanguageApp', 'LinearOptimizationService', 'LockService',
  'Logger', 'MailApp', 'Maps', 'MimeType', 'PropertiesService', 'ScriptApp', 'ScriptProperties',
  'Session', 'SitesApp', 'SlidesApp', 'SpreadsheetApp', 'UrlFetchApp', 'UserProperties', 'Utilities',
  'XmlService', 'console',
  // Advanced services, default symbols (https://developers.google.com/apps-script/guides/services/advanced).
  'AdminDirectory', 'Calendar', 'Docs', 'Drive', 'Gmail', 'People', 'Sheets', 'Slides', 'Tasks',
];

/** ECMAScript reserved words and strict-mode restricted names: no function can be declared with them. */
const RESERVED_WORDS = new Set(`break case catch class const continue debugger default delete do else enum
  export extends false finally for function if import in instanceof new null return super switch this throw
  true try typeof var void while with yield let static implements interface package private protected public
  await arguments eval`.split(/\s+/));

/**
 * Simple-trigger names run on their own, with limited authorization, in the
 * script types that have them (https://developers.google.com/apps-script/guides/triggers);
 * exporting one is allowed but almost certainly a mistake in a standalone script.
 */
const SIMPLE_TRIGGERS = new Set(['onOpen', 'onEdit', 'onInstall', 'onSelectionChange', 'doGet', 'doPost']);

export class BuildError extends Error {}

/**
 * Builds dist/Code.js and dist/appsscript.json.
 * @param {{ root?: string, write?: boolean }} [options]
 * @returns {Promise<{ code: string, exports: string[], bytes: number, ms: number,
 *   manifestFunctions: string[], missingHandlers: string[], unusedTemplates: string[], warnings: string[] }>}
 */
export async function buildGas({ root = ROOT, write = true } = {}) {
  const started = performance.now();
  const manifestPath = path.join(root, MANIFEST);
  if (!existsSync(path.join(root, ENTRY))) throw new BuildError(`${ENTRY} does not exist`);
  if (!existsSync(manifestPath)) throw new BuildError(`${MANIFEST} does not exist`);
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (err) {
    throw new BuildError(`${MANIFEST} is not valid JSON: ${err.message}`);
  }

  /** @type {import('esbuild').BuildOptions} */
  const common = {
    absWorkingDir: root,
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    metafile: true,
    outfile: path.join(OUT_DIR, OUT_FILE),
    // Neither Node nor a browser: no built-ins are assumed, so an import of `fs`
    // fails the build instead of failing in Apps Script. Packages with an
    // `exports` map (mustache, nodemailer) resolve through it; mainFields only
    // serves packages without one.
    platform: 'neutral',
    mainFields: ['module', 'main'],
    // Apps Script's V8 runtime runs modern syntax but documents no exact edition
    // (https://developers.google.com/apps-script/guides/v8-runtime); ES2019 lowers
    // the newest syntax (optional chaining, ??, class fields) to forms it has long run.
    target: 'es2019',
    // Templates are text baked in at build time: Apps Script has no file system.
    loader: { '.mustache': 'text', '.md': 'text' },
    // Unminified, so stack traces in the Apps Script executions page stay readable.
    minify: false,
    legalComments: 'eof',
    logLevel: 'silent',
  };

  let iife;
  let esm;
  try {
    [iife, esm] = await Promise.all([
      esbuild.build({ ...common, format: 'iife', globalName: GLOBAL_NAME }),
      esbuild.build({ ...common, format: 'esm' }),
    ]);
  } catch (err) {
    throw new BuildError(firstEsbuildError(err));
  }

  const exports = entryExports(esm.metafile);
  checkExportNames(exports, manifest);

  const banner = `// Generated by scripts/build-gas.mjs from ${ENTRY}. Edits made in the Apps Script editor are lost on the next push.\n`;
  const stubs = exports
    .map((name) => `function ${name}() { return ${GLOBAL_NAME}.${name}.apply(this, arguments); }`)
    .join('\n');
  const code = `${banner}${iife.outputFiles[0].text}\n// Apps Script globals: one forwarding function per export of ${ENTRY}.\n${stubs}\n`;

  checkLoads(code, exports, manifest);
  assertNoSend(code, `${OUT_DIR}/${OUT_FILE}`);

  const manifestFunctions = manifestFunctionNames(manifest);
  const missingHandlers = manifestFunctions.filter((name) => !exports.includes(name));
  const unusedTemplates = templateFiles(root).filter((file) => !(file in iife.metafile.inputs));
  const warnings = [
    ...missingHandlers.map((name) => `${MANIFEST} names ${name}, which ${ENTRY} does not export: the add-on will fail when it calls it`),
    ...unusedTemplates.map((file) => `${file} is not imported by ${ENTRY}, so it is not in the bundle`),
    ...exports.filter((name) => SIMPLE_TRIGGERS.has(name)).map((name) => `${name} is a simple-trigger name: Apps Script may run it on its own`),
  ];

  if (write) {
    const outDir = path.join(root, OUT_DIR);
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path.join(outDir, OUT_FILE), code);
    copyFileSync(manifestPath, path.join(outDir, MANIFEST));
  }
  const bytes = Buffer.byteLength(code);
  return { code, exports, bytes, ms: Math.round(performance.now() - started), manifestFunctions, missingHandlers, unusedTemplates, warnings };
}

/** Names exported by the entry, from the ESM build's metafile. */
function entryExports(metafile) {
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint === ENTRY);
  if (!output) throw new BuildError(`esbuild reported no output for ${ENTRY}`);
  return [...output.exports].sort();
}

/** Fails on an export that cannot, or must not, become an Apps Script global. */
function checkExportNames(exports, manifest) {
  if (exports.length === 0) throw new BuildError(`${ENTRY} exports nothing, so Apps Script would have no function to run`);
  const jsGlobals = new Set(vm.runInNewContext('Object.getOwnPropertyNames(globalThis)'));
  const advanced = (manifest.dependencies?.enabledAdvancedServices ?? []).map((s) => s.userSymbol);
  const appsScript = new Set([...APPS_SCRIPT_GLOBALS, ...advanced]);
  for (const name of exports) {
    if (name === 'default') throw new BuildError(`${ENTRY} has a default export; Apps Script needs a named function, so export it by name`);
    if (!/^[A-Za-z_$][\w$]*$/.test(name) || RESERVED_WORDS.has(name)) {
      throw new BuildError(`${ENTRY} exports "${name}", which is not a name a function can be declared with`);
    }
    if (name === GLOBAL_NAME) throw new BuildError(`${ENTRY} exports ${name}, the name the bundle itself uses; rename it`);
    if (appsScript.has(name)) throw new BuildError(`${ENTRY} exports ${name}, which would replace Apps Script's own ${name} global; rename it`);
    if (jsGlobals.has(name)) throw new BuildError(`${ENTRY} exports ${name}, which would replace the JavaScript global ${name}; rename it`);
    // Apps Script hides functions whose names end in "_" from the Run menu,
    // triggers and callbacks (https://developers.google.com/apps-script/guides/html/communication#private_functions).
    if (name.endsWith('_')) throw new BuildError(`${ENTRY} exports ${name}; Apps Script treats names ending in "_" as private and cannot call it`);
  }
}

/**
 * A permissive stand-in for every Apps Script service: any property, call or
 * `new` yields the stand-in again, so top-level code that touches a service
 * still loads. Only the shape of the bundle is checked here, not its behaviour.
 */
function serviceStandIn() {
  const target = function () {};
  const standIn = new Proxy(target, {
    get: (_t, key) => (key === Symbol.toPrimitive ? () => '' : key === 'then' ? undefined : standIn),
    apply: () => standIn,
    construct: () => standIn,
  });
  return standIn;
}

/** Loads the bundle the way Apps Script would and checks every export is a function. */
function checkLoads(code, exports, manifest) {
  const advanced = (manifest.dependencies?.enabledAdvancedServices ?? []).map((s) => s.userSymbol);
  const globals = Object.fromEntries([...APPS_SCRIPT_GLOBALS, ...advanced].map((name) => [name, serviceStandIn()]));
  const context = vm.createContext(globals);
  try {
    vm.runInContext(code, context, { filename: `${OUT_DIR}/${OUT_FILE}`, timeout: 5000 });
  } catch (err) {
    throw new BuildError(`${OUT_DIR}/${OUT_FILE} throws while loading, before any function runs: ${err && err.message ? err.message : err}`);
  }
  const bundle = context[GLOBAL_NAME];
  for (const name of exports) {
    const kind = typeof bundle?.[name];
    if (kind !== 'function') {
      throw new BuildError(`${ENTRY} exports ${name} as ${kind === 'object' ? 'an object' : `a ${kind}`}; every export becomes an Apps Script function, so export only functions`);
    }
  }
}

/**
 * Every function the manifest asks Apps Script to call: runFunction and
 * onTriggerFunction anywhere under addOns (homepage, universal actions,
 * contextual and compose triggers, for any host).
 */
export function manifestFunctionNames(manifest) {
  const names = new Set();
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'runFunction' || key === 'onTriggerFunction') && typeof value === 'string') names.add(value);
      else visit(value);
    }
  };
  visit(manifest.addOns);
  return [...names].sort();
}

function templateFiles(root) {
  const dir = path.join(root, 'templates');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    // README.md documents the templates for people; only the templates themselves belong in the bundle.
    .filter((f) => f.endsWith('.mustache'))
    .map((f) => `templates/${f}`)
    .sort();
}

function firstEsbuildError(err) {
  const first = err?.errors?.[0];
  if (!first) return `esbuild failed: ${err && err.message ? err.message : err}`;
  const where = first.location ? `${first.location.file}:${first.location.line}:${first.location.column + 1}: ` : '';
  const more = err.errors.length > 1 ? ` (and ${err.errors.length - 1} more)` : '';
  return `${where}${first.text}${more}`;
}

function formatSize(bytes) {
  return `${(bytes / 1024).toFixed(1)} KiB (${bytes.toLocaleString('en-US')} bytes)`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    const rootFlag = process.argv.indexOf('--root');
    const root = rootFlag === -1 ? ROOT : path.resolve(process.argv[rootFlag + 1] ?? '.');
    const result = await buildGas({ root });
    console.log(`build-gas: ${OUT_DIR}/${OUT_FILE} ${formatSize(result.bytes)} in ${result.ms} ms, ${OUT_DIR}/${MANIFEST} copied`);
    console.log(`build-gas: Apps Script globals: ${result.exports.join(', ')}`);
    for (const warning of result.warnings) console.warn(`build-gas: warning: ${warning}`);
  } catch (err) {
    console.error(`build-gas: ${err instanceof BuildError ? err.message : err && err.stack ? err.stack : err}`);
    process.exitCode = 1;
  }
}
