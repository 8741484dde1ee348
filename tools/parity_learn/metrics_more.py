"""Parity fixtures for nabla's clustering and statistics metrics (src/metrics/clustering.ts,
statistics.ts, bias-variance.ts): scikit-learn, numpy and scipy outputs on random and edge-case
inputs. Writes test/fixtures/learn/metrics_more.json. Run: /usr/bin/python3 tools/parity_learn/metrics_more.py"""
import json, os
import numpy as np
import scipy, scipy.stats, sklearn
from sklearn import metrics as M

rng = np.random.RandomState(0)
cases = []

def add(fn, args, kwargs, out):
    cases.append({"fn": fn, "args": args, "kwargs": kwargs, "out": out})

def tolist(x):
    x = np.asarray(x)
    return x.tolist()

# ---- clustering: label agreement
label_pairs = [
    ([0, 0, 1, 1], [0, 0, 1, 1]),
    ([0, 0, 1, 1], [1, 1, 0, 0]),
    ([0, 0, 0, 0], [0, 1, 2, 3]),
    ([0, 0, 0, 0], [0, 0, 0, 0]),
    ([0, 0, 1, 2], [0, 0, 1, 1]),
    (["a", "a", "b", "b", "c"], ["x", "y", "y", "z", "z"]),
]
for n, kt, kp in [(30, 3, 4), (100, 5, 5), (57, 2, 7), (200, 10, 3)]:
    label_pairs.append((rng.randint(0, kt, n).tolist(), rng.randint(0, kp, n).tolist()))
for a, b in label_pairs:
    add("adjustedRandScore", [a, b], {}, float(M.adjusted_rand_score(a, b)))
    add("mutualInfoScore", [a, b], {}, float(M.mutual_info_score(a, b)))
    for am in ["arithmetic", "geometric", "min", "max"]:
        add("normalizedMutualInfoScore", [a, b], {"averageMethod": am}, float(M.normalized_mutual_info_score(a, b, average_method=am)))
    add("adjustedMutualInfoScore", [a, b], {}, float(M.adjusted_mutual_info_score(a, b)))
    add("adjustedMutualInfoScore", [a, b], {"averageMethod": "max"}, float(M.adjusted_mutual_info_score(a, b, average_method="max")))
    h, c, v = M.homogeneity_completeness_v_measure(a, b)
    add("homogeneityCompletenessVMeasure", [a, b], {}, {"homogeneity": h, "completeness": c, "vMeasure": v})
    add("vMeasureScore", [a, b], {"beta": 0.5}, float(M.v_measure_score(a, b, beta=0.5)))

