// Debian's chromium driven by playwright-core (from .ci/vscode; never `playwright install`), and
// the workbench hooks VS Code's web test runner uses: a page that defines
// window.codeAutomationExit(code) and window.codeAutomationLog(type, args) gets the extension
// tests' exit status and the workbench's log. These hooks are internal to VS Code's web workbench,
// which is why code-server is pinned.
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, WORK } = require('./paths');

const CHROMIUM = process.env.REPSCOPE_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

function playwright() {
  return require(path.join(ROOT, '.ci', 'vscode', 'node_modules', 'playwright-core'));
}

async function launchBrowser() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`chromium not found at ${CHROMIUM}; run: bash .ci/vscode/install.sh`);
  return playwright().chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 60_000 });
}

/** The workbench URL that opens `folder` with a test payload (see VS Code's web test runner). */
function workbenchUrl(server, folder, payloadEntries) {
  const remote = (file) => `vscode-remote://${server.authority}${file.split(path.sep).join('/')}`;
  const payload = payloadEntries.map(([key, value]) => [key, key.endsWith('Path') ? remote(value) : value]);
  const query = new URLSearchParams({ folder });
  if (payload.length > 0) query.set('payload', JSON.stringify(payload));
  return `${server.origin}/?${query.toString()}`;
}

/**
 * Opens the workbench with the extension tests in its payload and resolves with
 * { exitCode, log } once the tests call codeAutomationExit. Rejects after `timeoutMs`, or after
 * `startTimeoutMs` when `startedFile` (the suite's report) has not appeared by then.
 */
async function runExtensionTests(browser, { url, timeoutMs, logFile, startedFile, startTimeoutMs = 120_000 }) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const log = [];
  const record = (line) => {
    log.push(line);
    fs.appendFileSync(logFile, `${line}\n`);
  };
  fs.writeFileSync(logFile, '');
  let finish;
  const exited = new Promise((resolve) => {
    finish = resolve;
  });
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    record(`[${type}] ${(Array.isArray(args) ? args : [args]).map((each) => (typeof each === 'string' ? each : JSON.stringify(each))).join(' ')}`);
  });
  await page.exposeFunction('codeAutomationExit', (code) => finish(Number(code)));
  page.on('pageerror', (error) => record(`[pageerror] ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') record(`[console.error] ${message.text()}`);
  });
  let timer;
  try {
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    const loadedAt = Date.now();
    const timedOut = new Promise((_resolve, reject) => {
      // Fail early when the extension host never loads the suite (a wrong payload, a crash).
      const check = () => {
        const elapsed = Date.now() - loadedAt;
        if (startedFile && elapsed > startTimeoutMs && !fs.existsSync(startedFile)) {
          reject(new Error(`the extension host did not start the suite within ${startTimeoutMs / 1000} s`));
        } else if (elapsed > timeoutMs) {
          reject(new Error(`the extension tests did not finish within ${timeoutMs / 1000} s`));
        } else {
          timer = setTimeout(check, 1_000);
        }
      };
      timer = setTimeout(check, 1_000);
    });
    const exitCode = await Promise.race([exited, timedOut]);
    return { exitCode, log };
  } catch (error) {
    await page.screenshot({ path: path.join(WORK, `${path.basename(logFile, '.log')}-failure.png`) }).catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
    await context.close().catch(() => undefined);
  }
}

module.exports = { launchBrowser, runExtensionTests, workbenchUrl };
