#!/usr/bin/env node
// The integration suite (test/integration/suite) in desktop VS Code through @vscode/test-electron,
// for machines with internet or a local VS Code. `npm run test:electron`.
//
// - VSCODE_EXECUTABLE=/path/to/code uses that VS Code; otherwise VS Code 1.100.3 (the version
//   code-server 4.100.3 carries, and engines.vscode's floor) is downloaded into .ci/.work/vscode-test.
// - On Linux VS Code needs a display: run under `xvfb-run -a` when there is none.
// - Offline (no VSCODE_EXECUTABLE and no route to the download) it stops at once with a message;
//   `npm run test:integration` runs the same suite offline in code-server.
// Builds nothing: `npm run build` and `npm run compile-tests` first.
const dns = require('node:dns');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const WORK = path.join(ROOT, '.ci', '.work', 'electron');
const SUITE = path.join(ROOT, 'out', 'test', 'integration', 'suite', 'index');
const VSCODE_VERSION = '1.100.3';
const DOWNLOAD_HOST = 'update.code.visualstudio.com';
const WATCHDOG_MS = 20 * 60_000;

function fail(message) {
  console.error(`test:electron: ${message}`);
  process.exit(1);
}

function resolvesWithin(host, timeoutMs) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    dns.lookup(host, (error) => {
      clearTimeout(timer);
      resolve(!error);
    });
  });
}

async function main() {
  setTimeout(() => fail(`still running after ${WATCHDOG_MS / 60_000} min; stopped`), WATCHDOG_MS).unref();
  for (const [file, command] of [
    [path.join(ROOT, 'dist', 'extension.js'), 'npm run build'],
    [`${SUITE}.js`, 'npm run compile-tests'],
  ]) {
    if (!fs.existsSync(file)) fail(`missing ${path.relative(ROOT, file)}: run \`${command}\` first`);
  }
  const executable = process.env.VSCODE_EXECUTABLE;
  if (executable && !fs.existsSync(executable)) fail(`VSCODE_EXECUTABLE=${executable} does not exist`);
  if (!executable && !(await resolvesWithin(DOWNLOAD_HOST, 5_000))) {
    fail(
      `VS Code ${VSCODE_VERSION} must be downloaded from ${DOWNLOAD_HOST}, which this machine cannot reach.\n` +
        '  Either point VSCODE_EXECUTABLE at an installed VS Code (e.g. VSCODE_EXECUTABLE=/usr/bin/code npm run test:electron),\n' +
        '  or run the same suite offline in code-server: npm run test:integration',
    );
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    fail('VS Code needs a display: run `xvfb-run -a npm run test:electron`');
  }

  const { runTests } = require('@vscode/test-electron');
  const workspace = path.join(WORK, 'workspace');
  fs.rmSync(workspace, { recursive: true, force: true });
  fs.mkdirSync(workspace, { recursive: true });
  try {
    const code = await runTests({
      ...(executable ? { vscodeExecutablePath: executable } : { version: VSCODE_VERSION, cachePath: path.join(WORK, 'vscode-test'), timeout: 60_000 }),
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: SUITE,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
    process.exit(code);
  } catch (error) {
    fail(`the suite failed or VS Code could not start: ${error instanceof Error ? error.message : String(error)}`);
  }
}

void main();
