/** Runs the real CLI entry with captured output and a pinned clock, as a user's shell would. */
import { PassThrough } from 'node:stream';
import { main, type CliIo } from '../../src/node/cli';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Starts a run; `stderr` is live, for tests that answer a prompt or watch progress. */
export function startCli(args: readonly string[], now: number): { done: Promise<CliRun>; stderr: PassThrough } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const io: CliIo = { stdout, stderr, now: () => now };
  const done = main(['node', 'reconnect', ...args], io).then((code) => ({ code, out, err }));
  return { done, stderr };
}

export function runCli(args: readonly string[], now: number): Promise<CliRun> {
  return startCli(args, now).done;
}
