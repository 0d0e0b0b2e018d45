/**
 * The evaluation: loads the human file and every condition, then compares them item by item
 * (marginals) and pair by pair (correlation structure). Pure Node: the CLI, the editor's worker
 * and the tests all call `evaluateExperiment`.
 */
import type { ColumnRule, ResolvedExperiment, ResolvedGroup, ResolvedItem } from '../config/resolved';
import { loadCondition, type RespondentTable } from '../data/conditions';
import { loadDelimited } from '../data/loadTable';
import type { ColumnRequest, LoadedColumn, LoadedTable } from '../data/types';
import { InputError, throwIfAborted } from '../errors';
import {
  ALL_GROUP,
  HUMAN_POPULATION,
  RESULTS_SCHEMA_VERSION,
  type ConditionInfo,
  type CulturalMap,
  type CulturalMapPoint,
  type GroupInfo,
  type Headline,
  type InputFileInfo,
  type ItemInfo,
  type MarginalAggregate,
  type MarginalCell,
  type RunResults,
  type Warning,
} from '../results/types';
import {
  availableIndicators,
  CULTURAL_DIMENSIONS,
  indicatorValues,
  meanDimensionScore,
  MIN_INDICATORS_PER_DIMENSION,
  standardisation,
  type RespondentSource,
} from '../culture/inglehartWelzel';
import { categorize, inferScale, MISSING_CATEGORY, missingPolicy, prepareItem, type CategorizedColumn, type PreparedItem } from './items';
import { aggregateCells, compareCell, tallyCell, type CellTally } from './marginals';
import { ProgressTracker, type ProgressListener } from './progress';
import { matchAll } from './rules';
import { computeStructure } from './structure';
import { computeInference, type InferenceResults } from '../inference';
import { hashFile } from '../util/hash';
import { TOOL_VERSION } from '../version';

export interface EvaluateOptions {
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /** Worker threads for the correlation kernel; default: all cores. */
  threads?: number;
  /** Who ran it: `cli`, `vscode`, `test`. */
  host?: string;
}

/** A population's respondents after loading: categorised items and who stands for which group. */
export interface Population {
  name: string;
  nRows: number;
  /** Categorised answers per prepared item (same order as the prepared items). */
  columns: CategorizedColumn[];
  weights: Float64Array | undefined;
  /** Row lists: `all` and each group with respondents. */
  groupRows: Map<string, Uint32Array>;
}

function rowsOf(mask: Uint8Array): Uint32Array {
  let count = 0;
  for (let row = 0; row < mask.length; row++) count += mask[row]!;
  const rows = new Uint32Array(count);
  let next = 0;
  for (let row = 0; row < mask.length; row++) if (mask[row]) rows[next++] = row;
  return rows;
}

function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

function labelLookup(item: ResolvedItem): Map<string, number> {
  const lookup = new Map<string, number>();
  for (const [code, text] of Object.entries(item.optionLabels)) lookup.set(text.trim().toLowerCase(), Number(code));
  return lookup;
}

function ruleColumnsOf(rules: readonly ColumnRule[]): string[] {
  return unique(rules.map((rule) => rule.column));
}

/** Multiplies the weight columns; a missing or negative weight on a kept row is the user's to fix. */
function humanWeights(experiment: ResolvedExperiment, table: LoadedTable, keep: Uint8Array): Float64Array | undefined {
  if (experiment.human.weight.length === 0) return undefined;
  const weights = new Float64Array(table.nRows).fill(1);
  for (const name of experiment.human.weight) {
    const column = table.columns.get(name);
    if (!column || column.kind !== 'number') throw new Error(`evaluate: weight column ${name} was not loaded as numbers`);
    const values = column.values;
    for (let row = 0; row < table.nRows; row++) {
      if (!keep[row]) continue;
      const value = values[row]!;
      if (!Number.isFinite(value) || value < 0) {
        throw new InputError(
          { file: table.file, line: table.rowLines[row], field: column.header },
          `weight ${name} is ${Number.isNaN(value) ? 'missing' : value} for this respondent; weights must be numbers >= 0 (filter such rows out or fix the file)`,
        );
      }
      weights[row]! *= value;
    }
  }
  return weights;
}

function describeGroups(groups: readonly ResolvedGroup[]): string[] {
  return groups.map((group) => group.name);
}

