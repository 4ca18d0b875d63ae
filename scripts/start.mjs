// `npm start`: Reconnect on the bundled sample mailbox, generated on first use.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const mbox = join(root, 'samples/sample.mbox');
const truth = join(root, 'samples/sample.truth.json');

if (!existsSync(mbox) || !existsSync(truth)) {
  execFileSync(process.execPath, [join(root, 'lib/node/generate-sample.js'), join(root, 'samples')], { stdio: 'inherit' });
}
// The sample is a fixed moment in a fictional life: judge it as of the day it was written.
const { now } = JSON.parse(readFileSync(truth, 'utf8'));
// One scan: the table on the terminal, and the same result as a page to open in a browser (out/ is git-ignored).
const out = relative(process.cwd(), join(root, 'out')) || '.';
const args = ['scan', '--mbox', relative(process.cwd(), mbox), '--now', now, '--report', out, ...process.argv.slice(2)];
process.stderr.write(`$ reconnect ${args.join(' ')}\n`);
execFileSync(process.execPath, [join(root, 'bin/reconnect.js'), ...args], { stdio: 'inherit' });
