/**
 * The overview: one row per condition with its marginal distance (lower is closer) beside its
 * structure r (higher is closer), so a reversal of the two rankings is visible at a glance. With
 * an inference section, each estimate carries its bootstrap interval, structure r sits on the
 * band from the independence null to the split-half ceiling, and the paired differences between
 * conditions get their own row. When the run places populations on the Inglehart–Welzel cultural
 * map, a last panel draws each population × group there, with a line from every group's human
 * point to each condition's point for the same group.
 */
import type { TopLevelSpec } from 'vega-lite/build/index';
import type { NonNormalizedSpec } from 'vega-lite/build/spec/index';
import { marginalBasisLabel } from '../report/format';
import { reversalSentence } from '../report/reversal';
import { conditionInference, PAIRED_MEASURES, type InferenceResults, type PairedMeasure } from '../results/inference';
import { ALL_GROUP, HUMAN_POPULATION, type CulturalMap, type RunResults } from '../results/types';
import { vegaLiteConfig } from './config';
import { wrapText } from './labels';
import { conditionColours, DEFAULT_WIDTH, resolveSelection, selectionParams, round, type ChartOptions, type LayerChild } from './model';
import type { ChartTheme } from './theme';

export interface OverviewRow {
  condition: string;
  description: string;
  nRespondents: number;
  marginalDistance: number | null;
  marginalLower: number | null;
  marginalUpper: number | null;
  marginalBasis: string;
  /** Answer coverage (share of valid model answers), co-primary with the distance. */
  coverage: number | null;
  /** What a sample of the humans would score at the same cell sizes, and the distance above it. */
  noiseFloor: number | null;
  excess: number | null;
  structureR: number | null;
  structureLower: number | null;
  structureUpper: number | null;
  structureRmse: number | null;
  structureConcordance: number | null;
  structureMethod: string;
  /** `within 2 groups (partition)`, `pooled` ... */
  structureBasis: string;
  groupMeanR: number | null;
  fidelity: number | null;
  fidelityLower: number | null;
  fidelityUpper: number | null;
  mantelP: number | null;
  congruence: number | null;
}

export interface BaselineRow {
  nullR: number | null;
  ceilingR: number | null;
  ceilingLower: number | null;
  ceilingUpper: number | null;
}

export interface PairRow {
  pair: string;
  measure: string;
  difference: number | null;
  lower: number | null;
  upper: number | null;
}

export interface CulturalMapRow {
  population: string;
  group: string;
  traditionalSecular: number;
  survivalSelfExpression: number;
  n: number;
}

/** A line on the cultural map from a group's human point to a condition's point for that group. */
export interface CulturalMapLinkRow {
  population: string;
  group: string;
  humanTraditionalSecular: number;
  humanSurvivalSelfExpression: number;
  traditionalSecular: number;
  survivalSelfExpression: number;
}

/**
 * Display names of the paired measures, in display order (the facet's sort). The bootstrap pairs
 * five of them (PAIRED_MEASURES); mean |Δr| and fidelity have a place ready should it pair them.
 */
const MEASURE_NAMES = {
  marginalDistance: 'marginal distance',
  structureR: 'structure r',
  structureRmse: 'structure RMSE',
  structureConcordance: 'structure concordance',
  structureMad: 'structure mean |Δr|',
  groupMeanR: 'group-mean r',
  fidelity: 'fidelity',
} as const satisfies Record<PairedMeasure | 'structureMad' | 'fidelity', string>;

const NO_INTERVAL = { estimate: null, lower: null, upper: null };

