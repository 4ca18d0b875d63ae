#!/usr/bin/env node
'use strict';
require('../lib/node/cli.js').main(process.argv).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`reconnect: ${err && err.message ? err.message : err}\n`); process.exitCode = 1; },
);
