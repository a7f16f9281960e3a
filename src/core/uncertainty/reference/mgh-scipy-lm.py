"""Where scipy.optimize.least_squares(method="lm") (MINPACK) stops on More–Garbow–Hillstrom problems
from 1x, 10x and 100x the standard start (the stuckFrom lists of mgh-problems.fixture.ts).
Run: python3 mgh-scipy-lm.py (scipy 1.17.1 printed the table in mgh-scipy-lm.txt)."""
import numpy as np, warnings
from scipy.optimize import least_squares
warnings.filterwarnings('ignore')
P = {}
def fr(x): return np.array([-13 + x[0] + ((5 - x[1]) * x[1] - 2) * x[1], -29 + x[0] + ((x[1] + 1) * x[1] - 14) * x[1]])
P['freudenstein-roth'] = (fr, [0.5, -2], 0.0)
yb = np.array([1.5, 2.25, 2.625])
P['beale'] = (lambda x: yb - x[0] * (1 - x[1] ** np.arange(1, 4)), [1, 1], 0.0)
i10 = np.arange(1, 11)
P['jennrich-sampson'] = (lambda x: 2 + 2 * i10 - (np.exp(i10 * x[0]) + np.exp(i10 * x[1])), [0.3, 0.4], 124.362)
ybard = np.array([0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.10, 4.39])
u = np.arange(1, 16); v = 16 - u; w = np.minimum(u, v)
P['bard'] = (lambda x: ybard - (x[0] + u / (v * x[1] + w * x[2])), [1, 1, 1], 8.21487e-3)
t = 0.1 * i10
P['box3d'] = (lambda x: np.exp(-t * x[0]) - np.exp(-t * x[1]) - x[2] * (np.exp(-t) - np.exp(-10 * t)), [0, 10, 20], 0.0)
yg = np.array([0.0009, 0.0044, 0.0175, 0.0540, 0.1295, 0.2420, 0.3521, 0.3989, 0.3521, 0.2420, 0.1295, 0.0540, 0.0175, 0.0044, 0.0009])
tg = (8 - np.arange(1, 16)) / 2
P['gaussian'] = (lambda x: x[0] * np.exp(-x[1] * (tg - x[2]) ** 2 / 2) - yg, [0.4, 1, 0], 1.12793e-8)
yk = np.array([0.1957, 0.1947, 0.1735, 0.1600, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246])
uk = np.array([4, 2, 1, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625])
P['kowalik-osborne'] = (lambda x: yk - x[0] * (uk ** 2 + uk * x[1]) / (uk ** 2 + uk * x[2] + x[3]), [0.25, 0.39, 0.415, 0.39], 3.07505e-4)
yo = np.array([.844, .908, .932, .936, .925, .908, .881, .850, .818, .784, .751, .718, .685, .658, .628, .603, .580, .558, .538, .522, .506, .490, .478, .467, .457, .448, .438, .431, .424, .420, .414, .411, .406])
to = 10 * np.arange(33)
P['osborne1'] = (lambda x: yo - (x[0] + x[1] * np.exp(-to * x[3]) + x[2] * np.exp(-to * x[4])), [0.5, 1.5, -1, 0.01, 0.02], 5.46489e-5)
tb = 0.1 * np.arange(1, 14)
yb6 = np.exp(-tb) - 5 * np.exp(-10 * tb) + 3 * np.exp(-4 * tb)
P['biggs-exp6'] = (lambda x: x[2] * np.exp(-tb * x[0]) - x[3] * np.exp(-tb * x[1]) + x[5] * np.exp(-tb * x[4]) - yb6, [1, 2, 1, 1, 1, 1], 0.0)
P['brown-badly-scaled'] = (lambda x: np.array([x[0] - 1e6, x[1] - 2e-6, x[0] * x[1] - 2]), [1, 1], 0.0)
P['powell-badly-scaled'] = (lambda x: np.array([1e4 * x[0] * x[1] - 1, np.exp(-x[0]) + np.exp(-x[1]) - 1.0001]), [0, 1], 0.0)
td = np.arange(1, 21) / 5
P['brown-dennis'] = (lambda x: (x[0] + td * x[1] - np.exp(td)) ** 2 + (x[2] + x[3] * np.sin(td) - np.cos(td)) ** 2, [25, 5, -5, -1], 85822.2)
for name, (f, x0, fmin) in P.items():
    row = []
    for k in (1, 10, 100):
        try:
            r = least_squares(f, np.array(x0, float) * k, method='lm', xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=20000)
            F = float((r.fun ** 2).sum())
        except Exception as e:
            F = float('nan')
        ok = abs(F - fmin) <= 1e-4 * max(fmin, 1e-6) + 1e-10
        row.append(f"{k}x: {F:.6g} {'OK' if ok else 'STUCK'}")
    print(f"{name:22s} fmin={fmin:<10g}", ' | '.join(row))
