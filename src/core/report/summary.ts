/** The human-readable summary the CLI prints after a run and the editor writes to its log. Pure: results in, text out. */
import { conditionInference, type BaselineInference, type InferenceResults, type PairedDifference } from '../results/inference';
import { ALL_GROUP, type Headline, type RunResults } from '../results/types';
import { formatNumber, withInterval } from './format';
import { reversalSentence } from './reversal';

function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

/** How the marginal headline combines groups, in words. */
function basisDescription(results: RunResults): string {
  const { groupWeighting, groupWeights } = results.marginals;
  if (groupWeighting === 'partition') return `groups combined by their weighted human shares (${groupWeights.map((g) => `${g.group} ${formatNumber(g.weight, 2)}`).join(', ')})`;
  if (groupWeighting === 'groups') return `the ${groupWeights.length} groups combined with equal weights (no headlineGroups partition is configured)`;
  return 'over all respondents';
}

/** How the humans are resampled, after "humans ". */
function humanStrataText(headlineGroups: readonly string[]): string {
  return headlineGroups.length > 0 ? `resampled within the headline groups (${headlineGroups.join(', ')})` : 'resampled as one sample';
}

function formatP(p: number | null): string {
  if (p === null) return '—';
  return p < 0.001 ? '<0.001' : p.toFixed(3);
}

/** Per condition, how many items of group `all` differ from the humans at the run's false discovery rate. */
function flaggedItemLines(results: RunResults): string[] {
  const fdr = results.config.resolved.metrics.itemFdr;
  const lines: string[] = [];
  for (const headline of results.headlines) {
    const tested = results.marginals.cells.filter((cell) => cell.condition === headline.condition && cell.group === ALL_GROUP && cell.flagged !== null);
    if (tested.length === 0) continue;
    const flagged = tested.filter((cell) => cell.flagged).length;
    lines.push(`${headline.condition}: items differing from the humans (chi-square, BH q ≤ ${fdr}): ${flagged} of ${tested.length}`);
  }
  return lines.length > 0 ? ['', ...lines] : [];
}

/** The paired differences with their Holm-adjusted intervals and p-values, and what they mean. */
function pairLines(inference: InferenceResults): string[] {
  const adjusted = inference.settings.multiplicity !== 'none';
  const cell = (difference: PairedDifference) =>
    adjusted
      ? `${withInterval(difference.estimate, { lower: difference.adjustedLower, upper: difference.adjustedUpper })}${difference.excludesZeroAdjusted ? ' *' : ''}`
      : `${withInterval(difference.estimate, difference)}${difference.excludesZero ? ' *' : ''}`;
  const header = adjusted
    ? ['difference (A − B)', 'marginal dist.', 'Holm p', 'structure r', 'Holm p']
    : ['difference (A − B)', 'marginal dist.', 'structure r'];
  const rows = inference.pairs.map((pair) =>
    adjusted
      ? [`${pair.conditionA} − ${pair.conditionB}`, cell(pair.marginalDistance), formatP(pair.marginalDistance.pAdjusted), cell(pair.structureR), formatP(pair.structureR.pAdjusted)]
      : [`${pair.conditionA} − ${pair.conditionB}`, cell(pair.marginalDistance), cell(pair.structureR)],
  );
  const pairs = inference.pairs.length === 1 ? 'the 1 condition pair' : `all ${inference.pairs.length} condition pairs`;
  const lines = [table(header, rows)];
  lines.push(
    adjusted
      ? `* the interval excludes 0. Intervals and p-values are Holm-adjusted over ${pairs}, per measure (family-wise ${Math.round(inference.settings.confidence * 100)}%).`
      : '* the interval excludes 0 (not adjusted for the number of pairs).',
  );
  lines.push(
    inference.settings.resampleHumans
      ? 'Paired bootstrap: every replicate compares both conditions with the same resample of the humans.'
      : "Humans not resampled: the differences are not paired on the human side and carry only the model samples' noise (each condition resampled on its own).",
  );
  return lines;
}

/** `groups (8)`, `partition (2)` or `all`: what a structure headline is computed on. */
function structureBasisLabel(headline: Headline): string {
  return headline.structureBasis === 'all' ? 'all' : `${headline.structureBasis} (${headline.structureGroups.length})`;
}

