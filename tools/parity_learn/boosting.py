"""Parity fixtures for nabla's gradient boosting against XGBoost (python3-xgboost) and scikit-learn.

Writes test/fixtures/learn/boosting.json, replayed by test/learn/boosting/parity.test.ts:
- single trees of depth 1-2 on tiny data (XGBoost 'exact'): split feature, threshold and leaf values;
- held-out AUC / R² / accuracy of XGBoost 'hist' (and scikit-learn's HistGradientBoosting for
  reference) with the same maxBin / eta / lambda / alpha / gamma / minChildWeight / depth, on the
  bundled breast cancer, diabetes and iris sets split by a fixed permutation.
Run: /usr/bin/python3 tools/parity_learn/boosting.py
"""
import json, os
import numpy as np
import xgboost as xgb
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris
from sklearn.metrics import roc_auc_score, r2_score, accuracy_score, log_loss

out = {"xgboost": xgb.__version__, "trees": [], "heldout": []}

def tree_nodes(booster):
    d = json.loads(booster.get_dump(dump_format="json")[0])
    nodes = []
    def walk(n, path):
        if "leaf" in n:
            nodes.append({"path": path, "leaf": n["leaf"]})
        else:
            nodes.append({"path": path, "feature": int(n["split"][1:]), "threshold": n["split_condition"], "missingLeft": n["missing"] == n["yes"]})
            kids = {c["nodeid"]: c for c in n["children"]}
            walk(kids[n["yes"]], path + "L"); walk(kids[n["no"]], path + "R")
    walk(d, "")
    return nodes

rng = np.random.RandomState(0)
X = np.round(rng.uniform(0, 10, size=(16, 2)), 1)
y_reg = np.round(X[:, 0] * 2 - X[:, 1] + rng.normal(0, 1, 16), 2)
y_clf = (X[:, 0] + rng.normal(0, 2, 16) > 5).astype(float)
for depth in (1, 2):
    for obj, y, extra in (("reg:squarederror", y_reg, {}), ("binary:logistic", y_clf, {}), ("reg:squarederror", y_reg, {"reg_alpha": 3.0, "reg_lambda": 2.0, "learning_rate": 0.5})):
        params = dict(n_estimators=1, max_depth=depth, tree_method="exact", base_score=0.5, learning_rate=0.3, reg_lambda=1.0, reg_alpha=0.0, min_child_weight=1.0 if obj.startswith("reg") else 0.1)
        params.update(extra)
        cls = xgb.XGBRegressor if obj.startswith("reg") else xgb.XGBClassifier
        m = cls(objective=obj, **params).fit(X, y)
        out["trees"].append({"objective": obj, "params": {k: v for k, v in params.items() if k not in ("tree_method",)}, "X": X.tolist(), "y": y.tolist(), "nodes": tree_nodes(m.get_booster())})

def split(n, frac=0.7):
    perm = np.random.RandomState(42).permutation(n)
    k = int(n * frac)
    return perm[:k], perm[k:]

common = dict(n_estimators=50, tree_method="hist", max_bin=256, n_jobs=1)
cases = [
    ("breast_cancer", load_breast_cancer(), "binary:logistic", dict(max_depth=3, learning_rate=0.3, reg_lambda=1.0, reg_alpha=0.0, gamma=0.0, min_child_weight=1.0)),
    ("breast_cancer", load_breast_cancer(), "binary:logistic", dict(max_depth=2, learning_rate=0.1, reg_lambda=5.0, reg_alpha=1.0, gamma=0.5, min_child_weight=3.0)),
    ("diabetes", load_diabetes(), "reg:squarederror", dict(max_depth=3, learning_rate=0.1, reg_lambda=1.0, reg_alpha=0.0, gamma=0.0, min_child_weight=1.0)),
    ("diabetes", load_diabetes(), "reg:squarederror", dict(max_depth=2, learning_rate=0.2, reg_lambda=10.0, reg_alpha=5.0, gamma=100.0, min_child_weight=5.0)),
    ("diabetes", load_diabetes(), "count:poisson", dict(max_depth=3, learning_rate=0.1, reg_lambda=1.0, reg_alpha=0.0, gamma=0.0, min_child_weight=1.0)),
    ("iris", load_iris(), "multi:softprob", dict(max_depth=2, learning_rate=0.3, reg_lambda=1.0, reg_alpha=0.0, gamma=0.0, min_child_weight=1.0)),
]
for name, ds, obj, p in cases:
    Xd, yd = ds.data, ds.target.astype(float)
    tr, te = split(len(yd))
    base = float(np.mean(yd[tr])) if obj != "multi:softprob" else 0.5
    cls = xgb.XGBClassifier if obj in ("binary:logistic", "multi:softprob") else xgb.XGBRegressor
    m = cls(objective=obj, base_score=base, **common, **p).fit(Xd[tr], yd[tr])
    rec = {"dataset": name, "objective": obj, "params": p, "baseScore": base, "nEstimators": common["n_estimators"], "train": tr.tolist(), "test": te.tolist()}
    if obj == "binary:logistic":
        pr = m.predict_proba(Xd[te])[:, 1]
        rec["metric"], rec["xgboost"] = "auc", float(roc_auc_score(yd[te], pr))
    elif obj == "multi:softprob":
        pr = m.predict_proba(Xd[te])
        rec["metric"], rec["xgboost"] = "accuracy", float(accuracy_score(yd[te], pr.argmax(1)))
        rec["xgboostLogLoss"] = float(log_loss(yd[te], pr))
    else:
        pr = m.predict(Xd[te])
        rec["metric"], rec["xgboost"] = "r2", float(r2_score(yd[te], pr))
    out["heldout"].append(rec)

path = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "learn", "boosting.json")
with open(path, "w") as f:
    json.dump(out, f)
print("wrote", path)
