#!/usr/bin/env python3
"""scipy curve_fit on the same bit-identical data as the Fitbench benchmark, in the same run.

Reads a JSON job list on stdin: [{ id, model, x_file, y_file, n, count, p0, repeats }], data as
little-endian float64 files written by bench/cpu-bench.ts. Prints one JSON object per job:
median wall time of `repeats` timed runs after one warm-up (scipy's default tolerances, method
'lm', finite-difference Jacobian, as the reference figures in shared/bench/README.md), and the
parameters of a tight reference fit (xtol=ftol=gtol=1e-12), the answer Fitbench must match.
"""
import json
import sys
import time
import warnings

import numpy as np
from scipy.optimize import curve_fit

warnings.simplefilter("ignore")


def gauss4(x, a, mu, s, c):
    return a * np.exp(-(x - mu) ** 2 / (2 * s ** 2)) + c


def exp2(x, a1, t1, a2, t2, c):
    return a1 * np.exp(-x / t1) + a2 * np.exp(-x / t2) + c


MODELS = {"gauss4": gauss4, "exp2": exp2}


def fit_all(f, x, y, n, count, p0, **kw):
    out = []
    for j in range(count):
        xs = x[j * n:(j + 1) * n] if x.size == count * n else x
        ys = y[j * n:(j + 1) * n]
        try:
            p, _ = curve_fit(f, xs, ys, p0=p0, method="lm", **kw)
        except RuntimeError:
            p = np.full(len(p0), np.nan)
        out.append(p)
    return np.array(out)


def main():
    jobs = json.load(sys.stdin)
    results = []
    for job in jobs:
        f = MODELS[job["model"]]
        x = np.fromfile(job["x_file"], dtype="<f8")
        y = np.fromfile(job["y_file"], dtype="<f8")
        n, count, p0 = job["n"], job["count"], job["p0"]
        fit_all(f, x, y, n, count, p0)  # warm-up
        times = []
        for _ in range(job["repeats"]):
            t0 = time.perf_counter()
            fit_all(f, x, y, n, count, p0)
            times.append(time.perf_counter() - t0)
        ref = fit_all(f, x, y, n, count, p0, xtol=1e-12, ftol=1e-12, gtol=1e-12, maxfev=100000)
        results.append({"id": job["id"], "median_s": float(np.median(times)), "times_s": times, "reference": ref.tolist()})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
