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
const { now, owner } = JSON.parse(readFileSync(truth, 'utf8'));
const args = ['scan', '--mbox', relative(process.cwd(), mbox), '--now', now, ...process.argv.slice(2)];
process.stderr.write(`$ reconnect ${args.join(' ')}\n`);
execFileSync(process.execPath, [join(root, 'bin/reconnect.js'), ...args], { stdio: 'inherit' });

// The same scan as a page to open in a browser; out/ is git-ignored. The CLI prints "Report: out/report.html".
const report = ['report', '--mbox', relative(process.cwd(), mbox), ...owner.flatMap((me) => ['--me', me]), '--now', now, '--out', relative(process.cwd(), join(root, 'out')) || '.'];
process.stderr.write(`\n$ reconnect ${report.join(' ')}\n`);
execFileSync(process.execPath, [join(root, 'bin/reconnect.js'), ...report], { stdio: 'inherit' });
