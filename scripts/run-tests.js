// Runs every compiled unit test with node's test runner. Node 20 has no glob for --test, so the
// files are listed here. `npm test` compiles first (pretest).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

function findTests(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findTests(full);
    return entry.name.endsWith('.test.js') ? [full] : [];
  });
}

const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['out/test/unit', 'out/test/cli'];
const files = roots.flatMap((root) => findTests(root)).sort();
if (files.length === 0) {
  console.error('run-tests: no compiled tests found; run `npm run compile-tests` first');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
