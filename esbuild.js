// Bundles the CLI, the engine's worker threads and (later) the extension host and webview.
// `node esbuild.js` builds once; `--watch` rebuilds on change; `--production` minifies.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const packageJson = require('./package.json');

/** Entry points for Node (CLI, workers). Each lands in dist/ under the given name. */
const nodeEntries = {
  cli: 'src/cli/main.ts',
  pairTablesWorker: 'src/core/structure/pairTablesWorker.ts',
};

async function main() {
  fs.mkdirSync('dist', { recursive: true });
  const entryPoints = Object.fromEntries(
    Object.entries(nodeEntries).filter(([, file]) => fs.existsSync(path.join(__dirname, file))),
  );
  const context = await esbuild.context({
    entryPoints,
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
  if (watch) {
    await context.watch();
    return;
  }
  await context.rebuild();
  await context.dispose();
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
