#!/usr/bin/python3
"""Reference values for the marginal-distribution metrics (src/core/metrics/).

Writes test/fixtures/reference/marginals.json: random distribution pairs (2..11 categories, some
with empty categories, some unnormalised, some on non-uniform positions) with
- wasserstein1: scipy.stats.wasserstein_distance(x, x, p, q)
- normalizedWasserstein1: that divided by x.max() - x.min()
- jensenShannonDistance: scipy.spatial.distance.jensenshannon(p, q, base=2) (scipy returns the distance)
- jensenShannonDivergence: its square
- totalVariation, hellinger: numpy, from the normalised masses
- mean/variance (population) of p and q via numpy.average, and their ratio q/p as varianceRatio(model=q, human=p)
Run with /usr/bin/python3 (which has numpy and scipy). Deterministic: fixed seed.
"""
import json
import os
import sys

import numpy as np
import scipy
from scipy.spatial.distance import jensenshannon
from scipy.stats import wasserstein_distance

SEED = 20260101
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'test', 'fixtures', 'reference', 'marginals.json')


def random_mass(rng, k, zero_share):
    mass = rng.gamma(0.8, 1.0, size=k)
    mass[rng.random(k) < zero_share] = 0.0
    if mass.sum() == 0.0:
        mass[rng.integers(k)] = 1.0
    return mass


def positions_for(rng, k, kind):
    if kind == 'default':
        return np.arange(k, dtype=float)
    if kind == 'codes':
        start = int(rng.integers(-2, 2))
        return np.arange(start, start + k, dtype=float)
    # Non-uniform spacing, strictly increasing.
    return np.cumsum(rng.uniform(0.2, 3.0, size=k)) - 1.0


def case(name, p, q, x, positions_given):
    pn, qn = p / p.sum(), q / q.sum()
    w1 = float(wasserstein_distance(x, x, p, q))
    span = float(x.max() - x.min())
    js_distance = float(jensenshannon(p, q, base=2))
    p_mean = float(np.average(x, weights=p))
    q_mean = float(np.average(x, weights=q))
    p_var = float(np.average((x - p_mean) ** 2, weights=p))
    q_var = float(np.average((x - q_mean) ** 2, weights=q))
    return {
        'name': name,
        'p': p.tolist(),
        'q': q.tolist(),
        # null when the metric should be called without positions (default 0..K-1)
        'positions': x.tolist() if positions_given else None,
        'wasserstein1': w1,
        'normalizedWasserstein1': w1 / span if span > 0 else 0.0,
        'jensenShannonDistance': js_distance,
        'jensenShannonDivergence': js_distance ** 2,
        'totalVariation': float(0.5 * np.abs(pn - qn).sum()),
        'hellinger': float(np.sqrt(0.5 * ((np.sqrt(pn) - np.sqrt(qn)) ** 2).sum())),
        'pMean': p_mean,
        'pVariance': p_var,
        'qMean': q_mean,
        'qVariance': q_var,
        'varianceRatioQOverP': q_var / p_var if p_var > 0 else None,
    }


def main():
    rng = np.random.default_rng(SEED)
    cases = []
    kinds = ['default', 'codes', 'nonuniform']
    for i in range(36):
        k = 2 + i % 10  # 2..11
        kind = kinds[i % 3]
        zero_share = 0.0 if i % 4 == 0 else 0.3
        p = random_mass(rng, k, zero_share)
        q = random_mass(rng, k, zero_share)
        if i % 5 == 0:
            # Raw weighted counts rather than proportions.
            p = p * float(rng.uniform(10, 5000))
        x = positions_for(rng, k, kind)
        cases.append(case(f'random-{i:02d}-k{k}-{kind}', p, q, x, kind != 'default'))

    # Hand-made edge cases.
    four = np.arange(1.0, 5.0)
    cases.append(case('halves-at-opposite-ends-1to4', np.array([.5, .5, 0, 0]), np.array([0, 0, .5, .5]), four, True))
    cases.append(case('opposite-scale-ends-k5', np.array([3.0, 0, 0, 0, 0]), np.array([0, 0, 0, 0, 7.0]), np.arange(5.0), False))
    cases.append(case('identical-k4', np.array([.1, .2, .3, .4]), np.array([1.0, 2.0, 3.0, 4.0]), np.arange(4.0), False))
    cases.append(case('disjoint-interleaved-k6', np.array([1.0, 0, 2.0, 0, 1.0, 0]), np.array([0, 1.0, 0, 1.0, 0, 1.0]),
                      np.array([0.0, 0.5, 2.0, 2.5, 7.0, 10.0]), True))
    cases.append(case('tiny-mass-k3', np.array([1e-12, 0.5, 0.5]), np.array([0.5, 0.5, 1e-12]), np.arange(3.0), False))

    document = {
        'generator': 'scripts/reference/marginals.py',
        'seed': SEED,
        'numpy': np.__version__,
        'scipy': scipy.__version__,
        'python': '.'.join(map(str, sys.version_info[:3])),
        'cases': cases,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w', encoding='utf-8') as handle:
        json.dump(document, handle, indent=1, allow_nan=False)
        handle.write('\n')
    print(f'wrote {len(cases)} cases to {os.path.normpath(OUT)}')


if __name__ == '__main__':
    main()