/** One row per headline: its numbers, its bootstrap intervals when the run has them, Mantel p and congruence. */
export function overviewRows(results: RunResults): OverviewRow[] {
  return results.headlines.map((headline) => {
    const intervals = conditionInference(results, headline.condition);
    const marginal = intervals?.marginalDistance ?? NO_INTERVAL;
    const structure = intervals?.structureR ?? NO_INTERVAL;
    const fidelity = intervals?.fidelity ?? NO_INTERVAL;
    const info = results.conditions.find((condition) => condition.name === headline.condition);
    const mantel = results.structure.mantel.find((entry) => entry.condition === headline.condition && entry.group === ALL_GROUP && entry.method === headline.structureMethod);
    const latent = results.structure.latent.find(
      (entry) => entry.condition === headline.condition && entry.group === ALL_GROUP && entry.method === headline.structureMethod,
    );
    return {
      condition: headline.condition,
      description: info?.description ?? '',
      nRespondents: headline.nRespondents,
      marginalDistance: round(headline.marginalDistance),
      marginalLower: round(marginal.lower),
      marginalUpper: round(marginal.upper),
      marginalBasis: headline.marginalBasis === 'all' ? 'whole population' : marginalBasisLabel(headline.marginalBasis),
      coverage: round(headline.marginalCoverage),
      noiseFloor: round(intervals?.marginalFloor ?? null),
      excess: round(intervals?.marginalExcess.estimate ?? null),
      structureR: round(headline.structureR),
      structureLower: round(structure.lower),
      structureUpper: round(structure.upper),
      structureRmse: round(headline.structureRmse),
      structureConcordance: round(headline.structureConcordance),
      structureMethod: headline.structureMethod ?? '',
      structureBasis: headline.structureBasis === 'all' ? 'pooled' : `within ${headline.structureGroups.length} groups (${headline.structureBasis})`,
      groupMeanR: round(headline.groupMeanR),
      fidelity: round(fidelity.estimate),
      fidelityLower: round(fidelity.lower),
      fidelityUpper: round(fidelity.upper),
      mantelP: round(mantel?.pValue ?? null),
      congruence: round(latent?.overallCongruence ?? null),
    };
  });
}

/** Every pair × measure with an estimate, pairs in condition order, measures in the bootstrap's order. */
export function pairRows(inference: InferenceResults | null | undefined): PairRow[] {
  return (inference?.pairs ?? []).flatMap((pair) =>
    PAIRED_MEASURES.map((measure) => ({ measure, difference: pair[measure] }))
      .filter(({ difference }) => difference.estimate !== null)
      .map(({ measure, difference }) => ({
        pair: `${pair.conditionA} − ${pair.conditionB}`,
        measure: MEASURE_NAMES[measure],
        difference: round(difference.estimate),
        // Holm-adjusted ends where the run has them: the ones its verdict rests on.
        lower: round(difference.adjustedLower ?? difference.lower),
        upper: round(difference.adjustedUpper ?? difference.upper),
      })),
  );
}

/**
 * The cultural map's points (human first, then conditions in run order; groups in run order) and
 * the human → condition lines per group. Points without a score on both dimensions are left out,
 * and so are lines missing either end. `groups` limits the groups shown (all when undefined).
 */
export function culturalMapData(
  results: RunResults,
  groups?: readonly string[],
): { points: CulturalMapRow[]; links: CulturalMapLinkRow[] } | undefined {
  const map: CulturalMap | null = results.culturalMap;
  if (!map) return undefined;
  const groupOrder = results.groups.map((group) => group.name).filter((name) => !groups || groups.includes(name));
  const populations = [HUMAN_POPULATION, ...results.conditions.map((condition) => condition.name)];
  const points: CulturalMapRow[] = [];
  for (const population of populations) {
    for (const group of groupOrder) {
      const point = map.points.find((entry) => entry.population === population && entry.group === group);
      const x = round(point?.traditionalSecular);
      const y = round(point?.survivalSelfExpression);
      if (!point || x === null || y === null) continue;
      points.push({ population, group, traditionalSecular: x, survivalSelfExpression: y, n: point.n });
    }
  }
  const links: CulturalMapLinkRow[] = [];
  for (const point of points) {
    if (point.population === HUMAN_POPULATION) continue;
    const human = points.find((entry) => entry.population === HUMAN_POPULATION && entry.group === point.group);
    if (!human) continue;
    links.push({
      population: point.population,
      group: point.group,
      humanTraditionalSecular: human.traditionalSecular,
      humanSurvivalSelfExpression: human.survivalSelfExpression,
      traditionalSecular: point.traditionalSecular,
      survivalSelfExpression: point.survivalSelfExpression,
    });
  }
  return { points, links };
}

