// The UI pass: what a person does, in the real workbench with the installed extension. Opens the
// sample config, runs `RepScope: Run Evaluation` from the command palette (F1), waits for the
// results panel's webview to draw every view, then hovers an item in the config, taking
// screenshots (see `screenshot`). Each check is reported like a suite test.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { COMPILED_SRC, ROOT, SCREENSHOTS, WORK } = require('./paths');

const HOVERED_ITEM = 'Q57';

// Both read out/ when the pass runs, not when this module loads: the runner loads it before it
// checks that out/ is built.

/** The panel's views in tab order: the list (src/core/charts/views.ts) the webview builds its tabs from. */
function panelViews() {
  return require(path.join(COMPILED_SRC, 'core', 'charts', 'views')).PANEL_VIEWS;
}

function sampleItemLabel(id) {
  const { SAMPLE_ITEMS } = require(path.join(COMPILED_SRC, 'core', 'sample', 'items'));
  const item = SAMPLE_ITEMS.find((each) => each.id === id);
  if (!item) throw new Error(`the sample has no item ${id}`);
  return item.label;
}

/** Writes the bundled sample with the CLI a user would use (`repscope init`). */
function writeSample(folder) {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'init', folder], { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`repscope init failed: ${result.stderr || result.error?.message}`);
}

async function waitForWorkbench(page) {
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
  await page.locator('.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
  // The explorer lists the workspace once the remote connection is up.
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'sample' }).first().waitFor({ timeout: 60_000 });
}

async function openFile(page, relativePath) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(relativePath);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(relativePath) }).first().waitFor({ timeout: 20_000 });
  await page.keyboard.press('Enter');
  await page.locator(`.tab[aria-label^="${path.basename(relativePath)}"]`).first().waitFor({ timeout: 20_000 });
}

/** F1, the command's title, Enter; retries while the palette does not list it yet. */
async function runCommand(page, title, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`>${title}`);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    try {
      await row.waitFor({ timeout: 3_000 });
      await page.keyboard.press('Enter');
      return;
    } catch (error) {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw new Error(`the command palette never listed "${title}"`, { cause: error });
    }
  }
}

/** Marks each view's chart drew, as the webview recorded them on its chart containers. */
async function drawnMarks(panel, views) {
  const marks = {};
  for (const view of views) marks[view] = Number((await panel.locator(`#chart-${view}`).getAttribute('data-marks', { timeout: 5_000 })) ?? 0);
  return marks;
}

/** A view's tab in the panel (webview/main.ts marks each header with its view). */
function tabHeader(panel, view) {
  return panel.locator(`vscode-tab-header[data-view="${view}"]`);
}

async function clearNotifications(page) {
  await runCommand(page, 'Notifications: Clear All Notifications').catch(() => undefined);
}

/**
 * Every run's screenshots go to .ci/.work/screenshots/. The README's copies in docs/screenshots/
 * change only when asked (`--update-screenshots`) or when missing: each run's pictures differ
 * (run ids, times), and tracked files should not churn on every `npm test`.
 */
async function screenshot(page, name, updateScreenshots) {
  const folder = path.join(WORK, 'screenshots');
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(folder, name);
  await page.screenshot({ path: file });
  const published = path.join(SCREENSHOTS, name);
  if (updateScreenshots || !fs.existsSync(published)) {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    fs.copyFileSync(file, published);
    return path.relative(ROOT, published);
  }
  return path.relative(ROOT, file);
}

/** Runs one UI check; on failure keeps a screenshot of that moment in .ci/.work/. */
async function check(page, outcome, name, body) {
  const started = Date.now();
  try {
    const detail = await body();
    outcome.passed++;
    console.log(`  ok    ${name} (${Date.now() - started} ms)${detail ? `\n        ${detail}` : ''}`);
  } catch (error) {
    outcome.failed++;
    const message = error instanceof Error ? error.message.split('\n').slice(0, 6).join('\n      ') : String(error);
    console.log(`  FAIL  ${name} (${Date.now() - started} ms)\n      ${message}`);
    outcome.failures.push(name);
    const picture = path.join(WORK, `ui-failure-${outcome.failed}.png`);
    await page.screenshot({ path: picture }).catch(() => undefined);
    console.log(`      screenshot: ${path.relative(ROOT, picture)}`);
  }
}

/**
 * Runs the UI checks on `server` (code-server with the installed extension) in a fresh
 * workspace; resolves with { passed, failed }.
 */
