// Starts and stops code-server 4.100.3 (VS Code 1.100.3 served to a browser) from .ci/vscode.
// It runs in its own session (setsid, through `detached`) so the whole process group -- the server,
// its extension hosts and their file watchers, which outlive a SIGTERM of the parent -- can be
// killed at the end.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');
const { ROOT, WORK } = require('./paths');

const CODE_SERVER_ENTRY = path.join(ROOT, '.ci', 'vscode', 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** Everything code-server writes outside its data folders goes to scratch space, not $HOME. */
function scratchEnvironment(extra = {}) {
  const xdg = path.join(WORK, 'xdg');
  return {
    ...process.env,
    XDG_CONFIG_HOME: path.join(xdg, 'config'),
    XDG_DATA_HOME: path.join(xdg, 'data'),
    XDG_CACHE_HOME: path.join(xdg, 'cache'),
    ...extra,
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function get(url, timeoutMs) {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(undefined));
  });
}

/** The user settings every test window starts with: no welcome page, tips, updates or telemetry. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'editor.hover.delay': 200,
  'editor.minimap.enabled': false,
  'window.restoreWindows': 'none',
};

/**
 * Installs a .vsix into `extensionsDir` with code-server's own CLI (what a user's
 * `code --install-extension` does).
 */
function installExtension(vsix, { extensionsDir, userDataDir, logFile }) {
  fs.mkdirSync(extensionsDir, { recursive: true });
  const result = spawnSync(
    process.execPath,
    [CODE_SERVER_ENTRY, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsix, '--force'],
    { env: scratchEnvironment(), encoding: 'utf8', timeout: 120_000 },
  );
  fs.writeFileSync(logFile, `${result.stdout ?? ''}${result.stderr ?? ''}`);
  if (result.status !== 0) {
    throw new Error(`code-server --install-extension ${path.basename(vsix)} failed (status ${result.status}${result.error ? `, ${result.error.message}` : ''}); see ${logFile}`);
  }
}

/**
 * Starts code-server on a free port of 127.0.0.1 and waits for /healthz.
 * Returns { port, origin, authority, stop() }.
 */
async function startCodeServer({ name, extensionsDir, userDataDir, env = {}, startTimeoutMs = 60_000 }) {
  if (!fs.existsSync(CODE_SERVER_ENTRY)) throw new Error(`code-server is not installed (${CODE_SERVER_ENTRY}); run: bash .ci/vscode/install.sh`);
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  if (!fs.existsSync(settingsFile)) fs.writeFileSync(settingsFile, `${JSON.stringify(USER_SETTINGS, null, 2)}\n`);
  const port = await freePort();
  const logFile = path.join(WORK, `${name}-code-server.log`);
  const log = fs.openSync(logFile, 'w');
  const child = spawn(
    process.execPath,
    [
      CODE_SERVER_ENTRY,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--extensions-dir', extensionsDir,
      '--user-data-dir', userDataDir,
    ],
    { env: scratchEnvironment(env), stdio: ['ignore', log, log], detached: true },
  );
  fs.closeSync(log);
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  groups.add(child.pid);
  const stop = async () => {
    groups.delete(child.pid);
    for (const signal of ['SIGTERM', 'SIGKILL']) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        return; // the group is gone
      }
      const deadline = Date.now() + 3_000;
      while (Date.now() < deadline) {
        try {
          process.kill(-child.pid, 0);
        } catch {
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (exited) throw new Error(`code-server exited while starting; see ${logFile}`);
    if ((await get(`${origin}/healthz`, 2_000)) === 200) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer /healthz within ${startTimeoutMs / 1000} s; see ${logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { port, origin, authority: `127.0.0.1:${port}`, logFile, stop };
}

/** Process groups of the code-servers still running. */
const groups = new Set();

/** Last resort when the driver exits for any reason: SIGKILL every group still running. */
function killAllNow() {
  for (const pid of groups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  groups.clear();
}
process.on('exit', killAllNow);

module.exports = { CODE_SERVER_ENTRY, installExtension, killAllNow, scratchEnvironment, startCodeServer };
