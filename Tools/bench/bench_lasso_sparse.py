"""Lasso solvers on a high-dimensional sparse design: scikit-learn, skglm, celer, float64.

The design is the one `regula bench lasso` builds, drawn from the same counter-based
SplitMix64 stream so that both sides fit the same numbers (up to the last bits of y):
n = 2000 rows, p = 20000 columns, about 50 entries per row (rcv1-like density 0.25%),
values U[0.1, 1); w* has 100 nonzeros +-U[1, 2]; y = X w* + uniform noise of standard
deviation 0.1 * rms(X w*). No intercept. alpha in {0.1, 0.01} * alpha_max,
alpha_max = ||X^T y||_inf / n; objective 1/(2n)||y - Xw||^2 + alpha ||w||_1.

For each solver: the median time at tol = 1e-8 (3 runs after a warm-up) with its achieved
objective and duality gap, and a tolerance sweep (tol = 1e-2 ... 1e-10, one timed run each)
for the suboptimality-versus-time plot (`regula bench lasso --peers this.json --plot f.svg`).
Prints one JSON line.  Usage: python Tools/bench/bench_lasso_sparse.py [--quick]
"""
import json
import sys
import time
import warnings

import numpy as np
import scipy.sparse as sp

QUICK = "--quick" in sys.argv
MASK = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15


def splitmix(seed, k):
    """Output k (from 0) of SplitMix64 seeded with `seed`: mix(seed + (k + 1) * gamma)."""
    z = (seed + (k + 1) * GAMMA) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def unit(seed, k):
    return (splitmix(seed, k) >> 11) * 2.0 ** -53


def make_data(n=2000, p=20000, per_row=50, k=100, seed=1):
    indptr, indices, data = [0], [], []
    for i in range(n):
        row = {}
        for t in range(per_row):
            c = splitmix(seed, i * 2 * per_row + t) % p
            if c not in row:
                row[c] = 0.1 + 0.9 * unit(seed, i * 2 * per_row + per_row + t)
        for c in sorted(row):
            indices.append(c)
            data.append(row[c])
        indptr.append(len(indices))
    w = {}
    t = 0
    while len(w) < k:
        c = splitmix(seed + 1000, 3 * t) % p
        if c not in w:
            sign = 1.0 if splitmix(seed + 1000, 3 * t + 1) & 1 else -1.0
            w[c] = sign * (1 + unit(seed + 1000, 3 * t + 2))
        t += 1
    xw = []
    for i in range(n):
        s = 0.0
        for q in range(indptr[i], indptr[i + 1]):
            s += data[q] * w.get(indices[q], 0.0)
        xw.append(s)
    rms = (sum(v * v for v in xw) / n) ** 0.5
    y = np.array([xw[i] + 0.1 * rms * 12 ** 0.5 * (unit(seed + 2000, i) - 0.5) for i in range(n)])
    X = sp.csr_matrix((np.array(data), np.array(indices), np.array(indptr)), shape=(n, p)).tocsc()
    return X, y


def objective(X, y, w, a):
    r = y - X @ w
    return float(0.5 / len(y) * (r @ r) + a * np.abs(w).sum())


def gap(X, y, w, a):
    n = len(y)
    r = y - X @ w
    s = min(1.0, n * a / np.max(np.abs(X.T @ r)))
    nu = s * r
    return float(objective(X, y, w, a) - ((nu @ y) / n - 0.5 / n * (nu @ nu)))


def main():
    warnings.simplefilter("ignore")
    import celer
    import skglm
    import sklearn
    from sklearn.linear_model import Lasso as SkLasso

    X, y = make_data()
    n = len(y)
    amax = float(np.max(np.abs(X.T @ y)) / n)
    solvers = {
        "sklearn": lambda a, tol: SkLasso(alpha=a, fit_intercept=False, tol=tol, max_iter=1_000_000),
        "skglm": lambda a, tol: skglm.Lasso(alpha=a, fit_intercept=False, tol=tol, max_iter=1000),
        "celer": lambda a, tol: celer.Lasso(alpha=a, fit_intercept=False, tol=tol, max_iter=1000),
    }
    results = []
    for frac in (0.1, 0.01):
        a = frac * amax
        for name, make in solvers.items():
            make(a, 1e-8).fit(X, y)  # warm-up (and numba compilation)
            times = []
            for _ in range(3):
                t0 = time.perf_counter()
                m = make(a, 1e-8).fit(X, y)
                times.append(time.perf_counter() - t0)
            w = m.coef_
            sweep = []
            for e in range(2, 5 if QUICK else 11):
                t0 = time.perf_counter()
                ms = make(a, 10.0 ** -e).fit(X, y)
                sweep.append({"tol": 10.0 ** -e, "seconds": time.perf_counter() - t0,
                              "objective": objective(X, y, ms.coef_, a), "duality_gap": gap(X, y, ms.coef_, a)})
            results.append({"solver": name, "alpha_fraction": frac, "alpha": a, "median_s": sorted(times)[1],
                            "nnz": int(np.sum(w != 0)), "objective": objective(X, y, w, a),
                            "duality_gap": gap(X, y, w, a), "sweep": sweep})
    print(json.dumps({"benchmark": "lasso_sparse_2000x20000", "sklearn": sklearn.__version__,
                      "skglm": skglm.__version__, "celer": celer.__version__, "alpha_max": amax, "nnz": int(X.nnz),
                      "tol": 1e-8, "results": results}))


if __name__ == "__main__":
    main()
