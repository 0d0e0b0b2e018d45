#!/usr/bin/env node
// Real VS Code integration tests, offline: code-server 4.100.3 (VS Code 1.100.3) in Debian's
// chromium, driven by playwright-core. Both come from .ci/vscode (installed by its install.sh, which
// this script runs first: idempotent, under a second when everything is there).
//
// Phases (each in a fresh workspace, user-data and extensions folder under .ci/.work/):
//   dev   the suite (test/integration/suite) in the extension host, extension from this folder
//   vsix  the same suite against dist/repscope-<version>.vsix installed with --install-extension
//   ui    the real UI on the installed .vsix: F1 > RepScope: Run Evaluation, the results panel,
//         a hover on an item; screenshots to .ci/.work/screenshots/, and to docs/screenshots/
//         (the README's) with --update-screenshots or when missing there
//
// Builds nothing: run `npm run build`, `npm run compile-tests` and `npm run package` first
// (`npm test` does). Options: --phases=dev,vsix,ui (default all), --update-screenshots.
// Environment: REPSCOPE_TEST_FILTER runs only the suite tests whose names contain it;
// REPSCOPE_SKIP_INTEGRATION=1 skips (counted as skipped); CI=true turns "cannot install here"
// into a failure instead of a skip.
//
// A normal run takes about 2.5 min; every wait has a limit and a watchdog ends the whole run.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { launchBrowser, runExtensionTests, workbenchUrl } = require('../test/integration/driver/browser');
const { installExtension, killAllNow, startCodeServer } = require('../test/integration/driver/codeServer');
const { ROOT, SUITE_MODULE, WORK } = require('../test/integration/driver/paths');
const { runUiPass } = require('../test/integration/driver/ui');

const PHASES = ['dev', 'vsix', 'ui'];
const SUITE_TIMEOUT_MS = 5 * 60_000;
const UI_TIMEOUT_MS = 4 * 60_000;
/** Nothing here may keep CI waiting longer than this, whatever hangs. */
const WATCHDOG_MS = 15 * 60_000;
const INSTALL_CANNOT = 3;
const HOST_STUB = path.join(ROOT, 'test', 'integration', 'host-stub');

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const VSIX = path.join(ROOT, 'dist', `${manifest.name}-${manifest.version}.vsix`);
const EXTENSION_ID = `${manifest.publisher}.${manifest.name}`.toLowerCase();

const timings = [];
const tally = { passed: 0, failed: 0, skipped: 0 };

function say(line) {
  console.log(`integration: ${line}`);
}

async function timed(name, body) {
  const started = Date.now();
  try {
    return await body();
  } finally {
    timings.push([name, (Date.now() - started) / 1000]);
  }
}

function printSummary() {
  if (timings.length > 0) say('timings');
  for (const [name, seconds] of timings) console.log(`  ${name.padEnd(34)} ${seconds.toFixed(1).padStart(6)} s`);
  const skipped = tally.skipped ? `, ${tally.skipped} skipped` : '';
  console.log(`integration: ${tally.passed} passed, ${tally.failed} failed${skipped}`);
}

function finish(code) {
  killAllNow();
  printSummary();
  process.exit(code);
}

function parsePhases() {
  const option = process.argv.slice(2).find((arg) => arg.startsWith('--phases='));
  if (!option) return PHASES;
  const wanted = option.slice('--phases='.length).split(',').filter(Boolean);
  const unknown = wanted.filter((phase) => !PHASES.includes(phase));
  if (unknown.length > 0) {
    console.error(`integration: unknown phase(s) ${unknown.join(', ')}; phases are ${PHASES.join(', ')}`);
    process.exit(2);
  }
  return wanted;
}

/** Runs .ci/vscode/install.sh; false when it cannot install here (not root, not Debian). */
function ensureTools() {
  const result = spawnSync('bash', [path.join(ROOT, '.ci', 'vscode', 'install.sh')], { stdio: 'inherit', timeout: 15 * 60_000 });
  if (result.status === 0) return true;
  if (result.status === INSTALL_CANNOT) return false;
  throw new Error(`.ci/vscode/install.sh failed (status ${result.status ?? result.signal})`);
}

