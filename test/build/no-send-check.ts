/**
 * Runs scripts/check-no-send.mjs, the very function the build uses, from jest.
 * Jest's module system cannot load an ES module under Node 20 without
 * --experimental-vm-modules, so it runs in a child Node, once for a batch of
 * texts (the same way test/core/architecture.test.ts runs ESLint).
 */
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

export const ROOT = path.resolve(__dirname, '../..');

export interface SendHit {
  rule: string;
  match: string;
  line: number;
  column: number;
  excerpt: string;
}

const CHECK_URL = pathToFileURL(path.join(ROOT, 'scripts/check-no-send.mjs')).href;

const PROGRAM = `
import { findSendCalls } from ${JSON.stringify(CHECK_URL)};
let input = '';
for await (const chunk of process.stdin) input += chunk;
process.stdout.write(JSON.stringify(JSON.parse(input).map((text) => findSendCalls(text))));
`;

/** findSendCalls for each text, in order. */
export function findSendCalls(texts: readonly string[]): SendHit[][] {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', PROGRAM], {
    cwd: ROOT,
    input: JSON.stringify(texts),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`check-no-send failed to run: ${run.stderr || run.error}`);
  return JSON.parse(run.stdout) as SendHit[][];
}
