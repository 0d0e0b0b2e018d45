/**
 * A side-by-side summary of two runs as a Markdown document: what changed in the inputs, each
 * condition's headline numbers in both runs and the change, and the items whose marginal distance
 * moved most. Pure: two results in, text out.
 */
import { ALL_GROUP, type Headline, type RunResults } from '../results/types';
import { escapeMarkdown, formatDelta, formatNumber, runIdTime } from './format';

export interface ComparedRun {
  results: RunResults;
  /** Where the results file is, shown in the document. */
  resultsFile: string;
}

const MAX_MOVED_ITEMS = 10;

function headlineOf(results: RunResults, condition: string): Headline | undefined {
  return results.headlines.find((headline) => headline.condition === condition);
}

function inputChanges(before: RunResults, after: RunResults): string[] {
  const key = (input: RunResults['inputs'][number]) => `${input.role}:${input.name ?? ''}`;
  const beforeInputs = new Map(before.inputs.map((input) => [key(input), input]));
  const afterInputs = new Map(after.inputs.map((input) => [key(input), input]));
  const lines: string[] = [];
  for (const [name, input] of afterInputs) {
    const label = input.role === 'condition' ? `condition ${input.name ?? ''} (${input.path})` : `${input.role} file (${input.path})`;
    const previous = beforeInputs.get(name);
    if (!previous) lines.push(`- added: ${escapeMarkdown(label)}`);
    else if (previous.sha256 !== input.sha256) lines.push(`- changed: ${escapeMarkdown(label)}`);
  }
  for (const [name, input] of beforeInputs) {
    if (!afterInputs.has(name)) lines.push(`- removed: ${escapeMarkdown(input.role === 'condition' ? `condition ${input.name ?? ''}` : `${input.role} file`)}`);
  }
  if (before.config.sha256 !== after.config.sha256) lines.unshift('- the config file changed');
  if (before.seed !== after.seed) lines.push(`- seed ${before.seed} → ${after.seed}`);
  if (before.tool.version !== after.tool.version) lines.push(`- RepScope ${before.tool.version} → ${after.tool.version}`);
  return lines;
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/**
 * The comparison document. `before` is the baseline; changes are `after − before`. Marginal
 * distance is better when it falls, structure r when it rises.
 */
export function compareRunsMarkdown(before: ComparedRun, after: ComparedRun): string {
  const a = before.results;
  const b = after.results;
  const lines: string[] = [];
  lines.push(`# RepScope: ${escapeMarkdown(b.config.resolved.name)}`);
  lines.push('');
  lines.push(`- **A**: run ${escapeMarkdown(runIdTime(a.run.id))} (${escapeMarkdown(before.resultsFile)})`);
  lines.push(`- **B**: run ${escapeMarkdown(runIdTime(b.run.id))} (${escapeMarkdown(after.resultsFile)})`);
  if (a.config.path !== b.config.path) lines.push(`- the runs come from different configs: ${escapeMarkdown(a.config.path)} and ${escapeMarkdown(b.config.path)}`);
  lines.push('');

  lines.push('## What changed between the runs');
  lines.push('');
  const changes = inputChanges(a, b);
  lines.push(...(changes.length > 0 ? changes : ['- nothing: same config, inputs, seed and version (differences below are noise or none)']));
  lines.push('');

  lines.push('## Headlines (B − A)');
  lines.push('');
  lines.push(row(['condition', 'marginal distance A', 'B', 'B − A', 'structure r A', 'B', 'B − A', 'group-mean r A', 'B', 'B − A']));
  lines.push(row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']));
  const conditions = [...new Set([...a.headlines.map((h) => h.condition), ...b.headlines.map((h) => h.condition)])];
  for (const condition of conditions) {
    const x = headlineOf(a, condition);
    const y = headlineOf(b, condition);
    lines.push(
      row([
        escapeMarkdown(condition),
        formatNumber(x?.marginalDistance),
        formatNumber(y?.marginalDistance),
        formatDelta(x?.marginalDistance, y?.marginalDistance),
        formatNumber(x?.structureR),
        formatNumber(y?.structureR),
        formatDelta(x?.structureR, y?.structureR),
        formatNumber(x?.groupMeanR),
        formatNumber(y?.groupMeanR),
        formatDelta(x?.groupMeanR, y?.groupMeanR),
      ]),
    );
  }
  lines.push('');
  lines.push('Marginal distance: lower is closer to the humans. Structure r and group-mean r: higher is closer.');
  lines.push('');

  const moved: { condition: string; item: string; before: number; after: number }[] = [];
  for (const cell of b.marginals.cells) {
    if (cell.group !== ALL_GROUP || cell.distance === null) continue;
    const previous = a.marginals.cells.find((each) => each.group === ALL_GROUP && each.item === cell.item && each.condition === cell.condition);
    if (!previous || previous.distance === null) continue;
    moved.push({ condition: cell.condition, item: cell.item, before: previous.distance, after: cell.distance });
  }
  moved.sort((x, y) => Math.abs(y.after - y.before) - Math.abs(x.after - x.before));
  const top = moved.slice(0, MAX_MOVED_ITEMS).filter((each) => each.after !== each.before);
  if (top.length > 0) {
    lines.push(`## Items whose marginal distance moved most (group ${ALL_GROUP})`);
    lines.push('');
    lines.push(row(['condition', 'item', 'A', 'B', 'B − A']));
    lines.push(row(['---', '---', '---:', '---:', '---:']));
    for (const each of top) {
      lines.push(row([escapeMarkdown(each.condition), escapeMarkdown(each.item), formatNumber(each.before), formatNumber(each.after), formatDelta(each.before, each.after)]));
    }
    lines.push('');
  }
  return lines.join('\n');
}
