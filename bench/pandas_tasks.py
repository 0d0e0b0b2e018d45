#!/usr/bin/python3
"""pandas' side of the benchmark (run by bench/run.js with /usr/bin/python3, one task per process).

Usage: pandas_tasks.py <task> <csv> <items>; prints one JSON line
{ task, seconds: { step: s }, peakRssMB, rows }. Tasks:
- load:         pandas.read_csv(csv)
- correlations: read_csv, negative codes -> NaN (untimed), then DataFrame.corr('pearson') (timed)
- marginals:    read_csv, negative codes -> NaN (untimed), then for every item
                df.groupby('B_COUNTRY_ALPHA')[item].value_counts() (timed)
Peak RSS is resource.getrusage(RUSAGE_SELF).ru_maxrss (KiB on Linux).
"""
import json
import resource
import sys
import time

import pandas as pd


def main():
    task, path, n_items = sys.argv[1], sys.argv[2], int(sys.argv[3])
    items = [f"Q{index + 1}" for index in range(n_items)]
    seconds = {}

    start = time.perf_counter()
    frame = pd.read_csv(path)
    seconds["load"] = time.perf_counter() - start

    if task in ("correlations", "marginals"):
        start = time.perf_counter()
        answers = frame[items]
        frame[items] = answers.where(answers >= 0)
        seconds["negativeToNaN"] = time.perf_counter() - start

    if task == "correlations":
        start = time.perf_counter()
        matrix = frame[items].corr(method="pearson")
        seconds["corr"] = time.perf_counter() - start
        assert matrix.shape == (n_items, n_items)
    elif task == "marginals":
        start = time.perf_counter()
        groups = frame.groupby("B_COUNTRY_ALPHA")
        counts = [groups[item].value_counts() for item in items]
        seconds["marginals"] = time.perf_counter() - start
        assert len(counts) == n_items
    elif task != "load":
        raise SystemExit(f"pandas_tasks.py: unknown task {task}")

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"task": task, "seconds": seconds, "peakRssMB": peak, "rows": len(frame)}))


if __name__ == "__main__":
    main()
