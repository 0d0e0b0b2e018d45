import type { Scale } from './resolved';

/** The answer codes of a scale in scale order: ascending for ordinal scales, as listed otherwise. */
export function scaleCodes(scale: Scale): number[] {
  switch (scale.type) {
    case 'ordinal': {
      const codes: number[] = [];
      for (let code = scale.min; code <= scale.max; code++) codes.push(code);
      return codes;
    }
    case 'nominal':
      return [...scale.codes];
    case 'binary':
      return [...scale.codes];
  }
}
