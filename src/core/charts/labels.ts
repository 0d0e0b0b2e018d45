/** Short, unique text for axes: items read as "Q46 Feeling of happiness", cut to fit. */
import type { ItemInfo, RunResults } from '../results/types';

/** Axis labels longer than this are cut (about 190 px at 11 px type). */
export const ITEM_LABEL_LENGTH = 34;

/**
 * `text` cut to at most `maxLength` characters with an ellipsis, at a word boundary when one
 * falls in the last 40 % of the allowed length (so "Important in life: Family" does not become
 * "Important in l…"), otherwise mid-word.
 */
export function truncateLabel(text: string, maxLength: number): string {
  if (maxLength < 2) throw new Error(`truncateLabel: maxLength must be at least 2 (got ${maxLength})`);
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= maxLength) return clean;
  const room = clean.slice(0, maxLength - 1);
  // A word that ends exactly where the room does (space or punctuation next) is kept whole.
  const lastSpace = /[\s:;,.!?)]/.test(clean[maxLength - 1] ?? '') ? room.length : room.lastIndexOf(' ');
  const cut = lastSpace >= Math.ceil(maxLength * 0.6) ? room.slice(0, lastSpace) : room;
  return `${cut.replace(/[\s:;,.\-–—]+$/, '')}…`;
}

/**
 * "Q46 Feeling of happiness": the id first (it is what the config says and keeps labels
 * unique), then as much of the label as fits. Items without a label read as their id.
 */
export function itemAxisLabel(item: Pick<ItemInfo, 'id' | 'label'>, maxLength = ITEM_LABEL_LENGTH): string {
  const label = item.label.trim();
  if (!label || label === item.id) return item.id;
  const full = `${item.id} ${label}`;
  return full.length <= maxLength ? full : truncateLabel(full, Math.max(maxLength, item.id.length + 3));
}

/** Id → full "Q46 Feeling of happiness" label, for tooltips. */
export function itemFullLabels(results: Pick<RunResults, 'items'>): Map<string, string> {
  return new Map(results.items.map((item) => [item.id, item.label && item.label !== item.id ? `${item.id} ${item.label}` : item.id]));
}

/** Id → axis label. Ids missing from `results.items` map to themselves. */
export function itemAxisLabels(results: Pick<RunResults, 'items'>, maxLength = ITEM_LABEL_LENGTH): Map<string, string> {
  return new Map(results.items.map((item) => [item.id, itemAxisLabel(item, maxLength)]));
}

/** A long sentence as lines of at most `width` characters, broken at spaces (for titles). */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * What an item's answer codes mean, in one line: "1 = Very happy · 2 = Rather happy · …", or the
 * two ends "1 = Never justifiable … 10 = Always justifiable" when more than `maxShown` codes are
 * labelled. Empty when no code has a label.
 */
export function optionLegend(item: Pick<ItemInfo, 'codes' | 'optionLabels'>, maxShown = 5, labelLength = 24): string {
  const labelled = item.codes
    .map((code) => ({ code, label: item.optionLabels[String(code)]?.trim() ?? '' }))
    .filter((entry) => entry.label !== '')
    .map((entry) => `${entry.code} = ${truncateLabel(entry.label, labelLength)}`);
  if (labelled.length === 0) return '';
  if (labelled.length <= maxShown) return labelled.join(' · ');
  return `${labelled[0]} … ${labelled[labelled.length - 1]}`;
}
