#!/usr/bin/env node
// Generation bench (`node bench/generate.js`): requests per second of `repscope generate` against
// the local real-model server (tools/llm-test-server: stories260K on the CPU) at concurrency 1 and
// 8, and the client's overhead over the server's own time, target < 5 %.
//
// 1. Bundles src/core/generate and src/core/sample with esbuild into bench/.data/build/.
// 2. Starts tools/llm-test-server/server.js (8 parallel sequences) on a free port.
// 3. Writes the synthetic sample's human data with a 4-item, 2-group experiment into a fresh
//    temporary folder per measurement (so nothing comes from a cache), and times generateFromConfig:
//    sampling with a JSON-schema constraint, the way a real run asks.
// Overhead, at concurrency 1 where client and server time add up: the server's own handler time
// (its `x-server-time-ms` header, summed) against (a) the whole run, including the one-off setup
// (reading the config and human data, building every prompt and cache key, writing the output);
// (b) the span from the first request to the last reply; and (c) that span less what bare fetch +
// JSON.parse of the very same requests cost, replayed right after: RepScope's own per-request code
// (prompt and body building, retries bookkeeping, reply parsing, cache appends). The target
// (< 5 %) is checked on (c); (a) and (b) are printed beside it.
// The bench never fails on a target (exit 0); it exits 1 only when it cannot run at all.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const buildDir = path.join(__dirname, '.data', 'build');
const serverDir = path.join(root, 'tools', 'llm-test-server');
const TARGET_OVERHEAD = 0.05;
const ITEMS = ['Q46', 'Q57', 'Q152', 'Q131'];
const RUNS = [
  { concurrency: 1, respondentsPerGroup: 12 },
  { concurrency: 8, respondentsPerGroup: 24 },
];

async function bundle() {
  const esbuild = require('esbuild');
  await esbuild.build({
    absWorkingDir: root,
    stdin: {
      contents: "export * from './src/core/generate/index'; export { generateSample } from './src/core/sample/index';",
      resolveDir: root,
      loader: 'ts',
      sourcefile: 'generate-bench-entry.ts',
    },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: path.join(buildDir, 'generate.js'),
    logLevel: 'warning',
    define: { REPSCOPE_VERSION: '"bench"' },
  });
  return require(path.join(buildDir, 'generate.js'));
}

function startServer() {
  const child = spawn(process.execPath, [path.join(serverDir, 'server.js')], {
    cwd: serverDir,
    env: { REPSCOPE_TEST_SEQUENCES: '8', REPSCOPE_TEST_CONTEXT: '512', ...process.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`llm-test-server exited with ${code}`)));
    let text = '';
    child.stdout.on('data', (chunk) => {
      text += chunk;
      if (text.includes('\n')) {
        const { port } = JSON.parse(text.split('\n')[0]);
        resolve({ url: `http://127.0.0.1:${port}`, child });
      }
    });
  });
}

function writeExperiment(library, dir, url, concurrency, respondentsPerGroup) {
  const sample = library.generateSample({ respondents: 2000, modelRespondentsPerGroup: 5 });
  for (const file of sample.files) {
    if (file.path !== 'data/human.csv' && file.path !== 'codebook.yaml') continue;
    fs.mkdirSync(path.join(dir, path.dirname(file.path)), { recursive: true });
    fs.writeFileSync(path.join(dir, file.path), file.content);
  }
  const generate = {
    endpoint: `${url}/v1`,
    api: 'openai-chat',
    model: 'stories260K',
    answerMode: 'sampling',
    constrain: 'json-schema',
    respondentsPerGroup,
    concurrency,
    persona: {
      source: 'respondents',
      columns: { Q260: { 1: 'a man', 2: 'a woman' }, Q262: '{value} years old', B_COUNTRY_ALPHA: { DEU: 'living in Germany', USA: 'living in the United States' } },
    },
  };
  const config = [
    'name: generate bench',
    'human: { file: data/human.csv, weight: W_WEIGHT }',
    'codebook: codebook.yaml',
    `items: [${ITEMS.join(', ')}]`,
    'groups:',
    '  DEU: { B_COUNTRY_ALPHA: DEU }',
    '  USA: { B_COUNTRY_ALPHA: USA }',
    'conditions:',
    `  llm: { generate: ${JSON.stringify(generate)} }`,
    '',
  ].join('\n');
  const file = path.join(dir, 'experiment.yaml');
  fs.writeFileSync(file, config);
  return file;
}

/**
 * Times one generation run in a fresh folder. Wraps fetch to record each request (for the bare
 * replay) and the most requests ever in flight at once.
 */
