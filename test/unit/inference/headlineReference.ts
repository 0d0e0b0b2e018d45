import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Written by scripts/reference/headline.R; null stands for NA/NaN/undefined. */
export interface HeadlineReference {
  generator: string;
  linConcordance: {
    name: string;
    description: string;
    x: (number | null)[];
    y: (number | null)[];
    pairs: number;
    ccc: number | null;
    pearson: number | null;
    /** epiR::epi.ccc's values; null where epiR returns NA or was not installed. */
    epiR: { ccc: number; scaleShift: number; locationShift: number; biasCorrection: number } | null;
  }[];
  spearmanBrown: {
    step: { reliability: number; factor: number; stepped: number }[];
    atSize: { reliability: number; fromSize: number; toSize: number; stepped: number }[];
    splitHalf: { splitHalfCorrelation: number; full: number }[];
    disattenuation: {
      r: number;
      reliabilityX: number;
      reliabilityY: number;
      disattenuated: number;
      matchedCeiling: number;
    }[];
  };
  pAdjust: {
    name: string;
    p: (number | null)[];
    holm: (number | null)[];
    bh: (number | null)[];
    holmLevels05: (number | null)[];
    holmLevels10: (number | null)[];
  }[];
  bootstrapPValue: { name: string; replicates: (number | null)[]; nullValue: number; pValue: number | null }[];
}

// Compiled tests run from out/test/unit/<area>; the fixture stays in the source tree.
const fixturePath = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'reference', 'headline.json');

export const headlineReference = JSON.parse(readFileSync(fixturePath, 'utf8')) as HeadlineReference;

/** The fixture's numbers with null read back as NaN. */
export function withNaN(values: readonly (number | null)[]): Float64Array {
  return Float64Array.from(values, (value) => (value === null ? Number.NaN : value));
}

/** A fixture scalar with null read back as NaN. */
export function orNaN(value: number | null): number {
  return value === null ? Number.NaN : value;
}
