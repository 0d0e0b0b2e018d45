import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { itemAxisLabel, optionLegend, truncateLabel, wrapText } from '../../../src/core/charts/labels';

describe('chart labels', () => {
  it('keeps a label that fits and cuts a long one at a word boundary with an ellipsis', () => {
    assert.equal(truncateLabel('Feeling of happiness', 30), 'Feeling of happiness');
    assert.equal(truncateLabel('Important child qualities: Determination, perseverance', 30), 'Important child qualities…');
  });

  it('keeps a word that ends exactly at the cut', () => {
    assert.equal(truncateLabel('Q14 Important child qualities: Determination', 30), 'Q14 Important child qualities…');
  });

  it('cuts mid-word when the last space is too early to keep most of the room', () => {
    assert.equal(truncateLabel('Supercalifragilisticexpialidocious', 10), 'Supercali…');
  });

  it('reads items as "id label" and keeps the id when cutting', () => {
    assert.equal(itemAxisLabel({ id: 'Q46', label: 'Feeling of happiness' }), 'Q46 Feeling of happiness');
    assert.equal(itemAxisLabel({ id: 'Q46', label: 'Q46' }), 'Q46');
    const long = itemAxisLabel({ id: 'Q177', label: 'Justifiable: Claiming government benefits to which you are not entitled' });
    assert.ok(long.startsWith('Q177 Justifiable:'), long);
    assert.ok(long.endsWith('…') && long.length <= 34, long);
  });

  it('says what the codes mean: every label when few, the two ends when many', () => {
    assert.equal(optionLegend({ codes: [1, 2], optionLabels: { '1': 'Mentioned', '2': 'Not mentioned' } }), '1 = Mentioned · 2 = Not mentioned');
    const ends = optionLegend({
      codes: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      optionLabels: Object.fromEntries(Array.from({ length: 10 }, (_, index) => [String(index + 1), `level ${index + 1}`])),
    });
    assert.equal(ends, '1 = level 1 … 10 = level 10');
    assert.equal(optionLegend({ codes: [1, 2, 3], optionLabels: {} }), '');
  });

  it('wraps a sentence into lines no longer than the width', () => {
    assert.deepEqual(wrapText('the quick brown fox jumps over the lazy dog', 15), ['the quick brown', 'fox jumps over', 'the lazy dog']);
  });
});
