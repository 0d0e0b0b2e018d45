/**
 * Short text forms of run results shared by the editor's CodeLens, runs view, hovers, run
 * comparisons, the CLI summary and chart captions. Pure: no editor or file system access.
 */
import type { Interval } from '../results/inference';
import type { Headline } from '../results/types';

/** A number for people: fixed digits, `—` when it could not be computed. */
export function formatNumber(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);
}

/** `0.148 [0.141, 0.153]`: a number with its bootstrap interval, or the number alone without both ends. */
export function withInterval(value: number | null, interval: Pick<Interval, 'lower' | 'upper'> | undefined): string {
  if (!interval || interval.lower === null || interval.upper === null) return formatNumber(value);
  return `${formatNumber(value)} [${formatNumber(interval.lower)}, ${formatNumber(interval.upper)}]`;
}

/** A share as a percentage: `12%`, `—` when unknown. */
export function formatPercent(value: number | null | undefined, digits = 0): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : `${(value * 100).toFixed(digits)}%`;
}

/** A signed change: `+0.012`, `−0.300`, `0.000`, `—` when either side is unknown. */
export function formatDelta(before: number | null | undefined, after: number | null | undefined, digits = 3): string {
  if (before === null || before === undefined || after === null || after === undefined) return '—';
  if (!Number.isFinite(before) || !Number.isFinite(after)) return '—';
  const delta = after - before;
  const text = Math.abs(delta).toFixed(digits);
  if (Number(text) === 0) return (0).toFixed(digits);
  return delta > 0 ? `+${text}` : `−${text}`;
}

/** One condition's headline in a few characters: `persona: marg 0.15 · struct r 0.94`. */
export function headlineShort(headline: Headline): string {
  const coverage = headline.marginalCoverage !== null && headline.marginalCoverage < 0.995 ? ` (cov ${formatNumber(headline.marginalCoverage, 2)})` : '';
  return `${headline.condition}: marg ${formatNumber(headline.marginalDistance, 2)}${coverage} · struct r ${formatNumber(headline.structureR, 2)}`;
}

/** Every condition's short headline, `a: … | b: …`. */
export function headlinesShort(headlines: readonly Headline[]): string {
  return headlines.map(headlineShort).join(' | ');
}

/**
 * The time a run started, from its folder name (`2026-11-27T10-15-00-123Z_ab12cd`), as
 * `2026-11-27 10:15:00 UTC`; other folder names are returned unchanged.
 */
export function runIdTime(id: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-\d{3}Z/.exec(id);
  if (!match) return id;
  const [, day, hours, minutes, seconds] = match;
  return `${day} ${hours}:${minutes}:${seconds} UTC`;
}

/** Seconds as `45 s`, `3 min 05 s`, `1 h 02 min`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole} s`;
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
  return `${Math.floor(whole / 3600)} h ${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')} min`;
}

/**
 * Escapes text for Markdown inside a line (labels and names come from users' files): the
 * characters that format, link, start HTML or split table cells anywhere in a line. Characters
 * that matter only at the start of a line (`#`, `-`, `1.`) are left alone: callers never start a
 * line with user text.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~&]/g, (character) => `\\${character}`).replace(/\r?\n/g, ' ');
}

/** Text inside an inline code span: backticks cannot be escaped, so the span is widened. */
export function inlineCode(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text.replace(/\r?\n/g, ' ')}${pad}${fence}`;
}

/** How a headline combined groups, in a few words: `mean over groups` or `groups weighted by human share`. */
export function marginalBasisLabel(basis: 'partition' | 'groups'): string {
  return basis === 'partition' ? 'groups weighted by human share' : 'mean over groups';
}
