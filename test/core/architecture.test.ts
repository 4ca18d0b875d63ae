/** The boundary of src/core is enforced by tools; these tests prove the tools would catch a breach. */
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');

function coreDiagnostics(source: string): string[] {
  const configPath = path.join(ROOT, 'tsconfig.core.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const probe = path.join(ROOT, 'src/core/__probe__.ts');
  const host = ts.createCompilerHost(parsed.options);
  const original = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, ...rest) =>
    path.resolve(name) === probe ? ts.createSourceFile(name, source, lang) : original(name, lang, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => path.resolve(name) === probe || fileExists(name);
  const program = ts.createProgram([probe], parsed.options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

// ESLint loads its flat config with a dynamic import, which jest's VM refuses,
// so the linter runs as the real command on standard input.
function coreLintMessages(source: string): string[] {
  const bin = path.join(ROOT, 'node_modules/eslint/bin/eslint.js');
  const run = spawnSync(process.execPath, [bin, '--stdin', '--stdin-filename', 'src/core/__probe__.ts', '--format', 'json'], {
    cwd: ROOT,
    input: source,
    encoding: 'utf8',
  });
  const [result] = JSON.parse(run.stdout) as Array<{ messages: Array<{ message: string }> }>;
  return result!.messages.map((m) => m.message);
}

describe('src/core boundary', () => {
  it.each([
    ['process.argv', "Cannot find name 'process'"],
    ['Buffer.from("x")', "Cannot find name 'Buffer'"],
    ['GmailApp.getInboxThreads()', "Cannot find name 'GmailApp'"],
    ['console.log(1)', "Cannot find name 'console'"],
  ])('fails to compile %s', (code, message) => {
    expect(coreDiagnostics(`export const x = ${code};\n`).join('\n')).toContain(message);
  });

  it('compiles plain core code', () => {
    expect(coreDiagnostics('import { normalizeEmail } from "./normalize-email";\nexport const x = normalizeEmail("a@b.example");\n')).toEqual([]);
  });

  it.each([
    ["import { x } from '../gas/gmail-mail-source';", 'src/core must not import src/gas or src/node.'],
    ["import { x } from '../node/cli';", 'src/core must not import src/gas or src/node.'],
    ["import fs from 'node:fs';", 'src/core must not import Node built-ins.'],
    ["import fs from 'fs';", 'src/core must not import Node built-ins.'],
    ['export const now = Date.now();', 'src/core never reads the clock: take `now` as a parameter.'],
    ['export const now = new Date();', 'src/core never reads the clock: take `now` as a parameter.'],
    ['export const r = Math.random();', 'src/core is deterministic: no Math.random.'],
  ])('lint rejects %s', (code, message) => {
    expect(coreLintMessages(`${code}\nexport {};\n`).join("\n")).toContain(message.replace(/\.$/, ""));
  });

  it('lint accepts a date built from a given time', () => {
    expect(coreLintMessages('export const d = (now: number) => new Date(now).toISOString();\n')).toEqual([]);
  });
});