/** What the overview's panels draw, computed once from the run. */
interface OverviewData {
  rows: OverviewRow[];
  pairs: PairRow[];
  /** Structure r of the independence null and of the split-half ceiling, when the run has baselines. */
  baseline: BaselineRow | undefined;
  /** True when any condition carries a bootstrap interval (adds whiskers, tooltip fields and a caption). */
  hasIntervals: boolean;
}

/** The null … ceiling band's ends, from the baselines' structure r. */
function baselineRow(inference: InferenceResults | null): BaselineRow | undefined {
  if (!inference?.baselines) return undefined;
  const { independenceNull, splitHalfCeiling } = inference.baselines;
  return {
    nullR: round(independenceNull.structureR.estimate),
    ceilingR: round(splitHalfCeiling.structureR.estimate),
    ceilingLower: round(splitHalfCeiling.structureR.lower),
    ceilingUpper: round(splitHalfCeiling.structureR.upper),
  };
}

/** The datasets every panel shares: condition rows, pair rows and the baseline band. */
function overviewData(results: RunResults): OverviewData {
  const rows = overviewRows(results);
  return {
    rows,
    pairs: pairRows(results.inference),
    baseline: baselineRow(results.inference),
    hasIntervals: rows.some((row) => row.structureLower !== null || row.marginalLower !== null),
  };
}

interface TooltipField {
  field: string;
  title: string;
  format?: string;
}

/** The condition rows both headline panels share: sizes, the y axis, the colour and the tooltip. */
interface ConditionAxes {
  panelWidth: number;
  height: number;
  yEncoding: { field: 'condition'; type: 'nominal'; sort: string[]; title: null; axis: { labelFontSize: number; labelLimit: number; domain: boolean; ticks: boolean } };
  colour: { field: 'condition'; type: 'nominal'; scale: { domain: string[]; range: string[] }; legend: null };
  tooltip: TooltipField[];
}

function conditionAxes(data: OverviewData, colours: ConditionAxes['colour']['scale'], width: number, theme: ChartTheme): ConditionAxes {
  const { rows, pairs, hasIntervals } = data;
  // The label column is shared with the paired differences below ("a − b").
  const longestLabel = Math.max(8, ...rows.map((row) => row.condition.length), ...pairs.map((pair) => pair.pair.length));
  const rowHeight = 40;
  return {
    panelWidth: Math.max(160, Math.floor((width - longestLabel * 7.5 - 110) / 2)),
    height: Math.max(rowHeight * 2, rowHeight * rows.length),
    yEncoding: {
      field: 'condition',
      type: 'nominal',
      sort: rows.map((row) => row.condition),
      title: null,
      axis: { labelFontSize: theme.fontSize, labelLimit: 200, domain: false, ticks: false },
    },
    colour: { field: 'condition', type: 'nominal', scale: colours, legend: null },
    tooltip: [
      { field: 'condition', title: 'condition' },
      { field: 'description', title: 'description' },
      { field: 'nRespondents', title: 'respondents', format: ',' },
      { field: 'marginalDistance', title: 'marginal distance', format: '.3f' },
      ...(hasIntervals ? [{ field: 'marginalLower', title: 'lower', format: '.3f' }, { field: 'marginalUpper', title: 'upper', format: '.3f' }] : []),
      { field: 'marginalBasis', title: 'basis' },
      { field: 'coverage', title: 'answer coverage', format: '.3f' },
      ...(rows.some((row) => row.noiseFloor !== null)
        ? [{ field: 'noiseFloor', title: 'noise floor', format: '.3f' }, { field: 'excess', title: 'excess over floor', format: '.3f' }]
        : []),
      { field: 'structureR', title: 'structure r', format: '.3f' },
      ...(hasIntervals ? [{ field: 'structureLower', title: 'lower', format: '.3f' }, { field: 'structureUpper', title: 'upper', format: '.3f' }] : []),
      { field: 'structureMethod', title: 'method' },
      { field: 'structureBasis', title: 'structure basis' },
      { field: 'structureConcordance', title: "Lin's concordance", format: '.3f' },
      { field: 'structureRmse', title: 'structure RMSE', format: '.3f' },
      { field: 'groupMeanR', title: 'group-mean r', format: '.3f' },
      ...(rows.some((row) => row.fidelity !== null) ? [{ field: 'fidelity', title: 'fidelity', format: '.2f' }] : []),
      { field: 'mantelP', title: 'Mantel p', format: '.3f' },
      { field: 'congruence', title: 'Tucker congruence', format: '.2f' },
    ],
  };
}