async function measure(library, url, concurrency, respondentsPerGroup) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repscope-generate-bench-'));
  const sent = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let firstStart;
  let lastEnd;
  const countingFetch = async (input, init) => {
    sent.push({ input, body: init.body, headers: init.headers });
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    firstStart ??= process.hrtime.bigint();
    try {
      const response = await fetch(input, init);
      // Read here so the span ends when the last body has arrived.
      const text = await response.text();
      return new Response(text, { status: response.status, headers: response.headers });
    } finally {
      inFlight--;
      lastEnd = process.hrtime.bigint();
    }
  };
  try {
    const config = writeExperiment(library, dir, url, concurrency, respondentsPerGroup);
    const start = process.hrtime.bigint();
    const run = await library.generateFromConfig(config, { fetch: countingFetch });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const [summary] = run.conditions;
    if (summary.requests.sent !== summary.requests.total) throw new Error(`expected every request to be sent, got ${JSON.stringify(summary.requests)}`);
    return { seconds, spanSeconds: Number(lastEnd - firstStart) / 1e9, summary, sent, maxInFlight };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The same requests, one after the other, with nothing but fetch and JSON parsing. */
async function replayBare(sent) {
  let serverMs = 0;
  const start = process.hrtime.bigint();
  for (const request of sent) {
    const response = await fetch(request.input, { method: 'POST', headers: request.headers, body: request.body });
    await response.json();
    serverMs += Number(response.headers.get('x-server-time-ms'));
  }
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, serverSeconds: serverMs / 1000 };
}

function verdict(ok) {
  return ok ? 'PASS' : 'MISS';
}

async function main() {
  if (!fs.existsSync(path.join(serverDir, 'node_modules', 'node-llama-cpp'))) {
    console.error('bench/generate: tools/llm-test-server is not installed; run `npm ci --prefix tools/llm-test-server --omit=optional`');
    process.exit(1);
  }
  const library = await bundle();
  const server = await startServer();
  try {
    await measure(library, server.url, 4, 2); // warm-up: first evaluations, connections
    const rows = [];
    for (const { concurrency, respondentsPerGroup } of RUNS) {
      const result = await measure(library, server.url, concurrency, respondentsPerGroup);
      rows.push({ concurrency, ...result, perSecond: result.summary.requests.sent / result.seconds });
    }
    const serial = rows[0];
    const bare = await replayBare(serial.sent);
    console.log('repscope generate bench: stories260K via tools/llm-test-server (CPU, 1 thread), sampling + JSON schema');
    console.log(`items ${ITEMS.join(', ')}; 2 groups; personas from human respondents; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores\n`);
    console.log('concurrency  requests  seconds  requests/s  most in flight');
    for (const row of rows) {
      console.log(
        `${String(row.concurrency).padStart(11)}  ${String(row.summary.requests.sent).padStart(8)}  ${row.seconds.toFixed(2).padStart(7)}  ` +
          `${row.perSecond.toFixed(1).padStart(10)}  ${String(row.maxInFlight).padStart(14)}`,
      );
    }
    const timing = serial.summary.timing;
    if (timing.serverReported !== timing.requests) throw new Error('the server did not report its time on every response');
    const serverSeconds = timing.serverMs / 1000;
    const overhead = (serial.seconds - serverSeconds) / serverSeconds;
    const steadyOverhead = (serial.spanSeconds - serverSeconds) / serverSeconds;
    const perRequestMs = (timing.requestMs - timing.serverMs) / timing.requests;
    const bareOverhead = (bare.seconds - bare.serverSeconds) / bare.serverSeconds;
    const ownOverhead = steadyOverhead - bareOverhead;
    console.log(`\nspeed-up at concurrency 8: ${(rows[1].perSecond / serial.perSecond).toFixed(2)}x (the server computes on one CPU thread)`);
    console.log(`server time per request at concurrency 1: ${(timing.serverMs / timing.requests).toFixed(1)} ms; HTTP + parsing around it: ${perRequestMs.toFixed(2)} ms`);
    console.log(`client overhead over the server's own ${serverSeconds.toFixed(2)} s at concurrency 1:`);
    console.log(
      `  whole run, with the one-off setup (${(serial.seconds - serial.spanSeconds).toFixed(2)} s: config, human data, prompts, output): ${(100 * overhead).toFixed(2)} %`,
    );
    console.log(`  per request (first request to last reply): ${(100 * steadyOverhead).toFixed(2)} %, of which bare fetch + JSON.parse of the same requests ${(100 * bareOverhead).toFixed(2)} %`);
    console.log(`  RepScope's own per-request code beyond fetch: ${(100 * ownOverhead).toFixed(2)} %  [target < ${100 * TARGET_OVERHEAD} %] ${verdict(ownOverhead < TARGET_OVERHEAD)}`);
  } finally {
    server.child.kill('SIGTERM');
  }
}

main().catch((error) => {
  console.error(`bench/generate: ${error.stack || error}`);
  process.exit(1);
});
