/**
 * The model side of an evaluation: load each condition's simulated respondents, categorise their
 * answers on the human items' scales, and say which group each respondent stands for.
 */
import type { ResolvedGroup, ResolvedItem } from '../config/resolved';
import { loadCondition, type RespondentTable } from '../data/conditions';
import type { LoadedColumn } from '../data/types';
import { throwIfAborted } from '../errors';
import { categorize, type PreparedItem } from '../model/items';
import type { Population } from '../model/population';
import { ALL_GROUP, type ConditionInfo, type InputFileInfo, type Warning } from '../results/types';
import { matchAll } from '../model/rules';
import { rowsOf, ruleColumnsOf, type StepContext } from './step';

export interface LoadedConditions {
  /** In config order. */
  populations: Population[];
  infos: ConditionInfo[];
  /** One entry per condition file, in config order. */
  inputs: InputFileInfo[];
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
    const known = new Set(groups.map((group) => group.name));
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

/** Loads every condition in config order, reporting progress across all of them. */
export async function loadConditions(context: StepContext, items: readonly PreparedItem[]): Promise<LoadedConditions> {
  const { experiment, warnings, signal, progress, isMissingCode } = context;
  const groupColumns = ruleColumnsOf(experiment.groups.flatMap((group) => group.rules));
  const asResolved: ResolvedItem[] = items.map((item) => ({
    id: item.id,
    label: item.label,
    scale: item.scale,
    optionLabels: item.optionLabels,
  }));
  const loaded: LoadedConditions = { populations: [], infos: [], inputs: [] };
  const share = 1 / Math.max(1, experiment.conditions.length);
  for (const [index, condition] of experiment.conditions.entries()) {
    const table = await loadCondition(condition, asResolved, groupColumns, {
      signal,
      onProgress: (p) => progress.report('load conditions', share * (index + (p.totalBytes > 0 ? p.bytesRead / p.totalBytes : 0))),
    });
    loaded.inputs.push({ role: 'condition', name: condition.name, path: table.file, sha256: table.sha256, bytes: table.bytes, rows: table.nRows });
    if (table.ignoredItems.length > 0) {
      warnings.push({
        code: 'ignoredItems',
        condition: condition.name,
        message: `${condition.name}: ${table.ignoredItems.length} item(s) in ${condition.file} are not in the experiment and were ignored (${table.ignoredItems.slice(0, 8).join(', ')}${table.ignoredItems.length > 8 ? ', ...' : ''})`,
      });
    }
    const columns = items.map((item) => {
      const values = table.items.get(item.id);
      if (!values) throw new Error(`evaluate: condition ${condition.name} has no column for ${item.id}`);
      return categorize(values, item, isMissingCode, 'model');
    });
    const { rows, assignment } = conditionGroupRows(table, experiment.groups, condition.name, warnings, isMissingCode);
    loaded.populations.push({ name: condition.name, nRows: table.nRows, columns, weights: undefined, groupRows: rows });
    const info: ConditionInfo = {
      name: condition.name,
      file: condition.file,
      format: condition.format,
      nRespondents: table.nRows,
      groupAssignment: assignment,
    };
    if (condition.description !== undefined) info.description = condition.description;
    loaded.infos.push(info);
  }
  progress.report('load conditions', 1);
  throwIfAborted(signal);
  return loaded;
}
