"""Parity fixtures for nabla's exact split finding (treeMethod 'exact') against XGBoost 1.7's
tree_method='exact' (its colmaker): a few trees of depth 3-4 on the bundled breast cancer,
diabetes and iris sets (also with 10% of the values missing), regularisation variants; each
case records every tree's splits (feature, threshold, missing direction) and the margins of all
rows. Writes test/fixtures/learn/boosting_exact.json, replayed by
test/learn/boosting/exact.test.ts. Run: /usr/bin/python3 tools/parity_learn/boosting_exact.py
"""
import json, os
import numpy as np
import xgboost as xgb
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris

out = {"xgboost": xgb.__version__, "cases": []}

def nodes_of(booster):
    trees = []
    for dump in booster.get_dump(dump_format="json"):
        d = json.loads(dump)
        nodes = []
        def walk(n, path):
            if "leaf" in n:
                nodes.append({"path": path, "leaf": n["leaf"]})
            else:
                nodes.append({"path": path, "feature": int(n["split"][1:]), "threshold": n["split_condition"], "missingLeft": n["missing"] == n["yes"]})
                kids = {c["nodeid"]: c for c in n["children"]}
                walk(kids[n["yes"]], path + "L"); walk(kids[n["no"]], path + "R")
        walk(d, "")
        trees.append(nodes)
    return trees

def with_missing(X, seed=0, frac=0.1):
    X = X.copy()
    X[np.random.RandomState(seed).uniform(size=X.shape) < frac] = np.nan
    return X

bc, db, ir = load_breast_cancer(), load_diabetes(), load_iris()
cases = [
    ("breast_cancer", False, "binary:logistic", dict(n_estimators=5, max_depth=3, learning_rate=0.3, reg_lambda=1.0, reg_alpha=0.0, gamma=0.0, min_child_weight=1.0)),
    ("breast_cancer", True, "binary:logistic", dict(n_estimators=5, max_depth=4, learning_rate=0.3, reg_lambda=1.0, reg_alpha=0.0, gamma=0.0, min_child_weight=1.0)),
    ("breast_cancer", False, "binary:logistic", dict(n_estimators=4, max_depth=4, learning_rate=0.5, reg_lambda=3.0, reg_alpha=0.5, gamma=0.3, min_child_weight=2.0)),
    ("diabetes", False, "reg:squarederror", dict(n_estimators=5, max_depth=3, learning_rate=0.3, reg_lambda=1.0, reg_alpha=0.0, gamma=0.0, min_child_weight=1.0)),
    ("diabetes", True, "reg:squarederror", dict(n_estimators=4, max_depth=4, learning_rate=0.2, reg_lambda=5.0, reg_alpha=2.0, gamma=2000.0, min_child_weight=5.0)),
    ("iris", False, "multi:softprob", dict(n_estimators=3, max_depth=3, learning_rate=0.3, reg_lambda=1.0, reg_alpha=0.0, gamma=0.0, min_child_weight=1.0)),
]
for name, missing, obj, p in cases:
    ds = {"breast_cancer": bc, "diabetes": db, "iris": ir}[name]
    X, y = ds.data.astype(np.float64), ds.target.astype(float)
    if missing: X = with_missing(X)
    base = 0.5 if obj != "reg:squarederror" else float(np.mean(y))
    cls = xgb.XGBRegressor if obj.startswith("reg") else xgb.XGBClassifier
    m = cls(objective=obj, tree_method="exact", base_score=base, n_jobs=1, **p).fit(X, y)
    margin = m.get_booster().predict(xgb.DMatrix(X), output_margin=True)
    out["cases"].append({"dataset": name, "missing": missing, "objective": obj, "params": p, "baseScore": base,
                         "nanIndex": np.flatnonzero(np.isnan(X)).tolist(), "trees": nodes_of(m.get_booster()), "margin": np.asarray(margin, dtype=float).round(7).tolist()})

path = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "learn", "boosting_exact.json")
with open(path, "w") as f:
    json.dump(out, f)
print("wrote", path, os.path.getsize(path))