/** The structure table: headline r, concordance and RMSE on each condition's basis, then the pooled r where it differs. */
function structureLines(results: RunResults, method: string): string[] {
  const lines: string[] = [];
  lines.push(
    table(
      ['condition', 'basis', `structure r (${method})`, 'concordance', 'structure RMSE'],
      results.headlines.map((h) => {
        const ci = conditionInference(results, h.condition);
        return [
          h.condition,
          structureBasisLabel(h),
          withInterval(h.structureR, ci?.structureR),
          withInterval(h.structureConcordance, ci?.structureConcordance),
          withInterval(h.structureRmse, ci?.structureRmse),
        ];
      }),
    ),
  );
  const within = results.headlines.filter((h) => h.structureBasis !== 'all');
  if (within.length > 0) {
    lines.push(
      "basis: within groups, combined by human group shares (partition) or equally (groups); all: pooled.",
    );
    const differing = within.filter(
      (h) => h.pooledStructureR !== null && h.structureR !== null && Math.abs(h.pooledStructureR - h.structureR) > POOLED_DIFFERENCE,
    );
    if (differing.length > 0) {
      lines.push(
        `pooled r (group ${ALL_GROUP}): ${differing.map((h) => `${h.condition} ${formatNumber(h.pooledStructureR)}`).join(', ')} — ` +
          "pooling groups creates structure (Simpson's paradox).",
      );
    }
  }
  const imputed = results.headlines.flatMap((h) => {
    const count = imputedPairs(results, h);
    return count > 0 ? [`${h.condition} ${count}`] : [];
  });
  if (imputed.length > 0) {
    lines.push(`pairs undefined for the model (constant answers), counted as correlation 0: ${imputed.join(', ')}.`);
  }
  return lines;
}

/** |pooled r − headline r| above which the summary prints the pooled r (the engine's warning threshold). */
const POOLED_DIFFERENCE = 0.1;

/** Item pairs imputed in the comparisons behind a structure headline (summed over its groups). */
function imputedPairs(results: RunResults, headline: Headline): number {
  const groups = headline.structureBasis === 'all' ? [ALL_GROUP] : headline.structureGroups;
  return results.structure.comparisons
    .filter((c) => c.condition === headline.condition && c.level === 'respondent' && c.method === headline.structureMethod && groups.includes(c.group))
    .reduce((sum, c) => sum + c.nPairsImputed, 0);
}

