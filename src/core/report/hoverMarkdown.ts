/**
 * What the editor shows when hovering a name in a config: an item's human and model answer
 * distributions and how far apart they are, a group's or a condition's scores, each with a link
 * to the same place in the results panel. Pure: results and a config symbol in, Markdown out
 * (no editor API), so the text is unit-tested and the editor's provider stays thin.
 */
import { COMMANDS } from '../commandIds';
import { ItemExpander } from '../config/resolve';
import type { ConfigSymbol } from '../config/symbols';
import type { CorrelationMethod } from '../config/resolved';
import { conditionInference, itemDistanceInterval } from '../results/inference';
import {
  ALL_GROUP,
  type Headline,
  type ItemInfo,
  type MarginalAggregate,
  type MarginalCell,
  type MatrixComparison,
  type RunResults,
} from '../results/types';
import { escapeMarkdown, formatNumber, formatPercent, inlineCode, marginalBasisLabel, runIdTime, withInterval } from './format';

/** The commands the hover's links run; the editor enables exactly these in hovers. */
export const OPEN_RESULTS_COMMAND = COMMANDS.openResults;
export const RUN_EVALUATION_COMMAND = COMMANDS.runEvaluation;

/** Where in the results panel a link lands. */
export interface PanelPlace {
  item?: string;
  group?: string;
  condition?: string;
}

export interface HoverContext {
  /** The results file the numbers come from (the link opens it). */
  resultsFile: string;
  /** `itemSets` of the hovered config, to expand `@set` entries and set names. */
  itemSets?: Readonly<Record<string, readonly string[]>>;
  /** True when the config was edited after the run, so the numbers may not match the text. */
  stale?: boolean;
  /** `svg`: a small bar chart as a data-URI image (default); `bars`: Unicode block bars only. */
  chart?: 'svg' | 'bars';
}

/** Colours that read on light and dark themes (an image cannot follow the theme). */
export const HUMAN_COLOR = '#8c8c8c';
export const CONDITION_COLORS: readonly string[] = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#b07aa1', '#76b7b2', '#edc948', '#ff9da7', '#9c755f'];

/** At most this many rows in a hover's list of items (a range can name hundreds). */
const MAX_ITEM_ROWS = 15;

/** `command:` URI opening the results panel at a place. Arguments are a JSON array, URI-encoded. */
export function openResultsCommandUri(resultsFile: string, place: PanelPlace = {}): string {
  return `command:${OPEN_RESULTS_COMMAND}?${encodeURIComponent(JSON.stringify([resultsFile, place]))}`;
}

/** `command:` URI running a config. */
export function runEvaluationCommandUri(configFile: string): string {
  return `command:${RUN_EVALUATION_COMMAND}?${encodeURIComponent(JSON.stringify([configFile]))}`;
}

const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/**
 * One Unicode block per category, scaled to `max` (default: the largest share), e.g. `█▂▁▁`.
 * A category with no mass is a space-width thin block so the positions stay aligned.
 */
export function blockBars(distribution: readonly number[], max = Math.max(...distribution)): string {
  if (!(max > 0)) return distribution.map(() => BLOCKS[0]).join('');
  return distribution
    .map((share) => {
      const level = Math.round((Math.max(0, share) / max) * (BLOCKS.length - 1));
      return BLOCKS[Math.min(BLOCKS.length - 1, level)];
    })
    .join('');
}