/** Left panel: a bar per condition's marginal distance, with its interval and value. */
function marginalPanel(data: OverviewData, axes: ConditionAxes, theme: ChartTheme): NonNormalizedSpec {
  const { rows, hasIntervals } = data;
  const marginalMax = Math.max(0.05, ...rows.flatMap((row) => [row.marginalDistance ?? 0, row.marginalUpper ?? 0]));
  return {
    width: axes.panelWidth,
    height: axes.height,
    title: { text: 'Marginal distance', subtitle: 'lower is closer', anchor: 'start' },
    data: { name: 'conditions' },
    encoding: { y: axes.yEncoding, tooltip: axes.tooltip },
    layer: [
      {
        mark: { type: 'bar', height: 14, cornerRadiusEnd: 2 },
        encoding: {
          x: { field: 'marginalDistance', type: 'quantitative', scale: { domain: [0, round(marginalMax * 1.2, 3)!], nice: false }, title: 'normalised W1 / total variation', axis: { format: '.2f', grid: true, tickCount: 5 } },
          color: axes.colour,
        },
      },
      ...(hasIntervals
        ? [
            {
              transform: [{ filter: 'isValid(datum.marginalLower)' }],
              mark: { type: 'rule' as const, strokeWidth: theme.strokeWidth + 0.5, color: theme.foreground },
              encoding: { x: { field: 'marginalLower', type: 'quantitative' as const }, x2: { field: 'marginalUpper' } },
            },
          ]
        : []),
      {
        mark: { type: 'text', align: 'left', dx: 4, dy: -13, fontSize: theme.fontSize - 1 },
        encoding: {
          x: { field: 'marginalDistance', type: 'quantitative' },
          text: { field: 'marginalDistance', type: 'quantitative', format: '.3f' },
          color: { value: theme.foreground },
        },
      },
    ],
  };
}

/** The shaded band from the independence null to the split-half ceiling (the `baselines` dataset), with its two labels. */
function baselineBandLayers(theme: ChartTheme): LayerChild[] {
  return [
    {
      data: { name: 'baselines' },
      mark: { type: 'rect', color: theme.band, opacity: 0.18 },
      encoding: { x: { field: 'nullR', type: 'quantitative' }, x2: { field: 'ceilingR' }, tooltip: [{ field: 'nullR', title: 'independence null r', format: '.3f' }, { field: 'ceilingR', title: 'split-half ceiling r', format: '.3f' }, { field: 'ceilingLower', title: 'ceiling lower', format: '.3f' }, { field: 'ceilingUpper', title: 'ceiling upper', format: '.3f' }] },
    },
    {
      data: { name: 'baselines' },
      mark: { type: 'rule', color: theme.band, strokeDash: [4, 3], strokeWidth: theme.strokeWidth },
      encoding: { x: { field: 'ceilingR', type: 'quantitative' } },
    },
    {
      data: { name: 'baselines' },
      mark: { type: 'text', color: theme.muted, align: 'right', baseline: 'top', dx: -3, dy: 2, fontSize: theme.fontSize - 2, text: 'ceiling' },
      encoding: { x: { field: 'ceilingR', type: 'quantitative' }, y: { value: 0 } },
    },
    {
      data: { name: 'baselines' },
      mark: { type: 'text', color: theme.muted, align: 'left', baseline: 'top', dx: 3, dy: 2, fontSize: theme.fontSize - 2, text: 'null' },
      encoding: { x: { field: 'nullR', type: 'quantitative' }, y: { value: 0 } },
    },
  ];
}

