// Bundles the CLI, the engine's worker threads and (later) the extension host and webview.
// `node esbuild.js` builds once; `--watch` rebuilds on change; `--production` minifies.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const packageJson = require('./package.json');

/** Entry points for Node (CLI, extension host, workers). Each lands in dist/ under the given name. */
const nodeEntries = {
  cli: 'src/cli/main.ts',
  extension: 'src/extension/extension.ts',
  engineWorker: 'src/extension/engineWorker.ts',
  pairTablesWorker: 'src/core/structure/pairTablesWorker.ts',
  inferenceWorker: 'src/core/inference/inferenceWorker.ts',
};

/** Entry points for the webview (browser, no Node APIs). */
const browserEntries = {
  webview: 'webview/main.ts',
};

function existing(entries) {
  return Object.fromEntries(Object.entries(entries).filter(([, file]) => fs.existsSync(path.join(__dirname, file))));
}

async function main() {
  fs.mkdirSync('dist', { recursive: true });
  const contexts = [];
  contexts.push(
    await esbuild.context({
      entryPoints: existing(browserEntries),
      bundle: true,
      platform: 'browser',
      target: 'es2022',
      format: 'iife',
      outdir: 'dist',
      sourcemap: !production,
      minify: production,
      logLevel: 'warning',
      // Vega must never compile expressions with Function(): the panel's CSP has no unsafe-eval.
      define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
    }),
  );
  const context = await esbuild.context({
    entryPoints: existing(nodeEntries),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outdir: 'dist',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    define: { REPSCOPE_VERSION: JSON.stringify(packageJson.version) },
    external: ['vscode'],
  });
  contexts.push(context);
  if (watch) {
    await Promise.all(contexts.map((each) => each.watch()));
    return;
  }
  for (const each of contexts) {
    await each.rebuild();
    await each.dispose();
  }
  const cli = path.join('dist', 'cli.js');
  if (fs.existsSync(cli)) {
    const text = fs.readFileSync(cli, 'utf8');
    if (!text.startsWith('#!')) fs.writeFileSync(cli, `#!/usr/bin/env node\n${text}`);
    fs.chmodSync(cli, 0o755);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
