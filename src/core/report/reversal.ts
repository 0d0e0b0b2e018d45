/** The run's main finding in one sentence, shared by the CLI summary and the panel's overview. */
import type { Headline, RunResults } from '../results/types';

function best(headlines: readonly Headline[], value: (headline: Headline) => number | null, lowerIsBetter: boolean): Headline | undefined {
  let chosen: Headline | undefined;
  for (const headline of headlines) {
    const score = value(headline);
    if (score === null) continue;
    const current = chosen ? value(chosen)! : undefined;
    if (current === undefined || (lowerIsBetter ? score < current : score > current)) chosen = headline;
  }
  return chosen;
}

/**
 * The finding in one sentence: the inference's own sentence when the run has one (it knows
 * whether the differences are significant), else whether the marginal and structural rankings
 * of the headlines agree (the CLI's wording). Undefined with fewer than two scored conditions.
 */
export function reversalSentence(results: Pick<RunResults, 'headlines' | 'inference'>): string | undefined {
  const inferred = results.inference?.reversal?.sentence;
  if (inferred) return inferred;
  if (results.headlines.length < 2) return undefined;
  const marginal = best(results.headlines, (headline) => headline.marginalDistance, true);
  const structure = best(results.headlines, (headline) => headline.structureR, false);
  if (!marginal || !structure) return undefined;
  if (marginal.condition === structure.condition) return `${marginal.condition} is closest both on marginals and on correlation structure.`;
  return (
    `Closest on marginals: ${marginal.condition}; closest on correlation structure: ${structure.condition}. ` +
    'The rankings disagree: a marginal-only evaluation would pick the other condition.'
  );
}
