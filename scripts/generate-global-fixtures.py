"""Reference values for tied, global, derived and correlated-sigma fits (run once, commit the JSON).

scipy 1.17 curve_fit on the same data: tied parameters substituted into the model function,
global fits as one curve_fit over the concatenated data sets (a stacked model function), 2-D
sigma for correlated errors. Standard errors of tied parameters and derived quantities by the
delta method with hand-written exact gradients: g^T C g. Tolerances 1e-15 (the tests fit
with 1e-14), so both sides report the minimum itself.

    python3 scripts/generate-global-fixtures.py > src/core/fit/fixtures/global-scipy.json
"""
import json
import numpy as np
import scipy
from scipy.optimize import curve_fit as scipy_curve_fit

# Tight tolerances, so the references sit at the minimum, not wherever the defaults stop.
TIGHT = {"ftol": 1e-15, "xtol": 1e-15, "gtol": 1e-15}


def curve_fit(*args, **kwargs):
    return scipy_curve_fit(*args, **kwargs, **TIGHT)


rng = np.random.default_rng(20261202)
cases = []


def se(pcov):
    return np.sqrt(np.diag(pcov)).tolist()


def delta(g, pcov):
    g = np.asarray(g, dtype=float)
    return float(np.sqrt(g @ pcov @ g))


# 1. Tied: two Gaussians sharing a width (s2 = s1) with a2 = 0.5*a1.
x = np.linspace(0, 10, 81)
y = 4 * np.exp(-(x - 3.5) ** 2 / (2 * 0.7**2)) + 2 * np.exp(-(x - 6.2) ** 2 / (2 * 0.7**2)) + rng.normal(0, 0.08, x.size)


def two_peaks(x, a1, m1, s1, m2):
    return a1 * np.exp(-(x - m1) ** 2 / (2 * s1**2)) + 0.5 * a1 * np.exp(-(x - m2) ** 2 / (2 * s1**2))


p0 = [3, 3.3, 0.9, 6]
popt, pcov = curve_fit(two_peaks, x, y, p0=p0)
cases.append(
    {
        "name": "tied-two-peaks",
        "problem": {
            "model": "a1*exp(-(x-m1)^2/(2*s1^2)) + a2*exp(-(x-m2)^2/(2*s2^2))",
            "x": x.tolist(),
            "y": y.tolist(),
            "p0": {"a1": 3, "m1": 3.3, "s1": 0.9, "m2": 6},
            "expressions": {"s2": "s1", "a2": "0.5*a1"},
            "derived": {"fwhm1": "2*sqrt(2*log(2))*s1", "area1": "a1*s1*sqrt(2*pi)"},
        },
        "params": {"a1": popt[0], "m1": popt[1], "s1": popt[2], "m2": popt[3], "s2": popt[2], "a2": 0.5 * popt[0]},
        "stdErrors": {
            "a1": se(pcov)[0],
            "m1": se(pcov)[1],
            "s1": se(pcov)[2],
            "m2": se(pcov)[3],
            "s2": se(pcov)[2],
            "a2": 0.5 * se(pcov)[0],
        },
        "derived": {
            "fwhm1": [2 * np.sqrt(2 * np.log(2)) * popt[2], 2 * np.sqrt(2 * np.log(2)) * se(pcov)[2]],
            "area1": [
                popt[0] * popt[2] * np.sqrt(2 * np.pi),
                delta([popt[2] * np.sqrt(2 * np.pi), 0, popt[0] * np.sqrt(2 * np.pi), 0], pcov),
            ],
        },
        # covariance of (a2, s2) with a1: a2 = 0.5*a1 -> cov(a2, a1) = 0.5 var(a1)
        "covA2A1": 0.5 * pcov[0, 0],
    }
)

# 2. Tied chain: c = 1 - a - b with b = 2*a... chain through expressions.
x = np.linspace(0, 8, 60)
y = 0.3 * np.exp(-x / 0.8) + 0.5 * np.exp(-x / 3.0) + (1 - 0.3 - 0.5) + rng.normal(0, 0.01, x.size)


