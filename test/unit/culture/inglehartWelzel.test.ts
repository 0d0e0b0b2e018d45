import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  availableIndicators,
  CULTURAL_DIMENSIONS,
  indicatorValues,
  meanDimensionScore,
  standardisation,
  type RespondentSource,
} from '../../../src/core/culture/inglehartWelzel';

function indicator(id: string) {
  const found = [...CULTURAL_DIMENSIONS.traditionalSecular, ...CULTURAL_DIMENSIONS.survivalSelfExpression].find((each) => each.id === id);
  assert.ok(found, id);
  return found;
}

const answers = (codes: Record<string, number>) => (item: string) => codes[item] ?? Number.NaN;

describe('Inglehart–Welzel indicators', () => {
  it('scores the autonomy index Y003 from -2 (faith and obedience) to 2 (independence and determination)', () => {
    const y003 = indicator('Y003');
    assert.equal(y003.value(answers({ Q8: 2, Q14: 2, Q15: 1, Q17: 1 })), -2);
    assert.equal(y003.value(answers({ Q8: 1, Q14: 1, Q15: 2, Q17: 2 })), 2);
    assert.equal(y003.value(answers({ Q8: 1, Q14: 2, Q15: 1, Q17: 2 })), 0);
    assert.ok(Number.isNaN(y003.value(answers({ Q8: 1, Q14: 2, Q15: 1 }))));
  });

  it('scores post-materialism Y002: order and prices materialist (1), say and free speech post-materialist (3), else mixed', () => {
    const y002 = indicator('Y002');
    assert.equal(y002.value(answers({ Q154: 1, Q155: 3 })), 1);
    assert.equal(y002.value(answers({ Q154: 4, Q155: 2 })), 3);
    assert.equal(y002.value(answers({ Q154: 1, Q155: 2 })), 2);
  });

  it('orients items so that higher is more secular or more self-expression', () => {
    assert.equal(indicator('F063').value(answers({ Q164: 10 })), 1); // God very important: traditional
    assert.equal(indicator('F063').value(answers({ Q164: 1 })), 10);
    assert.equal(indicator('A008').value(answers({ Q46: 1 })), 4); // very happy: self-expression
    assert.equal(indicator('A165').value(answers({ Q57: 1 })), 2); // trusting: self-expression
    assert.equal(indicator('E025').value(answers({ Q209: 1 })), 3); // signed a petition
  });

  it('keeps only indicators whose items are all in the experiment', () => {
    const available = availableIndicators(new Set(['Q164', 'Q184', 'Q45', 'Q46', 'Q154']));
    assert.deepEqual(available.traditionalSecular.map((each) => each.id), ['F063', 'F120', 'E018']);
    assert.deepEqual(available.survivalSelfExpression.map((each) => each.id), ['A008']);
  });
});

describe('dimension scores', () => {
  it('z-scores on the weighted reference and averages the available indicators per respondent', () => {
    const indicators = [indicator('F120'), indicator('E018')];
    const rows: Record<string, number>[] = [
      { Q184: 1, Q45: 1 },
      { Q184: 10, Q45: 3 },
      { Q184: 10 },
    ];
    const source: RespondentSource = { nRows: 3, code: (row, item) => rows[row]![item] ?? Number.NaN, weight: () => 1 };
    const all = Uint32Array.from([0, 1, 2]);
    const values = indicatorValues(source, indicators, all);
    const scale = standardisation(values, new Float64Array([1, 1, 1]), 2);
    assert.deepEqual(Array.from(scale.mean), [7, 2]);
    assert.ok(Math.abs(scale.sd[0]! - Math.sqrt(18)) < 1e-12);
    assert.equal(scale.sd[1], 1);
    const second = meanDimensionScore(indicatorValues(source, indicators, Uint32Array.from([1])), new Float64Array([1]), scale);
    assert.ok(Math.abs(second.score - (3 / Math.sqrt(18) + 1) / 2) < 1e-12);
    // the third respondent has one of two indicators: half is enough
    const third = meanDimensionScore(indicatorValues(source, indicators, Uint32Array.from([2])), new Float64Array([1]), scale);
    assert.equal(third.n, 1);
    assert.ok(Math.abs(third.score - 3 / Math.sqrt(18)) < 1e-12);
  });
});
