/** The human-readable summary the CLI prints after a run and the editor writes to its log. Pure: results in, text out. */
import { conditionInference, type BaselineInference } from '../results/inference';
import { ALL_GROUP, type Headline, type RunResults } from '../results/types';
import { formatNumber, withInterval } from './format';
import { reversalSentence } from './reversal';

function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
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
  const header = ['condition', 'n', 'marginal dist.', 'group-mean r'];
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
    lines.push(`[lower, upper]: ${Math.round(inference.settings.confidence * 100)}% percentile bootstrap intervals, ${inference.settings.replicates} replicates${inference.settings.resampleHumans ? ' (humans resampled too)' : ' (model respondents resampled within groups)'}.`);
    for (const note of inference.notes) lines.push(`Note: ${note}`);
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
    if (inference.pairs.length > 0) {
      lines.push('');
      lines.push(
        table(
          ['difference (A − B)', 'marginal dist.', 'structure r', 'concordance'],
          inference.pairs.map((pair) => [
            `${pair.conditionA} − ${pair.conditionB}`,
            `${withInterval(pair.marginalDistance.estimate, pair.marginalDistance)}${pair.marginalDistance.excludesZero ? ' *' : ''}`,
            `${withInterval(pair.structureR.estimate, pair.structureR)}${pair.structureR.excludesZero ? ' *' : ''}`,
            `${withInterval(pair.structureConcordance.estimate, pair.structureConcordance)}${pair.structureConcordance.excludesZero ? ' *' : ''}`,
          ]),
        ),
      );
      lines.push('* the interval excludes 0 (paired bootstrap, same resamples for both conditions).');
    }
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
  lines.push('marginal dist.: mean normalised Wasserstein-1 (ordinal) / total variation (nominal); lower is closer.');
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