export interface ChartSeries {
  name: string;
  color: string;
  /** Share per category, in `codes` order; null when the population has no valid answer. */
  distribution: readonly number[] | null;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * A small grouped bar chart (one group of bars per answer code, one bar per population) as SVG
 * text. Bar heights share one scale so populations compare directly.
 */
export function distributionChartSvg(codes: readonly number[], series: readonly ChartSeries[]): string {
  const barGap = 1;
  const groupGap = 6;
  // Bars as wide as fit in about 240 px, between 3 and 10 px.
  const slots = Math.max(1, codes.length * series.length);
  const barWidth = Math.min(10, Math.max(3, Math.floor((240 - (codes.length - 1) * groupGap) / slots) - barGap));
  const plotHeight = 56;
  const legendHeight = 14;
  const labelHeight = 12;
  const groupWidth = series.length * (barWidth + barGap) - barGap;
  const plotWidth = codes.length * (groupWidth + groupGap) - groupGap;
  const legendEntryWidth = (name: string) => 11 + Math.ceil(name.length * 5.6) + 10;
  const legendWidth = series.reduce((width, each) => width + legendEntryWidth(each.name), 0);
  const width = Math.max(plotWidth, legendWidth, 120) + 4;
  const height = legendHeight + plotHeight + labelHeight;
  const max = Math.max(0, ...series.flatMap((each) => each.distribution ?? []));
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="10">`);
  let x = 2;
  for (const each of series) {
    parts.push(`<rect x="${x}" y="3" width="8" height="8" fill="${each.color}"/>`);
    parts.push(`<text x="${x + 11}" y="11" fill="#888">${escapeXml(each.name)}</text>`);
    x += legendEntryWidth(each.name);
  }
  const baseline = legendHeight + plotHeight;
  codes.forEach((code, codeIndex) => {
    const groupX = 2 + codeIndex * (groupWidth + groupGap);
    series.forEach((each, seriesIndex) => {
      const share = each.distribution?.[codeIndex] ?? 0;
      const barHeight = max > 0 ? Math.max(share > 0 ? 1 : 0, (share / max) * (plotHeight - 2)) : 0;
      const barX = groupX + seriesIndex * (barWidth + barGap);
      parts.push(`<rect x="${barX}" y="${(baseline - barHeight).toFixed(1)}" width="${barWidth}" height="${barHeight.toFixed(1)}" fill="${each.color}"/>`);
    });
    parts.push(`<text x="${groupX + groupWidth / 2}" y="${baseline + 10}" fill="#888" text-anchor="middle">${code}</text>`);
  });
  parts.push(`<line x1="0" y1="${baseline + 0.5}" x2="${width}" y2="${baseline + 0.5}" stroke="#888" stroke-width="0.5"/>`);
  parts.push('</svg>');
  return parts.join('');
}

/** Markdown image of the chart, with the numbers in its alt text for screen readers. */
export function distributionChartMarkdown(item: ItemInfo, series: readonly ChartSeries[]): string {
  const svg = distributionChartSvg(item.codes, series);
  const alt = series
    .map((each) => `${each.name} ${each.distribution ? each.distribution.map((share) => formatPercent(share)).join(' ') : 'no answers'}`)
    .join('; ');
  const base64 = Buffer.from(svg, 'utf8').toString('base64');
  return `![${escapeMarkdown(`${item.id} by code ${item.codes.join(' ')}: ${alt}`)}](data:image/svg+xml;base64,${base64})`;
}

// ---- reading results ----

/** The first correlation method of the run: the one headlines and hovers report. */
function primaryMethod(results: RunResults): CorrelationMethod | undefined {
  return results.headlines.find((headline) => headline.structureMethod !== null)?.structureMethod ?? results.config.resolved.metrics.correlation[0];
}

function comparison(results: RunResults, condition: string, group: string, method: CorrelationMethod | undefined): MatrixComparison | undefined {
  return results.structure.comparisons.find(
    (each) => each.condition === condition && each.group === group && each.level === 'respondent' && each.method === method,
  );
}

function cellOf(results: RunResults, item: string, group: string, condition: string): MarginalCell | undefined {
  return results.marginals.cells.find((cell) => cell.item === item && cell.group === group && cell.condition === condition);
}

function aggregateOf(results: RunResults, group: string, condition: string): MarginalAggregate | undefined {
  return results.marginals.aggregates.find((each) => each.group === group && each.condition === condition);
}

function conditionColor(index: number): string {
  return CONDITION_COLORS[index % CONDITION_COLORS.length] ?? '#4e79a7';
}

function scaleText(item: ItemInfo): string {
  const scale = item.scale;
  const inferred = item.scaleInferred ? ' (inferred from the data)' : '';
  if (scale.type === 'ordinal') return `ordinal ${scale.min}–${scale.max}${inferred}`;
  return `${scale.type} ${scale.codes.join(', ')}${inferred}`;
}

function tableRow(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function tableHeader(cells: readonly string[], alignRight: readonly boolean[]): string {
  return `${tableRow(cells)}\n${tableRow(cells.map((_, index) => (alignRight[index] ? '---:' : '---')))}`;
}

function runLine(results: RunResults, context: HoverContext): string {
  const stale = context.stale ? ' · *the config changed since this run*' : '';
  return `*run ${escapeMarkdown(runIdTime(results.run.id))}*${stale}`;
}

function footer(context: HoverContext, place: PanelPlace): string {
  return `[Open in panel](${openResultsCommandUri(context.resultsFile, place)})`;
}

// ---- items ----

/** Item ids a symbol stands for: an id, a range's ids, a set's (recursively expanded) ids, a scale's id. */
export function itemIdsOfSymbol(symbol: ConfigSymbol, itemSets: Readonly<Record<string, readonly string[]>> = {}): string[] {
  const expander = new ItemExpander(itemSets, () => undefined);
  switch (symbol.kind) {
    case 'scale':
      return [symbol.name];
    case 'itemSet':
      return expander.expand(`@${symbol.name}`, symbol.path).map((item) => item.id);
    case 'itemEntry':
      return expander.expand(symbol.name, symbol.path).map((item) => item.id);
    default:
      return [];
  }
}

function missingItemText(results: RunResults, id: string): string {
  const dropped = results.warnings.find((warning) => warning.code === 'itemDropped' && warning.item === id);
  if (dropped) return `${inlineCode(id)} was dropped from the last run: ${escapeMarkdown(dropped.message)}`;
  return `${inlineCode(id)} is not in the last run (added to the config since?); run the evaluation again to see its numbers.`;
}

function singleItemMarkdown(results: RunResults, item: ItemInfo, context: HoverContext): string {
  const lines: string[] = [];
  lines.push(`**${escapeMarkdown(item.id)}** · ${escapeMarkdown(item.label)}  `);
  lines.push(`${escapeMarkdown(scaleText(item))} · group ${inlineCode(ALL_GROUP)} · ${runLine(results, context)}`);
  lines.push('');

  const humanCell = results.conditions.map((condition) => cellOf(results, item.id, ALL_GROUP, condition.name)).find((cell) => cell !== undefined);
  const series: ChartSeries[] = [{ name: 'human', color: HUMAN_COLOR, distribution: humanCell?.human.distribution ?? null }];
  results.conditions.forEach((condition, index) => {
    const cell = cellOf(results, item.id, ALL_GROUP, condition.name);
    series.push({ name: condition.name, color: conditionColor(index), distribution: cell?.model.distribution ?? null });
  });
  // The image already shows the answers; Unicode bars stand in for it when it is left out.
  const withBars = (context.chart ?? 'svg') === 'bars';
  if (!withBars) {
    lines.push(distributionChartMarkdown(item, series));
    lines.push('');
  }

  const method = primaryMethod(results);
  const structureIndex = results.structure.items.indexOf(item.id);
  const max = Math.max(0, ...series.flatMap((each) => each.distribution ?? []));
  // W1 is defined on ordinal items only: elsewhere the column would be all dashes.
  const ordinal = item.scale.type === 'ordinal';
  const columns: { header: string; right: boolean; shown: boolean }[] = [
    { header: '', right: false, shown: true },
    { header: 'answers', right: false, shown: withBars },
    { header: 'n', right: true, shown: true },
    { header: 'distance', right: true, shown: true },
    { header: 'W1', right: true, shown: ordinal },
    { header: 'TV', right: true, shown: true },
    { header: 'JSD', right: true, shown: true },
    { header: 'Hellinger', right: true, shown: true },
    { header: `corr. row error${method ? ` (${method})` : ''}`, right: true, shown: true },
  ];
  const pick = (cells: string[]) => cells.filter((_, index) => columns[index]?.shown);
  const shownColumns = columns.filter((column) => column.shown);
  lines.push(tableHeader(shownColumns.map((column) => column.header), shownColumns.map((column) => column.right)));
  lines.push(
    tableRow(
      pick([
        'human',
        humanCell?.human.distribution ? blockBars(humanCell.human.distribution, max) : '—',
        humanCell ? String(humanCell.human.nValid) : '—',
        '',
        '',
        '',
        '',
        '',
        '',
      ]),
    ),
  );
  const flags: string[] = [];
  let anyInterval = false;
  for (const condition of results.conditions) {
    const cell = cellOf(results, item.id, ALL_GROUP, condition.name);
    const interval = itemDistanceInterval(results, condition.name, item.id);
    if (interval) anyInterval = true;
    const rowError = structureIndex >= 0 ? comparison(results, condition.name, ALL_GROUP, method)?.itemRowError[structureIndex] : undefined;
    lines.push(
      tableRow(
        pick([
          escapeMarkdown(condition.name),
          cell?.model.distribution ? blockBars(cell.model.distribution, max) : '—',
          cell ? String(cell.model.nValid) : '—',
          withInterval(cell?.distance ?? null, interval),
          formatNumber(cell?.wasserstein),
          formatNumber(cell?.totalVariation),
          formatNumber(cell?.jensenShannon),
          formatNumber(cell?.hellinger),
          structureIndex >= 0 ? formatNumber(rowError) : 'n/a',
        ]),
      ),
    );
    if (!cell) continue;
    const name = escapeMarkdown(condition.name);
    if (cell.varianceCollapsed) flags.push(`${name}: variance collapsed (model/human variance ${formatNumber(cell.varianceRatio, 2)})`);
    if (cell.modeCollapsed) flags.push(`${name}: mode collapsed (${formatPercent(cell.modeShare)} give one answer)`);
    if (cell.invalidShare !== null && cell.invalidShare >= results.config.resolved.metrics.invalidShareWarning) {
      flags.push(`${name}: ${formatPercent(cell.invalidShare)} invalid answers`);
    }
    if (cell.note) flags.push(`${name}: ${escapeMarkdown(cell.note)}`);
  }
  lines.push('');
  const notes = [
    'distance: W1/(max−min) on ordinal items, TV otherwise; lower is closer',
    'corr. row error: RMSE of this item’s correlations with every other item, model vs human',
  ];
  if (anyInterval) notes.push('[ ]: bootstrap interval');
  if (structureIndex < 0) notes.push(`${item.scale.type} items are left out of the correlation structure`);
  lines.push(`*${notes.join(' · ')}*`);
  if (flags.length > 0) {
    lines.push('');
    for (const flag of flags) lines.push(`- ⚠ ${flag}`);
  }
  return lines.join('\n');
}

function itemListMarkdown(results: RunResults, title: string, ids: readonly string[], context: HoverContext): string {
  const lines: string[] = [];
  lines.push(`**${title}** · ${ids.length} item${ids.length === 1 ? '' : 's'} · group ${inlineCode(ALL_GROUP)} · ${runLine(results, context)}`);
  lines.push('');
  const conditions = results.conditions.map((condition) => condition.name);
  lines.push(tableHeader(['item', 'label', ...conditions.map(escapeMarkdown)], [false, false, ...conditions.map(() => true)]));
  const missing: string[] = [];
  let shown = 0;
  for (const id of ids) {
    const item = results.items.find((each) => each.id === id);
    if (!item) {
      missing.push(id);
      continue;
    }
    if (shown >= MAX_ITEM_ROWS) continue;
    shown++;
    const distances = conditions.map((condition) => formatNumber(cellOf(results, id, ALL_GROUP, condition)?.distance));
    lines.push(tableRow([escapeMarkdown(id), escapeMarkdown(item.label), ...distances]));
  }
  const found = ids.length - missing.length;
  lines.push('');
  const notes = ['marginal distance per condition (W1/(max−min) or TV; lower is closer)'];
  if (found > shown) notes.push(`${found - shown} more in the panel`);
  lines.push(`*${notes.join(' · ')}*`);
  if (missing.length > 0) {
    lines.push('');
    lines.push(`Not in the last run: ${missing.slice(0, 10).map(inlineCode).join(', ')}${missing.length > 10 ? ` and ${missing.length - 10} more` : ''}`);
  }
  return lines.join('\n');
}

// ---- groups and conditions ----

function groupMarkdown(results: RunResults, name: string, context: HoverContext): string {
  const group = results.groups.find((each) => each.name === name);
  if (!group) return `Group ${inlineCode(name)} is not in the last run (added to the config since?); run the evaluation again to see its scores.`;
  const lines: string[] = [];
  const description = group.description ? ` · ${escapeMarkdown(group.description)}` : '';
  lines.push(`**Group ${escapeMarkdown(name)}**${description}  `);
  const weighted = Math.abs(group.weightHuman - group.nHuman) > 1e-9 ? ` (weight ${group.weightHuman.toFixed(1)})` : '';
  const simulated = Object.entries(group.nByCondition)
    .map(([condition, n]) => `${escapeMarkdown(condition)} ${n}`)
    .join(' · ');
  lines.push(`human ${group.nHuman}${weighted}${simulated ? ` · ${simulated}` : ''} · ${runLine(results, context)}`);
  lines.push('');
  const method = primaryMethod(results);
  lines.push(
    tableHeader(
      ['condition', 'marginal distance', 'items', 'collapsed (var/mode)', `structure r${method ? ` (${method})` : ''}`, 'concordance', 'RMSE'],
      [false, true, true, true, true, true, true],
    ),
  );
  for (const condition of results.conditions) {
    const aggregate = aggregateOf(results, name, condition.name);
    const structure = comparison(results, condition.name, name, method);
    lines.push(
      tableRow([
        escapeMarkdown(condition.name),
        formatNumber(aggregate?.distance),
        aggregate ? String(aggregate.nItems) : '—',
        aggregate ? `${aggregate.varianceCollapsedItems} / ${aggregate.modeCollapsedItems}` : '—',
        formatNumber(structure?.r),
        formatNumber(structure?.concordance),
        formatNumber(structure?.rmse),
      ]),
    );
  }
  const warnings = results.warnings.filter((warning) => warning.group === name);
  if (warnings.length > 0) {
    lines.push('');
    for (const warning of warnings.slice(0, 3)) lines.push(`- ⚠ ${escapeMarkdown(warning.message)}`);
    if (warnings.length > 3) lines.push(`- … ${warnings.length - 3} more warnings in the panel`);
  }
  return lines.join('\n');
}

/** What a condition's structure headline is computed on, in a few words. */
function structureBasisText(headline: Headline | undefined): string {
  if (!headline || headline.structureBasis === 'all') return 'all respondents';
  const groups = headline.structureGroups.length;
  return headline.structureBasis === 'partition' ? `within ${groups} groups, by human shares` : `within ${groups} groups, equal weights`;
}

function conditionMarkdown(results: RunResults, name: string, context: HoverContext): string {
  const condition = results.conditions.find((each) => each.name === name);
  if (!condition) return `Condition ${inlineCode(name)} is not in the last run (added to the config since?); run the evaluation again to see its scores.`;
  const headline = results.headlines.find((each) => each.condition === name);
  const lines: string[] = [];
  const description = condition.description ? ` · ${escapeMarkdown(condition.description)}` : '';
  lines.push(`**Condition ${escapeMarkdown(name)}**${description}  `);
  const assignment = { tag: 'groups by tag', rules: 'groups by rules', none: 'no groups' }[condition.groupAssignment];
  lines.push(`${condition.nRespondents} simulated respondents · ${condition.format} · ${assignment} · ${runLine(results, context)}`);
  lines.push('');
  const method = headline?.structureMethod ?? primaryMethod(results);
  const latent = results.structure.latent.find((each) => each.condition === name && each.group === ALL_GROUP);
  const mantel = results.structure.mantel.find((each) => each.condition === name && each.group === ALL_GROUP);
  const basis = headline?.marginalBasis === 'all' || !headline ? 'all respondents' : marginalBasisLabel(headline.marginalBasis);
  const structureBasis = structureBasisText(headline);
  const intervals = conditionInference(results, name);
  lines.push(tableHeader(['score', intervals ? 'value [bootstrap interval]' : 'value'], [false, true]));
  lines.push(tableRow([`marginal distance (${basis}; lower is closer)`, withInterval(headline?.marginalDistance ?? null, intervals?.marginalDistance)]));
  lines.push(
    tableRow([`structure r${method ? ` (${method})` : ''} (${structureBasis}; higher is closer)`, withInterval(headline?.structureR ?? null, intervals?.structureR)]),
  );
  lines.push(tableRow(["structure concordance (Lin's; scale-sensitive)", withInterval(headline?.structureConcordance ?? null, intervals?.structureConcordance)]));
  lines.push(tableRow(['structure RMSE', withInterval(headline?.structureRmse ?? null, intervals?.structureRmse)]));
  if (headline && headline.structureBasis !== 'all') lines.push(tableRow([`pooled structure r (group ${ALL_GROUP})`, formatNumber(headline.pooledStructureR)]));
  lines.push(tableRow(['group-mean r', withInterval(headline?.groupMeanR ?? null, intervals?.groupMeanR)]));
  const fidelity = intervals?.fidelity;
  if (fidelity && fidelity.estimate !== null) lines.push(tableRow(['fidelity (0 = null, 1 = split-half ceiling)', withInterval(fidelity.estimate, fidelity)]));
  if (latent) lines.push(tableRow([`latent congruence (${latent.components} components, pooled)`, formatNumber(latent.overallCongruence)]));
  if (mantel && mantel.pValue !== null) lines.push(tableRow([`Mantel p (${mantel.permutations} permutations, pooled)`, formatNumber(mantel.pValue)]));
  const worst = results.marginals.cells
    .filter((cell) => cell.condition === name && cell.group === ALL_GROUP && cell.distance !== null)
    .sort((a, b) => (b.distance ?? 0) - (a.distance ?? 0))
    .slice(0, 3);
  if (worst.length > 0) {
    lines.push('');
    lines.push(`Farthest items: ${worst.map((cell) => `${escapeMarkdown(cell.item)} ${formatNumber(cell.distance)}`).join(' · ')}`);
  }
  const warnings = results.warnings.filter((warning) => warning.condition === name);
  if (warnings.length > 0) lines.push('', `⚠ ${warnings.length} warning${warnings.length === 1 ? '' : 's'} about this condition (see the panel)`);
  return lines.join('\n');
}

/**
 * The hover text for a config symbol, from a run's results. Items show their distributions and
 * divergences, ranges and sets a table of their items, groups and conditions their scores; every
 * hover ends with a link to the same place in the results panel.
 */
export function hoverMarkdown(results: RunResults, symbol: ConfigSymbol, context: HoverContext): string {
  switch (symbol.kind) {
    case 'group':
      return `${groupMarkdown(results, symbol.name, context)}\n\n${footer(context, { group: symbol.name })}`;
    case 'condition':
      return `${conditionMarkdown(results, symbol.name, context)}\n\n${footer(context, { condition: symbol.name })}`;
    case 'scale':
    case 'itemSet':
    case 'itemEntry': {
      if (symbol.kind === 'itemEntry' && symbol.entry?.kind === 'invalid') return escapeMarkdown(symbol.entry.reason);
      const ids = itemIdsOfSymbol(symbol, context.itemSets);
      if (ids.length === 1 && ids[0] !== undefined) {
        const item = results.items.find((each) => each.id === ids[0]);
        if (!item) return missingItemText(results, ids[0]);
        return `${singleItemMarkdown(results, item, context)}\n\n${footer(context, { item: item.id })}`;
      }
      const title = symbol.kind === 'itemSet' ? `Item set @${escapeMarkdown(symbol.name)}` : escapeMarkdown(symbol.name);
      if (ids.length === 0) return `${title}: no items (an empty or unknown set).`;
      return `${itemListMarkdown(results, title, ids, context)}\n\n${footer(context, {})}`;
    }
  }
}

/** The hover when the config has no run yet: how to make one. */
export function noRunHoverMarkdown(symbol: ConfigSymbol, configFile: string): string {
  const what = { itemEntry: 'item', itemSet: 'item set', scale: 'item', group: 'group', condition: 'condition' }[symbol.kind];
  return [
    `**${escapeMarkdown(symbol.name)}** (${what}) · no run of this config yet`,
    '',
    `[▶ Run the evaluation](${runEvaluationCommandUri(configFile)}) (or *RepScope: Run Evaluation*, or \`repscope run <config>\` in a terminal) to see its numbers here.`,
  ].join('\n');
}
