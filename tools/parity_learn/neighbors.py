"""KNeighbors parity fixtures (scikit-learn) -> test/fixtures/learn/neighbors.json.

Run: /usr/bin/python3 tools/parity_learn/neighbors.py
Train rows are the even rows of each bundled set, queries the odd rows. Each case stores
kneighbors with k+1 neighbours (so the test can tell ties at the k-th boundary), predictions and,
for classifiers, probabilities.
"""
import json, os
import numpy as np
from sklearn import datasets
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor

out = {"sklearn": __import__("sklearn").__version__, "cases": []}
sets = {"iris": datasets.load_iris(), "wine": datasets.load_wine(), "diabetes": datasets.load_diabetes(scaled=False)}
configs = [
    dict(n_neighbors=5), dict(n_neighbors=5, weights="distance"), dict(n_neighbors=7, metric="manhattan"),
    dict(n_neighbors=4, metric="minkowski", p=3), dict(n_neighbors=5, metric="cosine", algorithm="brute"),
    dict(n_neighbors=3, algorithm="kd_tree", leaf_size=5), dict(n_neighbors=6, algorithm="brute", weights="distance"),
    dict(n_neighbors=1),
]
for name, bunch in sets.items():
    X, y = bunch.data.astype(float), bunch.target.astype(float)
    Xtr, ytr, Xte = X[::2], y[::2], X[1::2]
    # Exact copies of training rows among the queries exercise the zero-distance weights.
    Xte = np.vstack([Xte[:20], Xtr[:5]])
    kind = "reg" if name == "diabetes" else "clf"
    for cfg in configs:
        Est = KNeighborsRegressor if kind == "reg" else KNeighborsClassifier
        est = Est(**cfg).fit(Xtr, ytr)
        k = cfg["n_neighbors"]
        d1, i1 = est.kneighbors(Xte, k + 1)
        ds, is_ = est.kneighbors(None, k + 1)
        case = {"dataset": name, "kind": kind, "params": cfg, "fitMethod": est._fit_method,
                "distances": d1.ravel().tolist(), "indices": i1.ravel().tolist(),
                "selfDistances": ds.ravel().tolist(), "selfIndices": is_.ravel().tolist(),
                "predict": est.predict(Xte).tolist()}
        if kind == "clf":
            case["proba"] = est.predict_proba(Xte).ravel().tolist()
        out["cases"].append(case)
path = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "learn", "neighbors.json")
with open(path, "w") as f:
    json.dump(out, f)
print(len(out["cases"]), "cases")