# ---- clustering: from data
for n, d, k in [(20, 2, 3), (60, 5, 4), (35, 3, 2)]:
    X = rng.randn(n, d) + np.repeat(rng.randn(k, d) * 3, n // k + 1, axis=0)[:n]
    lab = np.repeat(np.arange(k), n // k + 1)[:n]
    rng.shuffle(lab)
    X = X.tolist(); lab = lab.tolist()
    add("silhouetteSamples", [X, lab], {}, tolist(M.silhouette_samples(X, lab)))
    add("silhouetteScore", [X, lab], {}, float(M.silhouette_score(X, lab)))
    D = M.pairwise_distances(X, metric="manhattan")
    add("silhouetteScore", [D.tolist(), lab], {"metric": "precomputed"}, float(M.silhouette_score(D, lab, metric="precomputed")))
    add("daviesBouldinScore", [X, lab], {}, float(M.davies_bouldin_score(X, lab)))
    add("calinskiHarabaszScore", [X, lab], {}, float(M.calinski_harabasz_score(X, lab)))
# a singleton cluster (silhouette 0 for it)
X = [[0.0, 0.0], [0.1, 0.0], [0.0, 0.2], [5.0, 5.0], [5.1, 5.2], [9.0, 0.0]]
lab = [0, 0, 0, 1, 1, 2]
add("silhouetteSamples", [X, lab], {}, tolist(M.silhouette_samples(X, lab)))
add("daviesBouldinScore", [X, lab], {}, float(M.davies_bouldin_score(X, lab)))
add("calinskiHarabaszScore", [X, lab], {}, float(M.calinski_harabasz_score(X, lab)))

# ---- statistics
for shape in [(3, 10), (5, 7), (1, 6)]:
    m = rng.randn(*shape)
    add("cov", [m.tolist()], {}, tolist(np.cov(m)))
    add("cov", [m.tolist()], {"bias": True}, tolist(np.cov(m, bias=True)))
    add("cov", [m.T.tolist()], {"rowvar": False, "ddof": 2}, tolist(np.cov(m.T, rowvar=False, ddof=2)))
    add("corrcoef", [m.tolist()], {}, tolist(np.corrcoef(m)))
x, y = rng.randn(12), rng.randn(12)
add("cov", [x.tolist(), y.tolist()], {}, tolist(np.cov(x, y)))
add("corrcoef", [x.tolist(), y.tolist()], {}, tolist(np.corrcoef(x, y)))
# spearman with ties
a = rng.randint(0, 5, 25).astype(float); b = rng.randint(0, 4, 25).astype(float) + a * 0.5
add("spearmanr", [a.tolist(), b.tolist()], {}, float(scipy.stats.spearmanr(a, b)[0]))
A = np.column_stack([a, b, rng.randn(25)])
add("spearmanr", [A.tolist()], {}, tolist(scipy.stats.spearmanr(A)[0]))
add("spearmanr", [A.T.tolist()], {"axis": 1}, tolist(scipy.stats.spearmanr(A.T, axis=1)[0]))
for pk, qk, base in [([0.5, 0.5], None, None), ([1, 2, 3, 0], None, 2), ([9, 1], [1, 1], None), ([0.2, 0.3, 0.5], [0.1, 0.6, 0.3], 10)]:
    args = [pk] if qk is None else [pk, qk]
    kw = {} if base is None else {"base": base}
    out = scipy.stats.entropy(pk, qk, base=base)
    add("entropy", args if qk is not None else [pk, None], kw, float(out))
for a, b in label_pairs[4:]:
    add("mutualInformation", [a, b], {}, float(M.mutual_info_score(a, b)))

# ---- bias-variance aggregation (mlxtend's bias_variance_decomp formulas on given predictions)
def decomp(all_pred, y_test, loss):
    if loss == "0-1":
        all_pred = all_pred.astype(int)
        main = np.apply_along_axis(lambda x: np.argmax(np.bincount(x)), axis=0, arr=all_pred)
        exp_loss = np.apply_along_axis(lambda x: (x != y_test).mean(), axis=1, arr=all_pred).mean()
        bias = np.sum(main != y_test) / y_test.size
        var = np.zeros(all_pred.shape[1])
        for p in all_pred:
            var += (p != main).astype(np.int_)
        var /= all_pred.shape[0]
        variance = var.sum() / y_test.shape[0]
    else:
        exp_loss = np.apply_along_axis(lambda x: ((x - y_test) ** 2).mean(), axis=1, arr=all_pred).mean()
        main = np.mean(all_pred, axis=0)
        bias = np.sum((main - y_test) ** 2) / y_test.size
        variance = np.sum((main - all_pred) ** 2) / all_pred.size
    return {"expectedLoss": float(exp_loss), "bias": float(bias), "variance": float(variance), "noise": 0.0}
P = rng.randn(15, 8); yt = rng.randn(8)
add("decomposeLoss", [P.tolist(), yt.tolist(), "mse"], {}, decomp(P, yt, "mse"))
P = rng.randint(0, 3, (21, 10)); yt = rng.randint(0, 3, 10)
add("decomposeLoss", [P.tolist(), yt.tolist(), "0-1"], {}, decomp(P, yt, "0-1"))

out = {"sklearn": sklearn.__version__, "numpy": np.__version__, "scipy": scipy.__version__, "cases": cases}
path = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "learn", "metrics_more.json")
with open(path, "w") as f:
    json.dump(out, f)
print(len(cases), "cases ->", os.path.normpath(path))
