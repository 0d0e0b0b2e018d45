/**
 * The marginal step: every item x group x condition cell compared (engine/marginals.ts), the
 * per condition x group aggregates, and the warnings about invalid answers and unscored cells.
 */
import { throwIfAborted } from '../errors';
import type { PreparedItem } from '../model/items';
import type { Population } from '../model/population';
import { ALL_GROUP, type MarginalAggregate, type MarginalCell } from '../results/types';
import { testItemCells } from './itemTests';
import { aggregateCells, compareCell, tallyCell, type CellTally } from './marginals';
import { marginalPlan, type MarginalPlan } from './marginalPlan';
import type { StepContext } from './step';

export interface MarginalComparison {
  cells: MarginalCell[];
  aggregates: MarginalAggregate[];
  plan: MarginalPlan;
  /** The human tally of an item (by index) in a group, kept for the group-mean level. */
  humanTally: (itemIndex: number, group: string) => CellTally | undefined;
}

export function compareMarginals(
  context: StepContext,
  items: readonly PreparedItem[],
  human: Population,
  conditions: readonly Population[],
  groupNames: readonly string[],
): MarginalComparison {
  const { experiment, signal, progress } = context;
  const cells: MarginalCell[] = [];
  const humanTallies = new Map<string, CellTally>();
  const tallyKey = (itemIndex: number, group: string) => `${itemIndex}\u0000${group}`;
  for (const [itemIndex, item] of items.entries()) {
    for (const group of groupNames) {
      const rows = human.groupRows.get(group)!;
      const humanTally = tallyCell(human.columns[itemIndex]!, item, rows, human.weights);
      humanTallies.set(tallyKey(itemIndex, group), humanTally);
      for (const condition of conditions) {
        const modelRows = condition.groupRows.get(group);
        if (!modelRows || (modelRows.length === 0 && group !== ALL_GROUP)) continue;
        const modelTally = tallyCell(condition.columns[itemIndex]!, item, modelRows, undefined);
        cells.push(compareCell(item, group, condition.name, humanTally, modelTally, experiment.metrics));
      }
    }
    progress.report('marginals', (itemIndex + 1) / items.length);
    if (itemIndex % 16 === 15) throwIfAborted(signal);
  }
  testItemCells(cells, items, human, experiment.metrics);
  const humanTally = (itemIndex: number, group: string) => humanTallies.get(tallyKey(itemIndex, group));
  const plan = marginalPlan(experiment, items, human, humanTally);
  const common = new Set(plan.commonItems.map((index) => items[index]!.id));
  const ordinal = new Set(items.filter((item) => item.scale.type === 'ordinal').map((item) => item.id));
  const aggregates: MarginalAggregate[] = [];
  for (const condition of conditions) {
    for (const group of groupNames) {
      const groupCells = cells.filter((cell) => cell.condition === condition.name && cell.group === group && common.has(cell.item));
      if (groupCells.length === 0) continue;
      aggregates.push(aggregateCells(condition.name, group, groupCells, ordinal, experiment.metrics.invalidShareWarning));
    }
  }
  warnAboutInvalidShares(context, cells, aggregates);
  warnAboutExcludedItems(context, plan);
  warnAboutUnscoredCells(context, cells);
  throwIfAborted(signal);
  return { cells, aggregates, plan, humanTally };
}

function warnAboutExcludedItems(context: StepContext, plan: MarginalPlan): void {
  if (plan.excludedItems.length === 0) return;
  const example = plan.excludedItems[0]!;
  context.warnings.push({
    code: 'itemsOutsideCommonSet',
    message: `${plan.excludedItems.length} item(s) are left out of every condition's headline distance, so all are scored on one item set (e.g. ${example.item}: ${example.reason}); their cells are still compared`,
  });
}

function warnAboutInvalidShares(context: StepContext, cells: readonly MarginalCell[], aggregates: readonly MarginalAggregate[]): void {
  const threshold = context.experiment.metrics.invalidShareWarning;
  for (const aggregate of aggregates) {
    if (aggregate.group !== ALL_GROUP) continue;
    for (const item of aggregate.flaggedInvalidItems) {
      const cell = cells.find((c) => c.condition === aggregate.condition && c.group === ALL_GROUP && c.item === item);
      context.warnings.push({
        code: 'invalidShareHigh',
        condition: aggregate.condition,
        item,
        message: `${aggregate.condition}: ${(100 * (cell?.invalidShare ?? 0)).toFixed(1)}% of the model's answers to ${item} are refusals, unparseable or out of range (threshold ${(100 * threshold).toFixed(0)}%)`,
      });
    }
  }
}

function warnAboutUnscoredCells(context: StepContext, cells: readonly MarginalCell[]): void {
  const atWorst = cells.filter((cell) => cell.scoredAtWorst);
  if (atWorst.length > 0) {
    const example = atWorst[0]!;
    context.warnings.push({
      code: 'cellScoredAtWorst',
      condition: example.condition,
      message: `${atWorst.length} item x group x condition cell(s) have too few valid model answers to compare and count at the worst distance 1 (e.g. ${example.item} / ${example.group} / ${example.condition}: ${example.note})`,
    });
  }
  const tooSmall = cells.filter((cell) => cell.note !== undefined && !cell.scoredAtWorst);
  if (tooSmall.length === 0) return;
  const example = tooSmall[0]!;
  context.warnings.push({
    code: 'cellTooSmall',
    message: `${tooSmall.length} item x group x condition cell(s) were not scored: too few valid human answers (e.g. ${example.item} / ${example.group} / ${example.condition}: ${example.note})`,
  });
}
