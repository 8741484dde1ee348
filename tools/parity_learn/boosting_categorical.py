"""Held-out fixtures for nabla's native categorical splits (categoricalFeatures) against XGBoost 1.7
with enable_categorical (tree_method='hist', max_cat_to_onehot 4): synthetic data with a
40-level categorical feature that matters (5% missing), a 3-level one (one-vs-rest splits) and
two numeric features; regression (R²) and binary classification (AUC). Also records XGBoost's
score when the codes are treated as numbers, for reference. Writes
test/fixtures/learn/boosting_categorical.json, replayed by test/learn/boosting/categorical.test.ts.
Run: /usr/bin/python3 tools/parity_learn/boosting_categorical.py
"""
import json, os
import numpy as np
import xgboost as xgb
from sklearn.metrics import r2_score, roc_auc_score

rng = np.random.RandomState(7)
n, n_train = 3000, 2000
effect = rng.normal(0, 1, 40)
c0 = rng.randint(0, 40, n).astype(float)
c1 = rng.randint(0, 3, n).astype(float)
x2, x3 = rng.uniform(-1, 1, n), rng.uniform(-1, 1, n)
signal = 2 * effect[c0.astype(int)] + np.array([0.0, 1.0, -1.0])[c1.astype(int)] + np.sin(3 * x2) + 0.5 * x3
y_reg = signal + rng.normal(0, 0.3, n)
y_clf = (signal + rng.logistic(0, 1, n) > 0).astype(float)
c0[rng.uniform(size=n) < 0.05] = np.nan
X = np.column_stack([c0, c1, x2, x3])
tr, te = np.arange(n_train), np.arange(n_train, n)
params = dict(tree_method="hist", max_depth=3, eta=0.3, max_bin=256, max_cat_to_onehot=4, nthread=1, reg_lambda=1.0, min_child_weight=1.0)
rounds = 50
out = {"xgboost": xgb.__version__, "X": [[None if np.isnan(v) else float(v) for v in row] for row in X], "yReg": y_reg.round(6).tolist(), "yClf": y_clf.tolist(),
       "nTrain": n_train, "params": {"max_depth": 3, "learning_rate": 0.3, "n_estimators": rounds}, "cases": []}
for task, y, obj, metric in (("regression", y_reg, "reg:squarederror", r2_score), ("classification", y_clf, "binary:logistic", roc_auc_score)):
    scores = {}
    for kind, ftypes in (("categorical", ["c", "c", "q", "q"]), ("numeric", ["q"] * 4)):
        dtr = xgb.DMatrix(X[tr], y[tr], feature_types=ftypes, enable_categorical=True)
        dte = xgb.DMatrix(X[te], feature_types=ftypes, enable_categorical=True)
        base = float(np.mean(y[tr]))
        b = xgb.train({**params, "objective": obj, "base_score": base}, dtr, rounds)
        scores[kind] = float(metric(y[te], b.predict(dte)))
    out["cases"].append({"task": task, "xgboostCategorical": scores["categorical"], "xgboostNumeric": scores["numeric"]})
path = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "learn", "boosting_categorical.json")
with open(path, "w") as f:
    json.dump(out, f)
print("wrote", path, os.path.getsize(path), out["cases"])
