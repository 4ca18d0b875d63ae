// `npm run bench`: every benchmark in turn. Each prints its numbers next to its
// targets; none fails on a miss, since timings on a shared machine are evidence, not tests.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const benches = [
  ['Takeout mbox scan', 'scripts/bench-mbox.mjs'],
  ['Apps Script scan cost', 'scripts/bench-gas.mjs'],
  ['Gmail API scan from Node', 'scripts/bench-gmail-api.mjs'],
  ['Takeout Calendar .ics of 100,000 events', 'scripts/bench-calendar.mjs'],
];
const only = process.argv[2];
for (const [title, script] of benches) {
  if (only !== undefined && !script.includes(only)) continue;
  if (!existsSync(join(root, script))) continue;
  process.stdout.write(`\n## ${title}\n\n`);
  execFileSync(process.execPath, [join(root, script)], { stdio: 'inherit', cwd: root });
}