function requireBuilt(phases) {
  const needed = [
    [path.join(ROOT, 'dist', 'extension.js'), 'npm run build'],
    [`${SUITE_MODULE}.js`, 'npm run compile-tests'],
  ];
  if (phases.some((phase) => phase !== 'dev')) needed.push([VSIX, 'npm run package']);
  const missing = needed.filter(([file]) => !fs.existsSync(file));
  if (missing.length > 0) {
    throw new Error(`missing ${missing.map(([file, command]) => `${path.relative(ROOT, file)} (${command})`).join(', ')}`);
  }
  if (phases.some((phase) => phase !== 'dev') && fs.statSync(VSIX).mtimeMs < fs.statSync(path.join(ROOT, 'dist', 'extension.js')).mtimeMs) {
    throw new Error(`${path.relative(ROOT, VSIX)} is older than dist/extension.js: run \`npm run package\``);
  }
}

/** A fresh scratch folder for one phase. */
function freshFolder(...parts) {
  const folder = path.join(WORK, ...parts);
  fs.rmSync(folder, { recursive: true, force: true });
  fs.mkdirSync(folder, { recursive: true });
  return folder;
}

/** The suite's closing line in its report: `N passed, N failed[, N skipped]`. */
function readOutcome(reportFile) {
  const text = fs.existsSync(reportFile) ? fs.readFileSync(reportFile, 'utf8') : '';
  const match = [...text.matchAll(/^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/gm)].pop();
  return { text, counts: match ? { passed: Number(match[1]), failed: Number(match[2]), skipped: Number(match[3] ?? 0) } : undefined };
}

async function runSuite(browser, { phase, server, developmentPath, reportFile }) {
  const workspace = freshFolder(phase, 'workspace');
  // VS Code runs extension tests only in an extension development window; for the installed
  // .vsix an empty stub extension (another id) makes that window without shadowing it.
  const payload = [
    ['extensionDevelopmentPath', developmentPath ?? HOST_STUB],
    ['extensionTestsPath', SUITE_MODULE],
    ['skipWelcome', 'true'],
  ];
  const logFile = path.join(WORK, `${phase}-workbench.log`);
  let exitCode;
  let error;
  try {
    ({ exitCode } = await runExtensionTests(browser, {
      url: workbenchUrl(server, workspace, payload),
      timeoutMs: SUITE_TIMEOUT_MS,
      logFile,
      startedFile: reportFile,
    }));
  } catch (caught) {
    error = caught;
  }
  const { text, counts } = readOutcome(reportFile);
  say(`${phase} suite (${developmentPath ? 'extension from this folder' : 'installed .vsix'}):`);
  process.stdout.write(text || '  (the suite wrote no report)\n');
  if (counts) {
    tally.passed += counts.passed;
    tally.failed += counts.failed;
    tally.skipped += counts.skipped;
  }
  const problems = [];
  if (error) problems.push(error.message);
  if (exitCode !== undefined && exitCode !== 0 && (!counts || counts.failed === 0)) problems.push(`the workbench reported exit code ${exitCode}`);
  if (!counts) problems.push('the suite printed no closing line');
  if (problems.length > 0) {
    if (!counts || counts.failed === 0) tally.failed += 1;
    say(`${phase}: ${problems.join('; ')}; workbench log: ${path.relative(ROOT, logFile)}, server log: ${path.relative(ROOT, server.logFile)}`);
    const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-40) : [];
    if (tail.length > 0 && tail[0]) console.log(tail.map((line) => `  | ${line}`).join('\n'));
  }
  return problems.length === 0 && (counts?.failed ?? 1) === 0;
}

