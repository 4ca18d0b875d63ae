// `npm start`: Reconnect on the bundled sample mailbox, generated on first use.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const mbox = join(root, 'samples/sample.mbox');
const truth = join(root, 'samples/sample.truth.json');
// Issue 14: the same life's calendar and contacts, and the rest of its mail in a second file.
const extra = { mbox2: join(root, 'samples/sample-2.mbox'), ics: join(root, 'samples/sample.ics'), vcf: join(root, 'samples/sample.vcf') };

if (![mbox, truth, ...Object.values(extra)].every((f) => existsSync(f))) {
  execFileSync(process.execPath, [join(root, 'lib/node/generate-sample.js'), join(root, 'samples')], { stdio: 'inherit' });
}
// The sample is a fixed moment in a fictional life: judge it as of the day it was written.
const { now } = JSON.parse(readFileSync(truth, 'utf8'));
// One scan: the table on the terminal, and the same result as a page to open in a browser (out/ is git-ignored).
const out = relative(process.cwd(), join(root, 'out')) || '.';
const rel = (f) => relative(process.cwd(), f);
const args = ['scan', '--mbox', rel(mbox), '--mbox', rel(extra.mbox2), '--calendar', rel(extra.ics), '--contacts', rel(extra.vcf), '--now', now, '--report', out, ...process.argv.slice(2)];
process.stderr.write(`$ reconnect ${args.join(' ')}\n`);
execFileSync(process.execPath, [join(root, 'bin/reconnect.js'), ...args], { stdio: 'inherit' });