/** The run's headline table, intervals, baselines, paired differences, details, reversal sentence and warnings, as plain text. */
export function formatSummary(results: RunResults, resultsFile: string | undefined): string {
  const experiment = results.config.resolved;
  const humanGroup = results.groups.find((group) => group.name === ALL_GROUP);
  const lines: string[] = [];
  lines.push(`RepScope ${results.tool.version} · ${experiment.name}`);
  const weighting = experiment.human.weight.length > 0 ? `weighted by ${experiment.human.weight.join('*')}` : 'unweighted';
  lines.push(
    `human: ${humanGroup?.nHuman ?? 0} respondents (${weighting}) · ${results.items.length} items · ` +
      `${results.groups.length - 1} groups · ${results.conditions.length} conditions · ${(results.run.durationMs / 1000).toFixed(1)} s`,
  );
  lines.push('');
  const method = results.headlines[0]?.structureMethod ?? 'pearson';
  const inference = results.inference;
  const header = ['condition', 'n', 'marginal dist.', 'coverage', 'group-mean r'];
  if (inference) header.push('fidelity');
  lines.push(
    table(
      header,
      results.headlines.map((h) => {
        const ci = conditionInference(results, h.condition);
        const row = [
          h.condition,
          String(h.nRespondents),
          withInterval(h.marginalDistance, ci?.marginalDistance),
          formatNumber(h.marginalCoverage),
          withInterval(h.groupMeanR, ci?.groupMeanR),
        ];
        if (inference) row.push(withInterval(ci?.fidelity.estimate ?? null, ci?.fidelity));
        return row;
      }),
    ),
  );
  lines.push('');
  lines.push(...structureLines(results, method));
  if (inference) {
    const kind = inference.settings.interval === 'basic' ? 'basic' : 'percentile';
    lines.push(
      `[lower, upper]: ${Math.round(inference.settings.confidence * 100)}% ${kind} bootstrap intervals, ${inference.settings.replicates} replicates ` +
        `(${inference.settings.resampleHumans ? `model respondents resampled within groups, humans ${humanStrataText(experiment.headlineGroups)}` : 'model respondents resampled within groups; humans not resampled'}).`,
    );
    const floors = inference.conditions.filter((condition) => condition.marginalFloor !== null);
    if (floors.length > 0) {
      lines.push('');
      lines.push(
        table(
          ['condition', 'marginal dist.', 'noise floor', 'excess over floor'],
          floors.map((condition) => [
            condition.condition,
            formatNumber(condition.marginalDistance.estimate),
            formatNumber(condition.marginalFloor),
            withInterval(condition.marginalExcess.estimate, condition.marginalExcess),
          ]),
        ),
      );
      lines.push('noise floor: the distance a sample of the humans themselves would score at the same cell sizes; an excess interval that holds 0 means the model is indistinguishable from such a sample.');
    }
    for (const note of inference.notes) lines.push(`Note: ${note}`);
  }
  lines.push(...flaggedItemLines(results));
  if (inference) {
    if (inference.baselines) {
      const { uniform, independenceNull, splitHalfCeiling } = inference.baselines;
      lines.push('');
      lines.push(
        table(
          ['baseline', 'n', 'marginal dist.', `pooled structure r (${method})`],
          (
            [
              ['uniform responder', uniform],
              ['independence null', independenceNull],
              ['split-half ceiling', splitHalfCeiling],
            ] as [string, BaselineInference][]
          ).map(([name, b]) => [name, String(b.nRespondents), withInterval(b.marginalDistance.estimate, b.marginalDistance), withInterval(b.structureR.estimate, b.structureR)]),
        ),
      );
      lines.push('fidelity: (r − r_null) / (r_ceiling − r_null) on pooled r, 0 at the independence null, 1 at the human split-half ceiling.');
    }
    if (inference.pairs.length > 0) lines.push('', ...pairLines(inference));
  }
  const detailRows = results.headlines.map((h) => {
    const latent = results.structure.latent.find((l) => l.condition === h.condition && l.group === ALL_GROUP);
    const mantel = results.structure.mantel.find((m) => m.condition === h.condition && m.group === ALL_GROUP);
    const groupMantel = results.structure.mantel.filter((m) => m.condition === h.condition && h.structureGroups.includes(m.group) && m.pValue !== null);
    const map = results.culturalMap;
    const humanPoint = map?.points.find((p) => p.population === 'human' && p.group === ALL_GROUP);
    const modelPoint = map?.points.find((p) => p.population === h.condition && p.group === ALL_GROUP);
    const shift =
      humanPoint && modelPoint && humanPoint.traditionalSecular !== null && modelPoint.traditionalSecular !== null &&
      humanPoint.survivalSelfExpression !== null && modelPoint.survivalSelfExpression !== null
        ? Math.hypot(modelPoint.traditionalSecular - humanPoint.traditionalSecular, modelPoint.survivalSelfExpression - humanPoint.survivalSelfExpression)
        : null;
    return [
      h.condition,
      latent ? `${formatNumber(latent.overallCongruence, 2)} (${latent.components})` : '—',
      mantel?.pValue !== null && mantel?.pValue !== undefined ? formatNumber(mantel.pValue, 3) : '—',
      groupMantel.length > 0 ? `${groupMantel.filter((m) => m.pValue! < 0.05).length} of ${groupMantel.length}` : '—',
      formatNumber(shift, 2),
    ];
  });
  if (detailRows.some((row) => row.slice(1).some((cell) => cell !== '—'))) {
    lines.push('');
    lines.push(table(['condition', 'Tucker φ (components)', 'Mantel p', 'groups p < .05', 'cultural-map shift'], detailRows));
    lines.push(`Tucker φ, Mantel p, shift: pooled (group ${ALL_GROUP}); groups p < .05: Mantel tests within groups.`);
  }
  lines.push('');
  lines.push(
    `marginal dist.: equal-weight mean over ${results.marginals.commonItems.length} common items of normalised Wasserstein-1 (ordinal) / ` +
      `total variation (nominal), a cell with too few valid model answers at the worst value 1, ${basisDescription(results)}; lower is closer.`,
  );
  lines.push('coverage: share of the model respondents who gave a valid answer (refusals, unparseable and out-of-range replies are not).');
  lines.push('structure r: correlation between human and model item-by-item correlations; higher is closer.');
  lines.push("concordance: Lin's concordance of the same correlations; unlike r, lowered by inflation or shift.");
  if (detailRows.some((row) => row[1] !== '—')) {
    lines.push('Tucker φ: congruence of principal-component loadings after Procrustes alignment (>= .95 equal, >= .85 fair).');
  }
  const sentence = reversalSentence(results);
  if (sentence) lines.push('', sentence);
  if (results.warnings.length > 0) {
    lines.push('', `Warnings (${results.warnings.length}):`);
    for (const warning of results.warnings.slice(0, 12)) lines.push(`  - ${warning.message}`);
    if (results.warnings.length > 12) lines.push(`  ... and ${results.warnings.length - 12} more in the results file`);
  }
  if (resultsFile) lines.push('', `Results: ${resultsFile}`);
  return lines.join('\n');
}