def chain(x, a, t1, b, t2):
    return a * np.exp(-x / t1) + b * np.exp(-x / t2) + (1 - a - b)


popt, pcov = curve_fit(chain, x, y, p0=[0.2, 1, 0.6, 2.5])
cases.append(
    {
        "name": "tied-chain",
        "problem": {
            "model": "a*exp(-x/t1) + b*exp(-x/t2) + c",
            "x": x.tolist(),
            "y": y.tolist(),
            "p0": {"a": 0.2, "t1": 1, "b": 0.6, "t2": 2.5},
            "expressions": {"c": "1 - a - b"},
        },
        "params": {"a": popt[0], "t1": popt[1], "b": popt[2], "t2": popt[3], "c": 1 - popt[0] - popt[2]},
        "stdErrors": {
            "a": se(pcov)[0],
            "t1": se(pcov)[1],
            "b": se(pcov)[2],
            "t2": se(pcov)[3],
            "c": delta([-1, 0, -1, 0], pcov),
        },
    }
)


def stacked(models, sizes):
    """One function over the concatenated x of all data sets (what a global fit minimizes)."""
    edges = np.cumsum([0] + sizes)

    def f(xall, *theta):
        return np.concatenate([m(xall[edges[k] : edges[k + 1]], theta) for k, m in enumerate(models)])

    return f


# 3. Global, shared decay time, per-data-set amplitude and offset, weighted (sigma per point).
xs = [np.linspace(0, 6, 40), np.linspace(0, 8, 50), np.linspace(0.5, 7, 35)]
amps, offs = [2.0, 3.5, 1.2], [0.1, -0.2, 0.4]
ys, sigmas = [], []
for k, xk in enumerate(xs):
    s = 0.03 + 0.02 * rng.random(xk.size)
    sigmas.append(s)
    ys.append(amps[k] * np.exp(-xk / 1.7) + offs[k] + rng.normal(0, s))
# theta = [t, a_1, c_1, a_2, c_2, a_3, c_3]
models = [lambda xk, th, k=k: th[1 + 2 * k] * np.exp(-xk / th[0]) + th[2 + 2 * k] for k in range(3)]
f = stacked(models, [xk.size for xk in xs])
popt, pcov = curve_fit(
    f, np.concatenate(xs), np.concatenate(ys), p0=[1, 1, 0, 1, 0, 1, 0], sigma=np.concatenate(sigmas)
)
names = ["t", "a_1", "c_1", "a_2", "c_2", "a_3", "c_3"]
resid = (np.concatenate(ys) - f(np.concatenate(xs), *popt)) / np.concatenate(sigmas)
cases.append(
    {
        "name": "global-shared-weighted",
        "global": {
            "datasets": [{"x": xs[k].tolist(), "y": ys[k].tolist(), "sigma": sigmas[k].tolist()} for k in range(3)],
            "model": "a*exp(-x/t) + c",
            "shared": ["t"],
            "p0": {"t": 1, "a": 1, "c": 0},
        },
        "params": dict(zip(names, popt.tolist())),
        "stdErrors": dict(zip(names, se(pcov))),
        "chiSquare": float(resid @ resid),
    }
)