/** Right panel: each condition's structure r (●) and group-mean r (◇) on the null … ceiling band. */
function structurePanel(data: OverviewData, axes: ConditionAxes, theme: ChartTheme): NonNormalizedSpec {
  const { rows, baseline, hasIntervals } = data;
  const { colour, tooltip } = axes;
  const rValues = rows.flatMap((row) => [row.structureR, row.structureLower, row.groupMeanR]).filter((value): value is number => value !== null);
  const rMin = Math.min(0, baseline?.nullR ?? 0, ...rValues);
  const structureLayers: LayerChild[] = baseline && baseline.nullR !== null && baseline.ceilingR !== null ? baselineBandLayers(theme) : [];
  const rScale = { domain: [round(Math.floor(rMin * 10) / 10, 2)!, 1], nice: false };
  const perCondition = (layer: LayerChild): LayerChild => ({
    ...layer,
    encoding: { ...('encoding' in layer ? layer.encoding : {}), y: { ...axes.yEncoding, axis: null }, tooltip },
  } as LayerChild);
  structureLayers.push(
    { mark: { type: 'rule', color: theme.grid, strokeWidth: 1 }, encoding: { x: { datum: 0, type: 'quantitative', scale: rScale } } },
    ...(hasIntervals
      ? [
          perCondition({
            transform: [{ filter: 'isValid(datum.structureLower)' }],
            mark: { type: 'rule', strokeWidth: theme.strokeWidth + 0.5 },
            encoding: { x: { field: 'structureLower', type: 'quantitative' }, x2: { field: 'structureUpper' }, color: colour },
          }),
        ]
      : []),
    perCondition({
      transform: [{ filter: 'isValid(datum.groupMeanR)' }],
      mark: { type: 'point', shape: 'diamond', size: 70, filled: false, strokeWidth: theme.strokeWidth },
      encoding: { x: { field: 'groupMeanR', type: 'quantitative' }, color: colour },
    }),
    perCondition({
      mark: { type: 'point', filled: true, size: 110, opacity: 1 },
      encoding: {
        x: { field: 'structureR', type: 'quantitative', scale: rScale, title: 'r between human and model correlations', axis: { format: '.1f', grid: true, tickCount: 6 } },
        color: colour,
      },
    }),
    perCondition({
      // Above the point, pulled left near r = 1 so the number stays inside the panel.
      mark: { type: 'text', align: { expr: "datum.structureR > 0.9 ? 'right' : 'center'" }, dx: { expr: 'datum.structureR > 0.9 ? 6 : 0' }, dy: -14, fontSize: theme.fontSize - 1 },
      encoding: { x: { field: 'structureR', type: 'quantitative' }, text: { field: 'structureR', type: 'quantitative', format: '.3f' }, color: { value: theme.foreground } },
    }),
  );
  return {
    width: axes.panelWidth,
    height: axes.height,
    title: {
      text: 'Correlation structure r',
      subtitle: baseline
        ? ['higher is closer · ● respondent level ◇ group means', 'shaded: independence null … split-half ceiling']
        : 'higher is closer · ● respondent level ◇ group means',
      anchor: 'start',
    },
    data: { name: 'conditions' },
    layer: structureLayers,
  };
}

