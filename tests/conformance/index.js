// `node --test tests/conformance/` (the form scripts/test.sh uses) makes Node 22 load this directory as a module,
// so this entry point pulls in every conformance test file.
'use strict';
const { readdirSync } = require('node:fs');
const path = require('node:path');

for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.test.mjs')).sort()) {
  import(path.join(__dirname, file));
}
