/**
 * The bundled sample's whole results document, normalised so that it depends only on the
 * engine: the sample folder's path becomes `<sample>`, and the run's id, times, duration and
 * host are dropped. Shared by the golden test and `scripts/update-golden.js`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { loadExperiment } from '../../../src/core/config/resolve';
import { evaluateExperiment } from '../../../src/core/engine/evaluate';
import { generateSample } from '../../../src/core/sample';

/** Committed, gzipped: the sample's results as the engine last produced them on purpose. */
export const GOLDEN_FILE = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'golden', 'sample-results.json.gz');

export async function sampleResultsNormalised(threads = 2): Promise<unknown> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'repscope-golden-'));
  try {
    for (const file of generateSample().files) {
      const target = path.join(folder, ...file.path.split('/'));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, file.content);
    }
    const results = await evaluateExperiment(await loadExperiment(path.join(folder, 'experiment.yaml')), { threads, host: 'test' });
    const text = JSON.stringify({ ...results, run: null }).split(folder).join('<sample>');
    return JSON.parse(text) as unknown;
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

export function readGolden(): unknown {
  return JSON.parse(zlib.gunzipSync(fs.readFileSync(GOLDEN_FILE)).toString('utf8')) as unknown;
}

export function writeGolden(results: unknown): void {
  fs.mkdirSync(path.dirname(GOLDEN_FILE), { recursive: true });
  fs.writeFileSync(GOLDEN_FILE, zlib.gzipSync(JSON.stringify(results, null, 1), { level: 9 }));
}