/** One small panel per measure with each pair's difference and interval around 0. */
function pairedDifferencesRow(pairs: readonly PairRow[], width: number, theme: ChartTheme): NonNormalizedSpec {
  const pairY = { field: 'pair', type: 'nominal' as const, title: null };
  return {
    data: { name: 'pairs' },
    facet: {
      column: {
        field: 'measure',
        type: 'nominal',
        sort: Object.values(MEASURE_NAMES),
        title: null,
        header: { labelAnchor: 'start', labelFontSize: theme.fontSize },
      },
    },
    spec: {
      width: Math.max(120, Math.floor((width - 160) / Math.max(1, new Set(pairs.map((pair) => pair.measure)).size)) - 24),
      height: Math.max(24, 24 * new Set(pairs.map((pair) => pair.pair)).size),
      encoding: {
        tooltip: [
          { field: 'pair', title: 'difference' },
          { field: 'measure', title: 'measure' },
          { field: 'difference', title: 'estimate', format: '.3f' },
          { field: 'lower', title: 'lower', format: '.3f' },
          { field: 'upper', title: 'upper', format: '.3f' },
        ],
      },
      layer: [
        { mark: { type: 'rule', color: theme.muted, strokeDash: [2, 2] }, encoding: { x: { datum: 0, type: 'quantitative' } } },
        {
          transform: [{ filter: 'isValid(datum.lower)' }],
          mark: { type: 'rule', color: theme.foreground, strokeWidth: theme.strokeWidth + 0.5 },
          encoding: { x: { field: 'lower', type: 'quantitative' }, x2: { field: 'upper' }, y: pairY },
        },
        {
          mark: { type: 'point', filled: true, size: 70, color: theme.foreground },
          encoding: { x: { field: 'difference', type: 'quantitative', title: 'A − B with interval', axis: { grid: true, tickCount: 3, labelOverlap: 'greedy', format: '~r' } }, y: pairY },
        },
      ],
    },
    resolve: { scale: { x: 'independent' } },
    title: { text: 'Paired differences between conditions', subtitle: 'an interval that excludes 0 means the two conditions differ', anchor: 'start' },
  };
}

/** The Inglehart–Welzel map: a point per population × group, a line from each group's human point to each condition's. */
function culturalMapPanel(map: CulturalMap, colours: { domain: string[]; range: string[] }, width: number, theme: ChartTheme): NonNormalizedSpec {
  const populations = [HUMAN_POPULATION, ...colours.domain];
  const populationColour = {
    field: 'population',
    type: 'nominal' as const,
    scale: { domain: populations, range: [theme.human, ...colours.range] },
    legend: { title: null, orient: 'right' as const, labelFontSize: theme.fontSize, symbolType: 'circle' },
  };
  const indicators = map.indicators;
  const mapSize = Math.max(240, Math.min(460, width - 220));
  const pointTooltip = [
    { field: 'population', title: 'population' },
    { field: 'group', title: 'group' },
    { field: 'traditionalSecular', title: 'traditional / secular-rational', format: '.3f' },
    { field: 'survivalSelfExpression', title: 'survival / self-expression', format: '.3f' },
    { field: 'n', title: 'respondents', format: ',' },
  ];
  const x = { field: 'traditionalSecular', type: 'quantitative' as const };
  const y = { field: 'survivalSelfExpression', type: 'quantitative' as const };
  return {
    width: mapSize,
    height: mapSize,
    title: {
      text: 'Inglehart–Welzel cultural map',
      subtitle: [
        'Each axis: equal-weight index of indicators z-scored on the human respondents; compare positions within this run, not with published maps.',
        `traditional/secular: ${indicators.traditionalSecular.join(', ')} · survival/self-expression: ${indicators.survivalSelfExpression.join(', ')}`,
        '● human ○ condition · a line joins a group’s human point to the condition’s point',
      ],
      anchor: 'start',
    },
    layer: [
      {
        data: { name: 'culturalMapLinks' },
        mark: { type: 'rule', strokeWidth: theme.strokeWidth, opacity: 0.7 },
        encoding: {
          x: { field: 'humanTraditionalSecular', type: 'quantitative' },
          y: { field: 'humanSurvivalSelfExpression', type: 'quantitative' },
          x2: { field: 'traditionalSecular' },
          y2: { field: 'survivalSelfExpression' },
          color: populationColour,
          tooltip: [
            { field: 'population', title: 'condition' },
            { field: 'group', title: 'group' },
            { field: 'humanTraditionalSecular', title: 'human traditional / secular-rational', format: '.3f' },
            { field: 'humanSurvivalSelfExpression', title: 'human survival / self-expression', format: '.3f' },
            { field: 'traditionalSecular', title: 'condition traditional / secular-rational', format: '.3f' },
            { field: 'survivalSelfExpression', title: 'condition survival / self-expression', format: '.3f' },
          ],
        },
      },
      {
        data: { name: 'culturalMap' },
        transform: [{ filter: `datum.population !== ${JSON.stringify(HUMAN_POPULATION)}` }],
        mark: { type: 'point', filled: false, size: 80, strokeWidth: theme.strokeWidth, opacity: 1 },
        encoding: { x, y, color: populationColour, tooltip: pointTooltip },
      },
      {
        data: { name: 'culturalMap' },
        transform: [{ filter: `datum.population === ${JSON.stringify(HUMAN_POPULATION)}` }],
        mark: { type: 'point', filled: true, size: 80, opacity: 1 },
        encoding: {
          x: { ...x, title: 'traditional ← → secular-rational', axis: { format: '.1f', grid: true, tickCount: 6 } },
          y: { ...y, title: 'survival ← → self-expression', axis: { format: '.1f', grid: true, tickCount: 6 } },
          color: populationColour,
          tooltip: pointTooltip,
        },
      },
      {
        data: { name: 'culturalMap' },
        transform: [{ filter: `datum.population === ${JSON.stringify(HUMAN_POPULATION)}` }],
        mark: { type: 'text', align: 'left', dx: 6, dy: -6, fontSize: theme.fontSize - 2, color: theme.muted },
        encoding: { x, y, text: { field: 'group' }, tooltip: pointTooltip },
      },
    ],
  };
}

