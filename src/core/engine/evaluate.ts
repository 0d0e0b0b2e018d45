/**
 * The evaluation pipeline: load the humans and every condition, then compare them item by item
 * (marginals) and pair by pair (correlation structure), place them on the cultural map, and
 * bound every headline by the bootstrap. Pure Node: the CLI, the editor's worker and the tests
 * all call `evaluateExperiment`. Each step lives in its own module with typed input and output.
 */
import type { ResolvedExperiment } from '../config/resolved';
import { computeInference, humanStrata, type InferenceResults } from '../inference';
import { missingPolicy, type PreparedItem } from '../model/items';
import type { Population } from '../model/population';
import { rowsWeight } from '../util/rowsWeight';
import {
  ALL_GROUP,
  RESULTS_SCHEMA_VERSION,
  type ConditionInfo,
  type GroupInfo,
  type InputFileInfo,
  type ItemInfo,
  type RunResults,
} from '../results/types';
import { hashFile } from '../util/hash';
import { TOOL_VERSION } from '../version';
import { loadConditions } from './conditions';
import { computeCulturalMap } from './culturalMap';
import { headlinesOf } from './headlines';
import { humanPopulation, loadHumanTable, prepareItems } from './humans';
import { compareMarginals } from './marginalComparison';
import type { MarginalPlan } from './marginalPlan';
import { ProgressTracker, type ProgressListener } from './progress';
import type { StepContext } from './step';
import { computeStructure } from './structure';

export interface EvaluateOptions {
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /** Worker threads for the correlation kernel; default: all cores. */
  threads?: number;
  /** Who ran it: `cli`, `vscode`, `test`. */
  host?: string;
}

function progressTracker(experiment: ResolvedExperiment, listener: ProgressListener | undefined): ProgressTracker {
  return new ProgressTracker(
    experiment.metrics.bootstrap > 0
      ? { 'load human': 10, 'load conditions': 5, marginals: 5, correlations: 15, bootstrap: 65 }
      : { 'load human': 30, 'load conditions': 15, marginals: 10, correlations: 45 },
    listener,
  );
}

export async function evaluateExperiment(experiment: ResolvedExperiment, options: EvaluateOptions = {}): Promise<RunResults> {
  const startedAt = new Date();
  const context: StepContext = {
    experiment,
    warnings: [],
    signal: options.signal,
    progress: progressTracker(experiment, options.onProgress),
    isMissingCode: missingPolicy(experiment),
    threads: options.threads,
  };
  const humanTable = await loadHumanTable(context);
  const prepared = prepareItems(context, humanTable);
  const human = humanPopulation(context, humanTable, prepared);
  const loaded = await loadConditions(context, prepared.items);
  const conditions = loaded.populations;
  const groupNames = [ALL_GROUP, ...experiment.groups.map((group) => group.name)];
  const marginals = compareMarginals(context, prepared.items, human, conditions, groupNames);
  const structure = await computeStructure({
    experiment,
    items: prepared.items,
    human,
    conditions,
    humanTallies: marginals.humanTally,
    warnings: context.warnings,
    signal: context.signal,
    threads: context.threads,
    onProgress: (fraction, message) => context.progress.report('correlations', fraction, message),
  });
  const culturalMap = computeCulturalMap(prepared.items, human, conditions, groupNames, context.warnings);
  const inference = await bootstrap(context, prepared.items, human, conditions, loaded.infos, marginals.plan);
  const headlines = headlinesOf(experiment, conditions, loaded.infos, marginals.plan, marginals.aggregates, structure, context.warnings);
  const humanInput: InputFileInfo = {
    role: 'human',
    path: humanTable.table.file,
    sha256: humanTable.table.sha256,
    bytes: humanTable.table.bytes,
    rows: humanTable.table.nRows,
  };
  const inputs = [humanInput, ...loaded.inputs, ...(await codebookInputs(experiment))];
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
    items: itemInfos(prepared.items),
    groups: groupInfos(experiment, human, conditions, groupNames),
    conditions: loaded.infos,
    headlines,
    marginals: {
      cells: marginals.cells,
      aggregates: marginals.aggregates,
      commonItems: marginals.plan.commonItems.map((index) => prepared.items[index]!.id),
      excludedItems: marginals.plan.excludedItems,
      groupWeights: marginals.plan.groupWeights,
      groupWeighting: marginals.plan.groupWeighting,
    },
    structure,
    inference,
    culturalMap,
    warnings: context.warnings,
  };
}

/** Bootstrap intervals, paired differences and baselines; null when `metrics.bootstrap` is 0 or nothing is compared. */
async function bootstrap(
  context: StepContext,
  items: readonly PreparedItem[],
  human: Population,
  conditions: readonly Population[],
  conditionInfos: readonly ConditionInfo[],
  marginalPlan: MarginalPlan,
): Promise<InferenceResults | null> {
  const { experiment } = context;
  if (experiment.metrics.bootstrap <= 0 || conditions.length === 0) return null;
  if (experiment.metrics.resampleHumans) warnAboutOverlappingStrata(context, human);
  return computeInference(
    { experiment, items, human, conditions, conditionInfos, marginalPlan },
    { replicates: experiment.metrics.bootstrap, resampleHumans: experiment.metrics.resampleHumans, seed: experiment.seed },
    {
      ...(context.signal ? { signal: context.signal } : {}),
      ...(context.threads !== undefined ? { threads: context.threads } : {}),
      onProgress: (fraction) => context.progress.report('bootstrap', fraction, `${experiment.metrics.bootstrap} replicates`),
    },
  );
}

/** The headline groups are the humans' resampling strata; a respondent in two of them is resampled within the first. */
function warnAboutOverlappingStrata(context: StepContext, human: Population): void {
  const { headlineGroups } = context.experiment;
  const rows = headlineGroups.map((name) => human.groupRows.get(name) ?? null);
  const { overlapping } = humanStrata(context.experiment, headlineGroups, rows, human.nRows);
  if (overlapping === 0) return;
  context.warnings.push({
    code: 'headlineGroupsOverlap',
    message:
      `headlineGroups overlap: ${overlapping} human respondent(s) are in more than one of ${headlineGroups.join(', ')}; ` +
      'the bootstrap resamples each within the first group listed that contains it',
  });
}

function itemInfos(items: readonly PreparedItem[]): ItemInfo[] {
  return items.map((item) => ({
    id: item.id,
    label: item.label,
    scale: item.scale,
    scaleInferred: item.scaleInferred,
    codes: item.codes,
    optionLabels: item.optionLabels,
  }));
}

function groupInfos(experiment: ResolvedExperiment, human: Population, conditions: readonly Population[], groupNames: readonly string[]): GroupInfo[] {
  return groupNames.map((name) => {
    const rows = human.groupRows.get(name)!;
    const weightHuman = rowsWeight(human.weights, rows);
    const nByCondition: Record<string, number> = {};
    for (const condition of conditions) nByCondition[condition.name] = condition.groupRows.get(name)?.length ?? 0;
    const definition = experiment.groups.find((group) => group.name === name);
    const info: GroupInfo = { name, nHuman: rows.length, weightHuman, nByCondition };
    if (definition?.description !== undefined) info.description = definition.description;
    return info;
  });
}

async function codebookInputs(experiment: ResolvedExperiment): Promise<InputFileInfo[]> {
  if (!experiment.codebook) return [];
  const codebook = await hashFile(experiment.codebook.file);
  return [{ role: 'codebook', path: experiment.codebook.file, sha256: codebook.sha256, bytes: codebook.bytes }];
}