/** Assigns a condition's respondents to groups: by its tag column, by the group rules, or not at all. */
function conditionGroupRows(
  table: RespondentTable,
  groups: readonly ResolvedGroup[],
  conditionName: string,
  warnings: Warning[],
  isMissingCode: (code: number) => boolean,
): { rows: Map<string, Uint32Array>; assignment: ConditionInfo['groupAssignment'] } {
  const rows = new Map<string, Uint32Array>();
  const all = new Uint32Array(table.nRows);
  for (let row = 0; row < table.nRows; row++) all[row] = row;
  rows.set(ALL_GROUP, all);
  if (table.group) {
    const tag = table.group;
    const known = new Set(describeGroups(groups));
    const unknownTags = tag.dictionary.filter((entry) => !known.has(entry) && entry !== ALL_GROUP);
    if (unknownTags.length > 0) {
      warnings.push({
        code: 'unknownGroupTag',
        condition: conditionName,
        message: `${conditionName}: group tags ${unknownTags.slice(0, 5).join(', ')}${unknownTags.length > 5 ? ', ...' : ''} name no group of the config; those respondents count only in "${ALL_GROUP}"`,
      });
    }
    for (const group of groups) {
      const entry = tag.dictionary.indexOf(group.name);
      if (entry < 0) continue;
      const mask = new Uint8Array(table.nRows);
      for (let row = 0; row < table.nRows; row++) if (tag.codes[row] === entry) mask[row] = 1;
      rows.set(group.name, rowsOf(mask));
    }
    return { rows, assignment: 'tag' };
  }
  const columnOf = (name: string): LoadedColumn | undefined => {
    const column = table.columns.get(name);
    if (column) return column;
    const values = table.items.get(name);
    return values ? { kind: 'code', name, header: name, fieldIndex: -1, values } : undefined;
  };
  const ruleColumns = ruleColumnsOf(groups.flatMap((group) => group.rules));
  if (groups.length === 0 || !ruleColumns.every((name) => columnOf(name))) return { rows, assignment: 'none' };
  for (const group of groups) {
    const mask = matchAll(group.rules, (name) => columnOf(name)!, table.nRows, isMissingCode);
    rows.set(group.name, rowsOf(mask));
  }
  return { rows, assignment: 'rules' };
}

