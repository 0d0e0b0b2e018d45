#!/usr/bin/python3
"""pandas' side of the benchmark (run by bench/run.js with /usr/bin/python3, one task per process).

Usage: pandas_tasks.py <task> <csv> <items>; prints one JSON line
{ task, seconds: { step: s }, peakRssMB, rows }. Tasks:
- load:         pandas.read_csv(csv)
- correlations: read_csv, negative codes -> NaN (untimed), then DataFrame.corr('pearson') (timed)
- marginals:    read_csv, negative codes -> NaN (untimed), then for every item
                df.groupby('B_COUNTRY_ALPHA')[item].value_counts() (timed)
Peak RSS is resource.getrusage(RUSAGE_SELF).ru_maxrss (KiB on Linux); cpuSeconds are
time.process_time() per step (all threads), a contention-proof companion to the wall times.
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
    cpu_seconds = {}

    def timed(step, run):
        start, cpu_start = time.perf_counter(), time.process_time()
        result = run()
        seconds[step] = time.perf_counter() - start
        cpu_seconds[step] = time.process_time() - cpu_start
        return result

    frame = timed("load", lambda: pd.read_csv(path))

    if task in ("correlations", "marginals"):
        answers = frame[items]
        frame[items] = timed("negativeToNaN", lambda: answers.where(answers >= 0))

    if task == "correlations":
        matrix = timed("corr", lambda: frame[items].corr(method="pearson"))
        assert matrix.shape == (n_items, n_items)
    elif task == "marginals":
        groups = frame.groupby("B_COUNTRY_ALPHA")
        counts = timed("marginals", lambda: [groups[item].value_counts() for item in items])
        assert len(counts) == n_items
    elif task != "load":
        raise SystemExit(f"pandas_tasks.py: unknown task {task}")

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"task": task, "seconds": seconds, "cpuSeconds": cpu_seconds, "peakRssMB": peak, "rows": len(frame)}))


if __name__ == "__main__":
    main()
