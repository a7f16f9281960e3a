"""Reference values for src/core/uncertainty tests, generated once and committed as JSON.

Run with Debian's Python (lmfit 1.1, scipy 1.10):  /usr/bin/python3 generate-lmfit-references.py
Writes lmfit-conf-interval.json (lmfit's documented conf_interval / conf_interval2d examples,
with their data) and nested-fits.json (two nested models fitted with lmfit, F test from
scipy.stats). Distribution values come from generate-scipy-references.py (scipy 1.17).
"""
import json
import numpy as np
import lmfit
from lmfit import Minimizer, Parameters, conf_interval, conf_interval2d
from scipy import stats


def example_reciprocal():
    # lmfit docs, "Calculation of confidence intervals" (examples/doc_confidence_basic.py)
    x = np.linspace(0.3, 10, 100)
    np.random.seed(0)
    y = 1 / (0.1 * x) + 2 + 0.1 * np.random.randn(x.size)
    pars = Parameters()
    pars.add_many(('a', 0.1), ('b', 1))

    def residual(p):
        return 1 / (p['a'] * x) + p['b'] - y

    mini = Minimizer(residual, pars)
    result = mini.minimize()
    ci = conf_interval(mini, result)
    return {
        'name': 'reciprocal',
        'model': '1/(a*x) + b',
        'x': x.tolist(),
        'y': y.tolist(),
        'p0': {'a': 0.1, 'b': 1},
        'sigmas': [1, 2, 3],
        'best': {k: result.params[k].value for k in result.params},
        'stderr': {k: result.params[k].stderr for k in result.params},
        'chisqr': result.chisqr,
        'ci': {k: [[float(p), float(v)] for p, v in rows] for k, rows in ci.items()},
    }


def example_two_exponentials():
    # lmfit docs, "An advanced example" (examples/doc_confidence_advanced.py)
    x = np.linspace(1, 10, 250)
    np.random.seed(0)
    y = 3.0 * np.exp(-x / 2) - 5.0 * np.exp(-(x - 0.1) / 10.) + 0.1 * np.random.randn(x.size)
    p = Parameters()
    p.add_many(('a1', 4), ('a2', 4), ('t1', 3), ('t2', 3))

    def residual(p):
        return p['a1'] * np.exp(-x / p['t1']) + p['a2'] * np.exp(-(x - 0.1) / p['t2']) - y

    mini = Minimizer(residual, p, nan_policy='propagate')
    out1 = mini.minimize(method='Nelder')
    out2 = mini.minimize(method='leastsq', params=out1.params)
    ci = conf_interval(mini, out2, sigmas=[1, 2])
    best = {k: out2.params[k].value for k in out2.params}
    stderr = {k: out2.params[k].stderr for k in out2.params}
    chisqr = out2.chisqr
    gx, gy, grid = conf_interval2d(mini, out2, 'a1', 't2', 30, 30)
    return {
        'name': 'two-exponentials',
        'model': 'a1*exp(-x/t1) + a2*exp(-(x-0.1)/t2)',
        'x': x.tolist(),
        'y': y.tolist(),
        'p0': {'a1': 4, 'a2': 4, 't1': 3, 't2': 3},
        'sigmas': [1, 2],
        'best': best,
        'stderr': stderr,
        'chisqr': chisqr,
        'ci': {k: [[float(p), float(v)] for p, v in rows] for k, rows in ci.items()},
        'ci2d': {'a': 'a1', 'b': 't2', 'nx': 30, 'ny': 30, 'x': gx.tolist(), 'y': gy.tolist(),
                 'prob': grid.tolist()},
    }


def nested_fits():
    # One exponential, nested both in one exponential plus a constant and in two exponentials.
    x = np.linspace(1, 10, 250)
    np.random.seed(0)
    y = 3.0 * np.exp(-x / 2) - 5.0 * np.exp(-(x - 0.1) / 10.) + 0.1 * np.random.randn(x.size)
    simple = lmfit.Model(lambda x, a, t: a * np.exp(-(x - 0.1) / t))
    offset = lmfit.Model(lambda x, a, t, c: a * np.exp(-(x - 0.1) / t) + c)
    full = lmfit.Model(lambda x, a1, t1, a2, t2: a1 * np.exp(-x / t1) + a2 * np.exp(-(x - 0.1) / t2))
    r_simple = simple.fit(y, x=x, a=-4, t=10)
    r_offset = offset.fit(y, x=x, a=-4, t=10, c=0)
    r_full = full.fit(y, x=x, a1=4, t1=3, a2=-4, t2=10)
    fits = []
    for name, expr, r in (('one-exponential', 'a*exp(-(x-0.1)/t)', r_simple),
                          ('one-exponential-offset', 'a*exp(-(x-0.1)/t) + c', r_offset),
                          ('two-exponentials', 'a1*exp(-x/t1) + a2*exp(-(x-0.1)/t2)', r_full)):
        fits.append({'name': name, 'model': expr, 'chisqr': r.chisqr, 'ndata': r.ndata, 'nvarys': r.nvarys,
                     'nfree': r.nfree, 'lmfit_aic': r.aic, 'lmfit_bic': r.bic,
                     'params': {k: r.params[k].value for k in r.params}})
    tests = []
    for a, b in ((0, 1), (0, 2)):
        fa, fb = fits[a], fits[b]
        df1 = fa['nfree'] - fb['nfree']
        df2 = fb['nfree']
        F = ((fa['chisqr'] - fb['chisqr']) / df1) / (fb['chisqr'] / df2)
        tests.append({'simple': a, 'complex': b, 'F': F, 'df1': df1, 'df2': df2,
                      'p': float(stats.f.sf(F, df1, df2))})
    return {'x': x.tolist(), 'y': y.tolist(), 'fits': fits, 'fTests': tests}


if __name__ == '__main__':
    import os
    here = os.path.dirname(os.path.abspath(__file__))
    meta = {'generator': 'generate-lmfit-references.py', 'lmfit': lmfit.__version__, 'numpy': np.__version__,
            'scipy': __import__('scipy').__version__}
    with open(os.path.join(here, 'lmfit-conf-interval.json'), 'w') as fh:
        json.dump({'meta': meta, 'examples': [example_reciprocal(), example_two_exponentials()]}, fh)
    with open(os.path.join(here, 'nested-fits.json'), 'w') as fh:
        json.dump({'meta': meta, **nested_fits()}, fh)
