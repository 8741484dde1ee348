"""Semi-supervised parity fixtures (scikit-learn) -> test/fixtures/learn/semi_supervised.json.

Run: /usr/bin/python3 tools/parity_learn/semi_supervised.py
Iris with labels masked to -1 (numpy RandomState masks, stored in the fixture); queries are the
first 30 rows shifted by 0.05 so they are not training rows.
"""
import json, os
import numpy as np
from sklearn import datasets
from sklearn.neighbors import KNeighborsClassifier
from sklearn.semi_supervised import LabelPropagation, LabelSpreading, SelfTrainingClassifier

iris = datasets.load_iris()
# Iris has exact duplicate distances; a tiny jitter breaks them so the kNN graphs do not depend
# on how each library orders equal distances (scikit-learn's KD-tree keeps the first visited).
X, y = iris.data + 1e-7 * np.random.RandomState(1).randn(*iris.data.shape), iris.target
Xq = X[:30] + 0.05
out = {"sklearn": __import__("sklearn").__version__, "X": X.tolist(), "query": Xq.tolist(), "cases": []}
for frac, seed in [(0.3, 42), (0.8, 0)]:
    rng = np.random.RandomState(seed)
    ym = y.copy()
    ym[rng.rand(len(y)) < frac] = -1
    for cls, cfg in [(LabelPropagation, {}), (LabelPropagation, dict(kernel="knn", n_neighbors=7)), (LabelPropagation, dict(gamma=5, tol=1e-6)),
                     (LabelSpreading, {}), (LabelSpreading, dict(kernel="knn", n_neighbors=7, alpha=0.5)), (LabelSpreading, dict(alpha=0.8, max_iter=100, gamma=2))]:
        m = cls(**cfg).fit(X, ym)
        out["cases"].append({"model": cls.__name__, "params": cfg, "y": ym.tolist(), "labelDistributions": m.label_distributions_.ravel().tolist(),
                             "transduction": m.transduction_.tolist(), "nIter": int(m.n_iter_), "proba": m.predict_proba(Xq).ravel().tolist(),
                             "predict": m.predict(Xq).tolist()})
    for cfg, base in [(dict(threshold=0.75), dict(n_neighbors=5, weights="distance")), (dict(criterion="k_best", k_best=10, max_iter=None), "lp"),
                      (dict(threshold=0.9, max_iter=2), dict(n_neighbors=3, weights="distance"))]:
        # k_best ranks by probability: a base with continuous probabilities avoids tied ranks.
        est = LabelPropagation(gamma=5) if base == "lp" else KNeighborsClassifier(**base)
        m = SelfTrainingClassifier(est, **cfg).fit(X, ym)
        out["cases"].append({"model": "SelfTrainingClassifier", "params": cfg, "base": base, "y": ym.tolist(), "transduction": m.transduction_.tolist(),
                             "labeledIter": m.labeled_iter_.tolist(), "nIter": int(m.n_iter_), "terminationCondition": m.termination_condition_,
                             "proba": m.predict_proba(Xq).ravel().tolist(), "predict": m.predict(Xq).tolist()})
path = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "learn", "semi_supervised.json")
with open(path, "w") as f:
    json.dump(out, f)
print(len(out["cases"]), "cases")