async function phaseServer(phase, { installVsix, reportFile }) {
  const extensionsDir = freshFolder(phase, 'extensions');
  const userDataDir = freshFolder(phase, 'user-data');
  fs.rmSync(reportFile, { force: true });
  // Extension hosts inherit the server's environment: that is how the suite learns where to report.
  const env = { REPSCOPE_TEST_REPORT: reportFile };
  if (installVsix) {
    await timed(`${phase}: install .vsix`, () =>
      installExtension(VSIX, { extensionsDir, userDataDir, logFile: path.join(WORK, `${phase}-install.log`) }),
    );
    const installed = fs.readdirSync(extensionsDir).filter((entry) => entry.toLowerCase().startsWith(`${EXTENSION_ID}-`));
    if (installed.length !== 1) throw new Error(`expected ${EXTENSION_ID} in ${extensionsDir}, found ${fs.readdirSync(extensionsDir).join(', ') || 'nothing'}`);
    env.REPSCOPE_EXPECT_EXTENSION_UNDER = extensionsDir;
  }
  const server = await timed(`${phase}: start code-server`, () => startCodeServer({ name: phase, extensionsDir, userDataDir, env }));
  return { server, reportFile };
}

async function main() {
  const watchdog = setTimeout(() => {
    say(`watchdog: still running after ${WATCHDOG_MS / 60_000} min; stopping everything`);
    tally.failed += 1;
    finish(1);
  }, WATCHDOG_MS);
  watchdog.unref();
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => finish(130));

  const phases = parsePhases();
  if (process.env.REPSCOPE_SKIP_INTEGRATION === '1') {
    say('skipped (REPSCOPE_SKIP_INTEGRATION=1)');
    tally.skipped = phases.length;
    return finish(0);
  }
  const ready = await timed('install check (.ci/vscode/install.sh)', () => ensureTools());
  if (!ready) {
    if (process.env.CI) {
      say('cannot install code-server and chromium here, and CI must run the integration tests');
      tally.failed += 1;
      return finish(1);
    }
    say('SKIPPED: real VS Code tests need chromium, ripgrep and Kerberos headers from apt (root).');
    say('install once with:  sudo bash .ci/vscode/install.sh   then run npm test again');
    tally.skipped = phases.length;
    return finish(0);
  }
  requireBuilt(phases);
  fs.mkdirSync(WORK, { recursive: true });

  const browser = await timed('launch chromium', () => launchBrowser());
  let ok = true;
  try {
    if (phases.includes('dev')) {
      const { server, reportFile } = await phaseServer('dev', { installVsix: false, reportFile: path.join(WORK, 'dev-report.txt') });
      try {
        ok = (await timed('dev: suite', () => runSuite(browser, { phase: 'dev', server, developmentPath: ROOT, reportFile }))) && ok;
      } finally {
        await server.stop();
      }
    }
    if (phases.includes('vsix') || phases.includes('ui')) {
      const { server, reportFile } = await phaseServer('vsix', { installVsix: true, reportFile: path.join(WORK, 'vsix-report.txt') });
      try {
        if (phases.includes('vsix')) {
          ok = (await timed('vsix: suite', () => runSuite(browser, { phase: 'vsix', server, developmentPath: undefined, reportFile }))) && ok;
        }
        if (phases.includes('ui')) {
          const outcome = await timed('ui: run, panel, hover, screenshots', () =>
            runUiPass(browser, {
              server,
              workspace: freshFolder('ui', 'workspace'),
              timeoutMs: UI_TIMEOUT_MS,
              updateScreenshots: process.argv.includes('--update-screenshots'),
            }),
          );
          tally.passed += outcome.passed;
          tally.failed += outcome.failed;
          ok = ok && outcome.failed === 0;
        }
      } finally {
        await server.stop();
      }
    }
  } finally {
    await browser.close().catch(() => undefined);
  }
  clearTimeout(watchdog);
  finish(ok ? 0 : 1);
}

main().catch((error) => {
  say(`error: ${error instanceof Error ? error.message : String(error)}`);
  tally.failed += 1;
  finish(1);
});
