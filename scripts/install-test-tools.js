// Installs the test-only packages that live outside the root package: the real-model server for
// the generation tests (node-llama-cpp, CPU build only). Idempotent: a no-op once installed.
// The VS Code test tools (code-server, chromium) are installed by .ci/vscode/install.sh, which
// the integration driver runs itself.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const server = path.join(__dirname, '..', 'tools', 'llm-test-server');
if (fs.existsSync(path.join(server, 'node_modules', 'node-llama-cpp', 'package.json'))) process.exit(0);
console.log('installing tools/llm-test-server (node-llama-cpp, CPU build; about 80 MB, once)');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['ci', '--prefix', server, '--omit=optional', '--ignore-scripts', '--no-audit', '--no-fund'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