# 4. Global, cross-linked (t_2 = 2*t_1), different models per data set (data set 2 has a linear background).
x1 = np.linspace(0, 5, 45)
x2 = np.linspace(0, 10, 55)
y1 = 3 * np.exp(-x1 / 1.2) + rng.normal(0, 0.03, x1.size)
y2 = 2 * np.exp(-x2 / 2.4) + 0.05 * x2 + rng.normal(0, 0.03, x2.size)
# theta = [a_1, t_1, a_2, m_2]
models = [
    lambda xk, th: th[0] * np.exp(-xk / th[1]),
    lambda xk, th: th[2] * np.exp(-xk / (2 * th[1])) + th[3] * xk,
]
f = stacked(models, [x1.size, x2.size])
popt, pcov = curve_fit(f, np.concatenate([x1, x2]), np.concatenate([y1, y2]), p0=[1, 1, 1, 0])
cases.append(
    {
        "name": "global-cross-linked-two-models",
        "global": {
            "datasets": [
                {"x": x1.tolist(), "y": y1.tolist(), "name": "fast"},
                {"x": x2.tolist(), "y": y2.tolist(), "model": "a*exp(-x/t) + m*x", "name": "slow"},
            ],
            "model": "a*exp(-x/t)",
            "shared": [],
            "p0": {"a": 1, "t": 1, "m": 0},
            "expressions": {"t_2": "2*t_1"},
            "derived": {"ratio": "a_2/a_1"},
        },
        "params": {"a_1": popt[0], "t_1": popt[1], "a_2": popt[2], "m_2": popt[3], "t_2": 2 * popt[1]},
        "stdErrors": {
            "a_1": se(pcov)[0],
            "t_1": se(pcov)[1],
            "a_2": se(pcov)[2],
            "m_2": se(pcov)[3],
            "t_2": 2 * se(pcov)[1],
        },
        "derived": {"ratio": [popt[2] / popt[0], delta([-popt[2] / popt[0] ** 2, 0, 1 / popt[0], 0], pcov)]},
    }
)

# 5. Correlated errors: AR(1) correlation 0.6 with varying sigma, scipy's 2-D sigma.
x = np.linspace(0, 4, 30)
s = 0.05 + 0.03 * x / 4
rho = 0.6
corr = rho ** np.abs(np.subtract.outer(np.arange(x.size), np.arange(x.size)))
cov = corr * np.outer(s, s)
L = np.linalg.cholesky(cov)
y = 1.5 * np.exp(-x / 1.3) + 0.2 + L @ rng.normal(size=x.size)


def dec(x, a, t, c):
    return a * np.exp(-x / t) + c


popt, pcov = curve_fit(dec, x, y, p0=[1, 1, 0], sigma=cov)
popt_abs, pcov_abs = curve_fit(dec, x, y, p0=[1, 1, 0], sigma=cov, absolute_sigma=True)
r = np.linalg.solve(L, y - dec(x, *popt))
cases.append(
    {
        "name": "correlated-sigma",
        "problem": {
            "model": "a*exp(-x/t) + c",
            "x": x.tolist(),
            "y": y.tolist(),
            "sigma": cov.tolist(),
            "p0": {"a": 1, "t": 1, "c": 0},
        },
        "params": dict(zip(["a", "t", "c"], popt.tolist())),
        "stdErrors": dict(zip(["a", "t", "c"], se(pcov))),
        "stdErrorsAbsolute": dict(zip(["a", "t", "c"], se(pcov_abs))),
        "chiSquare": float(r @ r),
    }
)

# 6. Infinite sigma: zero weight equals leaving the points out (scipy: sigma=inf gives weight 0).
x = np.linspace(0, 5, 25)
y = 2 * x + 1 + rng.normal(0, 0.1, x.size)
y[[3, 17]] += 5  # outliers that carry no weight
sig = np.full(x.size, 0.1)
sig[[3, 17]] = np.inf
keep = np.isfinite(sig)
popt, pcov = curve_fit(lambda x, a, b: a * x + b, x[keep], y[keep], p0=[1, 0], sigma=sig[keep])
cases.append(
    {
        "name": "infinite-sigma",
        "problem": {
            "model": "a*x + b",
            "x": x.tolist(),
            "y": y.tolist(),
            "sigma": [v if np.isfinite(v) else "Infinity" for v in sig],
            "p0": {"a": 1, "b": 0},
        },
        "params": {"a": popt[0], "b": popt[1]},
        "stdErrors": dict(zip(["a", "b"], se(pcov))),
    }
)


def clean(o):
    if isinstance(o, dict):
        return {k: clean(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [clean(v) for v in o]
    if isinstance(o, (np.floating, np.integer)):
        return o.item()
    return o


print(json.dumps({"generator": f"scipy {scipy.__version__} curve_fit", "cases": clean(cases)}, indent=1))