/** The run's name over the finding in words and, with intervals, a note on the whiskers. */
function overviewTitle(results: RunResults, width: number, hasIntervals: boolean): NonNullable<TopLevelSpec['title']> {
  const sentence = reversalSentence(results);
  const subtitle = [
    ...(sentence ? wrapText(sentence, Math.max(50, Math.floor(width / 7))) : []),
    ...(hasIntervals ? ['Bars and whiskers: bootstrap intervals.'] : []),
  ];
  const text = results.config.resolved.name || 'Results';
  return subtitle.length > 0 ? { text, subtitle, anchor: 'start' } : { text, anchor: 'start' };
}

/**
 * The overview: the marginal and structure panels side by side, then the paired differences
 * (with inference) and the cultural map (when the run has one), under the finding in words.
 */
export function overviewSpec(results: RunResults, options: ChartOptions): TopLevelSpec {
  const { theme } = options;
  const width = options.width ?? DEFAULT_WIDTH;
  const selection = resolveSelection(results, options.selection);
  const data = overviewData(results);
  const colours = conditionColours(results, theme);
  const axes = conditionAxes(data, colours, width, theme);
  const rowsSpec: NonNormalizedSpec[] = [{ hconcat: [marginalPanel(data, axes, theme), structurePanel(data, axes, theme)], spacing: 28 }];
  if (data.pairs.length > 0) rowsSpec.push(pairedDifferencesRow(data.pairs, width, theme));
  // The overview has no group picker (the panel does not redraw it when the group changes), so
  // the map shows every group.
  const culturalMap = culturalMapData(results);
  if (culturalMap && results.culturalMap) rowsSpec.push(culturalMapPanel(results.culturalMap, colours, width, theme));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: overviewTitle(results, width, data.hasIntervals),
    params: selectionParams(results, selection.item),
    datasets: {
      conditions: data.rows,
      baselines: data.baseline ? [data.baseline] : [],
      pairs: data.pairs,
      ...(culturalMap ? { culturalMap: culturalMap.points, culturalMapLinks: culturalMap.links } : {}),
    },
    vconcat: rowsSpec,
    ...(culturalMap ? { resolve: { scale: { color: 'independent' as const } } } : {}),
    spacing: 28,
    config: vegaLiteConfig(theme),
  };
}