async function runUiPass(browser, { server, workspace, timeoutMs, updateScreenshots = false }) {
  for (const stale of fs.readdirSync(WORK).filter((entry) => /^ui-failure.*\.png$/.test(entry))) fs.rmSync(path.join(WORK, stale));
  writeSample(path.join(workspace, 'sample'));
  const label = sampleItemLabel(HOVERED_ITEM);
  const views = panelViews();
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  const outcome = { passed: 0, failed: 0, failures: [] };
  const deadline = setTimeout(() => void context.close().catch(() => undefined), timeoutMs);
  console.log('integration: ui pass (installed .vsix, real workbench):');
  try {
    await page.goto(`${server.origin}/?${new URLSearchParams({ folder: workspace })}`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await waitForWorkbench(page);
    await page.keyboard.press('Control+B'); // the side bar off: the panel gets the room

    await check(page, outcome, 'ui: F1 > RepScope: Run Evaluation opens the results panel and draws every view', async () => {
      await openFile(page, 'sample/experiment.yaml');
      await runCommand(page, 'RepScope: Run Evaluation');
      const panel = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      await panel.locator(`body[data-rendered="${views.length}"]`).waitFor({ state: 'attached', timeout: 120_000 });
      const marks = await drawnMarks(panel, views);
      const empty = views.filter((view) => !(marks[view] > 0));
      if (empty.length > 0) throw new Error(`views without marks: ${empty.join(', ')} (${JSON.stringify(marks)})`);
      await clearNotifications(page);
      const shots = [await screenshot(page, 'panel.png', updateScreenshots)];
      for (const view of views.slice(1)) {
        await tabHeader(panel, view).click({ timeout: 10_000 });
        await panel.locator(`#chart-${view} svg`).first().waitFor({ state: 'visible', timeout: 20_000 });
        await page.waitForTimeout(300); // the tab's fade-in
        shots.push(await screenshot(page, `panel-${view}.png`, updateScreenshots));
      }
      await tabHeader(panel, views[0]).click({ timeout: 10_000 });
      return `marks ${views.map((view) => `${view} ${marks[view]}`).join(', ')}; ${shots.join(', ')}`;
    });

    await check(page, outcome, `ui: hovering ${HOVERED_ITEM} in the config shows its label and numbers`, async () => {
      // The config is open in the first editor group; focus it (the panel had the focus).
      await page.locator('.editor-group-container .tab', { hasText: 'experiment.yaml' }).first().click({ timeout: 10_000 });
      await page.locator('.editor-group-container.active .monaco-editor textarea').first().focus({ timeout: 10_000 });
      const text = fs.readFileSync(path.join(workspace, 'sample', 'experiment.yaml'), 'utf8').split('\n');
      const line = text.findIndex((each) => new RegExp(`^ {2}- ${HOVERED_ITEM}\\b`).test(each)) + 1;
      if (line < 1) throw new Error(`no "- ${HOVERED_ITEM}" line in the sample config`);
      await page.keyboard.press('Control+G');
      await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 10_000 });
      await page.keyboard.type(String(line));
      await page.locator('.quick-input-list .monaco-list-row', { hasText: `line ${line}` }).first().waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
      const token = page.locator('.editor-group-container.active .view-line span span', { hasText: new RegExp(`^${HOVERED_ITEM}$`) }).first();
      await token.waitFor({ state: 'visible', timeout: 20_000 });
      const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: label }).first();
      const box = await token.boundingBox();
      if (!box) throw new Error(`${HOVERED_ITEM} is not on screen`);
      for (let attempt = 0; ; attempt++) {
        // Move off and back on: the hover opens on a mouse move over the word.
        await page.mouse.move(box.x + box.width / 2, box.y - 40);
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
        try {
          await hover.waitFor({ state: 'visible', timeout: 5_000 });
          break;
        } catch {
          if (attempt >= 5) throw new Error(`no hover with "${label}" appeared over ${HOVERED_ITEM}`);
        }
      }
      // Let the hover finish fading in before the screenshot.
      await page.waitForFunction(
        // Runs in the page, where document and getComputedStyle are globals.
        // eslint-disable-next-line no-undef
        (selector) => [...document.querySelectorAll(selector)].some((node) => getComputedStyle(node).opacity === '1'),
        '.monaco-hover:not(.hidden)',
        { timeout: 5_000 },
      ).catch(() => undefined);
      await page.waitForTimeout(500);
      const content = await hover.innerText();
      if (!/\d\.\d/.test(content)) throw new Error(`the hover has no metric: ${content.slice(0, 200)}`);
      return `hover: ${content.replace(/\s+/g, ' ').slice(0, 120)}…; ${await screenshot(page, 'hover.png', updateScreenshots)}`;
    });
  } catch (error) {
    // The workbench itself did not come up (or the time limit closed it).
    const message = `ui: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    outcome.failed++;
    outcome.failures.push(message);
    console.log(`  FAIL  ${message}`);
    await page.screenshot({ path: path.join(WORK, 'ui-failure.png') }).catch(() => undefined);
  } finally {
    clearTimeout(deadline);
    await context.close().catch(() => undefined);
  }
  return outcome;
}

module.exports = { openFile, runCommand, runUiPass, waitForWorkbench };
