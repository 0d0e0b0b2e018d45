/**
 * The cultural-map step: Inglehart–Welzel positions of every population x group, on z-scales of
 * the weighted human respondents (culture/inglehartWelzel.ts has the indicators and the method).
 */
import {
  availableIndicators,
  CULTURAL_DIMENSIONS,
  indicatorValues,
  meanDimensionScore,
  MIN_INDICATORS_PER_DIMENSION,
  standardisation,
  type RespondentSource,
} from '../culture/inglehartWelzel';
import { MISSING_CATEGORY, type PreparedItem } from '../model/items';
import type { Population } from '../model/population';
import { ALL_GROUP, type CulturalMap, type CulturalMapPoint, type Warning } from '../results/types';

/** The Inglehart–Welzel positions of every population x group, human z-scales for all. */
export function computeCulturalMap(
  items: readonly PreparedItem[],
  human: Population,
  conditions: readonly Population[],
  groupNames: readonly string[],
  warnings: Warning[],
): CulturalMap | null {
  const itemIndex = new Map(items.map((item, index) => [item.id, index]));
  const indicators = availableIndicators(new Set(itemIndex.keys()));
  const enough =
    indicators.traditionalSecular.length >= MIN_INDICATORS_PER_DIMENSION &&
    indicators.survivalSelfExpression.length >= MIN_INDICATORS_PER_DIMENSION;
  if (!enough) return null;
  const sourceOf = (population: Population): RespondentSource => ({
    nRows: population.nRows,
    code: (row, item) => {
      const index = itemIndex.get(item)!;
      const category = population.columns[index]!.categories[row]!;
      return category === MISSING_CATEGORY ? Number.NaN : items[index]!.codes[category]!;
    },
    weight: (row) => (population.weights ? population.weights[row]! : 1),
  });
  const dimensions = ['traditionalSecular', 'survivalSelfExpression'] as const;
  const humanSource = sourceOf(human);
  const allHuman = human.groupRows.get(ALL_GROUP)!;
  const weightsOf = (source: RespondentSource, rows: Uint32Array) => Float64Array.from(rows, (row) => source.weight(row));
  const scales = dimensions.map((dimension) =>
    standardisation(indicatorValues(humanSource, indicators[dimension], allHuman), weightsOf(humanSource, allHuman), indicators[dimension].length),
  );
  const points: CulturalMapPoint[] = [];
  for (const population of [human, ...conditions]) {
    const source = population === human ? humanSource : sourceOf(population);
    for (const group of groupNames) {
      const rows = population.groupRows.get(group);
      if (!rows || rows.length === 0) continue;
      const weights = weightsOf(source, rows);
      const [traditional, survival] = dimensions.map((dimension, d) =>
        meanDimensionScore(indicatorValues(source, indicators[dimension], rows), weights, scales[d]!),
      ) as [{ score: number; n: number }, { score: number; n: number }];
      points.push({
        population: population.name,
        group,
        traditionalSecular: Number.isFinite(traditional.score) ? traditional.score : null,
        survivalSelfExpression: Number.isFinite(survival.score) ? survival.score : null,
        n: Math.min(traditional.n, survival.n),
      });
    }
  }
  const missing = dimensions.flatMap((dimension) =>
    CULTURAL_DIMENSIONS[dimension].filter((indicator) => !indicators[dimension].includes(indicator)).map((indicator) => indicator.id),
  );
  if (missing.length > 0) {
    warnings.push({
      code: 'culturalMapPartial',
      message: `cultural map drawn without ${missing.join(', ')} (their items are not in the experiment); the other indicators carry the dimensions`,
    });
  }
  return {
    indicators: {
      traditionalSecular: indicators.traditionalSecular.map((indicator) => indicator.id),
      survivalSelfExpression: indicators.survivalSelfExpression.map((indicator) => indicator.id),
    },
    method: 'mean of indicators z-scored on the weighted human respondents (equal-weight index approximating the Inglehart–Welzel factor scores)',
    points,
  };
}