export async function evaluateExperiment(experiment: ResolvedExperiment, options: EvaluateOptions = {}): Promise<RunResults> {
  const startedAt = new Date();
  const { signal } = options;
  const progress = new ProgressTracker(
    experiment.metrics.bootstrap > 0
      ? { 'load human': 10, 'load conditions': 5, marginals: 5, correlations: 15, bootstrap: 65 }
      : { 'load human': 30, 'load conditions': 15, marginals: 10, correlations: 45 },
    options.onProgress,
  );
  const warnings: Warning[] = [];
  const isMissingCode = missingPolicy(experiment);
  const itemIds = new Set(experiment.items.map((item) => item.id));

  // --- Human data -------------------------------------------------------------------------
  progress.report('load human', 0, `reading ${experiment.human.file}`);
  const filterColumns = ruleColumnsOf(experiment.human.filters);
  const groupColumns = ruleColumnsOf(experiment.groups.flatMap((group) => group.rules));
  const textColumns = unique([...filterColumns, ...groupColumns]).filter(
    (name) => !itemIds.has(name) && !experiment.human.weight.includes(name),
  );
  const requests: ColumnRequest[] = [
    ...experiment.items.map((item): ColumnRequest => ({ name: item.id, kind: 'code', labels: labelLookup(item) })),
    ...experiment.human.weight.map((name): ColumnRequest => ({ name, kind: 'number' })),
    ...textColumns.map((name): ColumnRequest => ({ name, kind: 'text' })),
  ];
  const human = await loadDelimited(experiment.human.file, {
    columns: requests,
    onText: 'error',
    signal,
    onProgress: (p) => progress.report('load human', p.totalBytes > 0 ? p.bytesRead / p.totalBytes : 0),
  });
  const humanColumn = (name: string): LoadedColumn => {
    const column = human.columns.get(name);
    if (!column) throw new Error(`evaluate: column ${name} was not loaded`);
    return column;
  };
  const keep = matchAll(experiment.human.filters, humanColumn, human.nRows, isMissingCode);
  const keptRows = rowsOf(keep);
  if (keptRows.length === 0) {
    throw new InputError(
      { file: experiment.configFile, field: 'human.filter' },
      `no respondent of ${experiment.human.file} passes the filter (${human.nRows} rows read)`,
    );
  }
  const weights = humanWeights(experiment, human, keep);

  // --- Items and scales -------------------------------------------------------------------
  const prepared: PreparedItem[] = [];
  const humanColumns: CategorizedColumn[] = [];
  for (const item of experiment.items) {
    const column = humanColumn(item.id);
    if (column.kind !== 'code') throw new Error(`evaluate: item ${item.id} was not loaded as codes`);
    let scale = item.scale;
    let inferred = false;
    if (!scale) {
      scale = inferScale(column.values, keep, isMissingCode);
      inferred = true;
      if (!scale) {
        warnings.push({ code: 'itemDropped', item: item.id, message: `${item.id}: no scale in the codebook or config and no valid answer in the data to infer one; dropped` });
        continue;
      }
      warnings.push({
        code: 'scaleInferred',
        item: item.id,
        message: `${item.id}: no scale in the codebook or config; treated as ordinal ${scale.type === 'ordinal' ? `${scale.min}..${scale.max}` : ''} from the data (declare it to be sure)`,
      });
    }
    const preparedItem = prepareItem(item, scale, inferred);
    const categorized = categorize(column.values, preparedItem, isMissingCode, 'human');
    let valid = 0;
    for (let index = 0; index < keptRows.length; index++) if (categorized.categories[keptRows[index]!] !== 255) valid++;
    if (valid === 0) {
      warnings.push({ code: 'itemDropped', item: item.id, message: `${item.id}: no valid human answer after filters and missing codes; dropped` });
      continue;
    }
    const outside = categorized.missingKeys.indexOf('outsideScale');
    if (outside >= 0) {
      let count = 0;
      for (let index = 0; index < keptRows.length; index++) {
        const row = keptRows[index]!;
        if (categorized.categories[row] === 255 && categorized.missingKind[row] === outside) count++;
      }
      if (count > 0) {
        warnings.push({
          code: 'codeOutsideScale',
          item: item.id,
          message: `${item.id}: ${count} human answers are outside the scale ${preparedItem.codes[0]}..${preparedItem.codes[preparedItem.codes.length - 1]} and not missing codes; counted as missing (check the codebook)`,
        });
      }
    }
    prepared.push(preparedItem);
    humanColumns.push(categorized);
  }
  if (prepared.length === 0) {
    throw new InputError({ file: experiment.configFile, field: 'items' }, 'no item is left to evaluate (see the warnings above)');
  }
  throwIfAborted(signal);

  // --- Human groups -----------------------------------------------------------------------
  const humanGroupRows = new Map<string, Uint32Array>([[ALL_GROUP, keptRows]]);
  for (const group of experiment.groups) {
    const mask = matchAll(group.rules, humanColumn, human.nRows, isMissingCode);
    for (let row = 0; row < mask.length; row++) mask[row]! &= keep[row]!;
    const rows = rowsOf(mask);
    if (rows.length === 0) {
      warnings.push({ code: 'groupEmpty', group: group.name, message: `group ${group.name}: no human respondent matches its rules after filters` });
    }
    humanGroupRows.set(group.name, rows);
  }
  progress.report('load human', 1);
  const humanPopulation: Population = {
    name: HUMAN_POPULATION,
    nRows: human.nRows,
    columns: humanColumns,
    weights,
    groupRows: humanGroupRows,
  };

  // --- Conditions -------------------------------------------------------------------------
  const inputs: InputFileInfo[] = [
    { role: 'human', path: human.file, sha256: human.sha256, bytes: human.bytes, rows: human.nRows },
  ];
  const conditions: Population[] = [];
  const conditionInfos: ConditionInfo[] = [];
  const preparedAsResolved: ResolvedItem[] = prepared.map((item) => ({
    id: item.id,
    label: item.label,
    scale: item.scale,
    optionLabels: item.optionLabels,
  }));
  for (const [index, condition] of experiment.conditions.entries()) {
    const share = 1 / Math.max(1, experiment.conditions.length);
    const table = await loadCondition(condition, preparedAsResolved, groupColumns, {
      signal,
      onProgress: (p) => progress.report('load conditions', share * (index + (p.totalBytes > 0 ? p.bytesRead / p.totalBytes : 0))),
    });
    inputs.push({ role: 'condition', name: condition.name, path: table.file, sha256: table.sha256, bytes: table.bytes, rows: table.nRows });
    if (table.ignoredItems.length > 0) {
      warnings.push({
        code: 'ignoredItems',
        condition: condition.name,
        message: `${condition.name}: ${table.ignoredItems.length} item(s) in ${condition.file} are not in the experiment and were ignored (${table.ignoredItems.slice(0, 8).join(', ')}${table.ignoredItems.length > 8 ? ', ...' : ''})`,
      });
    }
    const columns = prepared.map((item) => {
      const values = table.items.get(item.id);
      if (!values) throw new Error(`evaluate: condition ${condition.name} has no column for ${item.id}`);
      return categorize(values, item, isMissingCode, 'model');
    });
    const { rows, assignment } = conditionGroupRows(table, experiment.groups, condition.name, warnings, isMissingCode);
    conditions.push({ name: condition.name, nRows: table.nRows, columns, weights: undefined, groupRows: rows });
    const info: ConditionInfo = {
      name: condition.name,
      file: condition.file,
      format: condition.format,
      nRespondents: table.nRows,
      groupAssignment: assignment,
    };
    if (condition.description !== undefined) info.description = condition.description;
    conditionInfos.push(info);
  }
  progress.report('load conditions', 1);
  throwIfAborted(signal);

  // --- Marginals --------------------------------------------------------------------------
  const groupNames = [ALL_GROUP, ...experiment.groups.map((group) => group.name)];
  const cells: MarginalCell[] = [];
  const humanTallies = new Map<string, CellTally>();
  const tallyKey = (itemIndex: number, group: string) => `${itemIndex}\u0000${group}`;
  for (const [itemIndex, item] of prepared.entries()) {
    for (const group of groupNames) {
      const rows = humanGroupRows.get(group)!;
      const humanTally = tallyCell(humanColumns[itemIndex]!, item, rows, weights);
      humanTallies.set(tallyKey(itemIndex, group), humanTally);
      for (const condition of conditions) {
        const modelRows = condition.groupRows.get(group);
        if (!modelRows || (modelRows.length === 0 && group !== ALL_GROUP)) continue;
        const modelTally = tallyCell(condition.columns[itemIndex]!, item, modelRows, undefined);
        cells.push(compareCell(item, group, condition.name, humanTally, modelTally, experiment.metrics));
      }
    }
    progress.report('marginals', (itemIndex + 1) / prepared.length);
    if (itemIndex % 16 === 15) throwIfAborted(signal);
  }
  const aggregates: MarginalAggregate[] = [];
  for (const condition of conditions) {
    for (const group of groupNames) {
      const groupCells = cells.filter((cell) => cell.condition === condition.name && cell.group === group);
      if (groupCells.length === 0) continue;
      aggregates.push(aggregateCells(condition.name, group, groupCells, experiment.metrics.invalidShareWarning));
    }
  }
  for (const aggregate of aggregates) {
    if (aggregate.group !== ALL_GROUP) continue;
    for (const item of aggregate.flaggedInvalidItems) {
      const cell = cells.find((c) => c.condition === aggregate.condition && c.group === ALL_GROUP && c.item === item);
      warnings.push({
        code: 'invalidShareHigh',
        condition: aggregate.condition,
        item,
        message: `${aggregate.condition}: ${(100 * (cell?.invalidShare ?? 0)).toFixed(1)}% of the model's answers to ${item} are refusals, unparseable or out of range (threshold ${(100 * experiment.metrics.invalidShareWarning).toFixed(0)}%)`,
      });
    }
  }
  const tooSmall = cells.filter((cell) => cell.note !== undefined);
  if (tooSmall.length > 0) {
    const example = tooSmall[0]!;
    warnings.push({
      code: 'cellTooSmall',
      message: `${tooSmall.length} item x group x condition cell(s) were not scored: too few valid answers (e.g. ${example.item} / ${example.group} / ${example.condition}: ${example.note})`,
    });
  }
  throwIfAborted(signal);

  // --- Correlation structure --------------------------------------------------------------
  const structure = await computeStructure({
    experiment,
    items: prepared,
    human: humanPopulation,
    conditions,
    humanTallies: (itemIndex, group) => humanTallies.get(tallyKey(itemIndex, group)),
    warnings,
    signal,
    threads: options.threads,
    onProgress: (fraction, message) => progress.report('correlations', fraction, message),
  });

  const culturalMap = computeCulturalMap(prepared, humanPopulation, conditions, groupNames, warnings);

  // --- Bootstrap intervals, paired differences and baselines ---------------------------------
  let inference: InferenceResults | null = null;
  if (experiment.metrics.bootstrap > 0 && conditions.length > 0) {
    inference = await computeInference(
      { experiment, items: prepared, human: humanPopulation, conditions, conditionInfos },
      { replicates: experiment.metrics.bootstrap, resampleHumans: experiment.metrics.resampleHumans, seed: experiment.seed },
      {
        ...(signal ? { signal } : {}),
        ...(options.threads !== undefined ? { threads: options.threads } : {}),
        onProgress: (fraction) => progress.report('bootstrap', fraction, `${experiment.metrics.bootstrap} replicates`),
      },
    );
  }

  // --- Headlines and the results document ---------------------------------------------------
  const headlines: Headline[] = conditions.map((condition, index) => {
    const conditionAggregates = aggregates.filter((aggregate) => aggregate.condition === condition.name);
    const groupAggregates = conditionAggregates.filter((aggregate) => aggregate.group !== ALL_GROUP && aggregate.distance !== null);
    const assignment = conditionInfos[index]!.groupAssignment;
    let marginalDistance: number | null = null;
    let marginalBasis: Headline['marginalBasis'] = 'all';
    if (assignment !== 'none' && groupAggregates.length > 0) {
      let weighted = 0;
      let weightSum = 0;
      for (const aggregate of groupAggregates) {
        const size = condition.groupRows.get(aggregate.group)?.length ?? 0;
        weighted += aggregate.distance! * size;
        weightSum += size;
      }
      marginalDistance = weightSum > 0 ? weighted / weightSum : null;
      marginalBasis = 'groups';
    } else {
      marginalDistance = conditionAggregates.find((aggregate) => aggregate.group === ALL_GROUP)?.distance ?? null;
    }
    const method = experiment.metrics.correlation[0] ?? null;
    const respondentAll = structure.comparisons.find(
      (c) => c.condition === condition.name && c.group === ALL_GROUP && c.level === 'respondent' && c.method === method,
    );
    const groupMean = structure.comparisons.find((c) => c.condition === condition.name && c.level === 'groupMean');
    return {
      condition: condition.name,
      marginalDistance,
      marginalBasis,
      structureR: respondentAll?.r ?? null,
      structureRmse: respondentAll?.rmse ?? null,
      structureMethod: method,
      groupMeanR: groupMean?.r ?? null,
      nRespondents: condition.nRows,
    };
  });

  const items: ItemInfo[] = prepared.map((item) => ({
    id: item.id,
    label: item.label,
    scale: item.scale,
    scaleInferred: item.scaleInferred,
    codes: item.codes,
    optionLabels: item.optionLabels,
  }));
  const groups: GroupInfo[] = groupNames.map((name) => {
    const rows = humanGroupRows.get(name)!;
    let weightHuman = rows.length;
    if (weights) {
      weightHuman = 0;
      for (let index = 0; index < rows.length; index++) weightHuman += weights[rows[index]!]!;
    }
    const nByCondition: Record<string, number> = {};
    for (const condition of conditions) nByCondition[condition.name] = condition.groupRows.get(name)?.length ?? 0;
    const definition = experiment.groups.find((group) => group.name === name);
    const info: GroupInfo = { name, nHuman: rows.length, weightHuman, nByCondition };
    if (definition?.description !== undefined) info.description = definition.description;
    return info;
  });
  if (experiment.codebook) {
    const codebook = await hashFile(experiment.codebook.file);
    inputs.push({ role: 'codebook', path: experiment.codebook.file, sha256: codebook.sha256, bytes: codebook.bytes });
  }
  const finishedAt = new Date();
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    tool: { name: 'repscope', version: TOOL_VERSION },
    run: {
      id: '',
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      host: options.host ?? 'cli',
    },
    config: { path: experiment.configFile, sha256: experiment.configHash, resolved: experiment },
    inputs,
    seed: experiment.seed,
    items,
    groups,
    conditions: conditionInfos,
    headlines,
    marginals: { cells, aggregates },
    structure,
    inference,
    culturalMap,
    warnings,
  };
}

/** The Inglehart–Welzel positions of every population x group, human z-scales for all. */
function computeCulturalMap(
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
