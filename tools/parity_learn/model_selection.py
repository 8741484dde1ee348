"""scikit-learn parity fixtures for nabla's modelSelection: deterministic splitters' folds,
cross-validation / search / curves of NearestCentroid and Ridge on fixed data.

Run: /usr/bin/python3 tools/parity_learn/model_selection.py  → test/fixtures/learn/model_selection.json
"""
import json, os
import numpy as np
import sklearn
from sklearn.model_selection import (KFold, StratifiedKFold, GroupKFold, LeaveOneOut, LeavePOut,
    TimeSeriesSplit, train_test_split, cross_val_score, cross_validate, cross_val_predict,
    GridSearchCV, learning_curve, validation_curve)
from sklearn.neighbors import NearestCentroid
from sklearn.linear_model import Ridge
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

rng = np.random.RandomState(0)
out = {"sklearn": sklearn.__version__, "splitters": [], "cv": {}}

def folds(cv, X, y=None, groups=None):
    return [{"train": tr.tolist(), "test": te.tolist()} for tr, te in cv.split(X, y, groups)]

for n in [5, 7, 10, 13, 20]:
    for k in [2, 3, 5]:
        if k <= n:
            out["splitters"].append({"kind": "KFold", "n": n, "options": {"nSplits": k}, "folds": folds(KFold(k), np.zeros(n))})
layouts = {
    "balanced": [0, 1] * 6,
    "imbalanced": [0] * 9 + [1] * 3 + [2] * 4,
    "appearance": [2, 2, 0, 1, 1, 2, 0, 0, 1, 2, 2, 0, 1, 2, 0, 0, 1, 1],
    "sorted": [0] * 5 + [1] * 5 + [2] * 5,
    "strings": ["b", "a", "c", "a", "b", "b", "c", "a", "a", "c", "b"],
    "rare": [0] * 10 + [1] * 2,
    "random": rng.randint(0, 4, 37).tolist(),
}
for name, y in layouts.items():
    for k in [2, 3, 4, 5]:
        counts = np.unique(y, return_counts=True)[1]
        if np.all(k > counts) or k > len(y):
            continue
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            f = folds(StratifiedKFold(k), np.zeros(len(y)), y)
        out["splitters"].append({"kind": "StratifiedKFold", "n": len(y), "y": y, "layout": name, "options": {"nSplits": k}, "folds": f})
group_sets = {
    "sizes": [0, 0, 0, 1, 1, 2, 2, 2, 2, 3, 4, 4, 5, 5, 5, 5, 5],
    "ties": [0, 0, 1, 1, 2, 2, 3, 3, 4, 5],
    "strings": ["x", "y", "x", "z", "w", "w", "y", "x", "v", "v", "u"],
    "random": rng.randint(0, 12, 60).tolist(),
    "shuffled": [3, 1, 3, 2, 0, 1, 3, 2, 2, 3, 0, 4, 4, 4, 1],
    # > 16 groups with equal sizes: numpy's introsort order (own stream, so the data below stay put)
    "many_ties": np.random.RandomState(5).randint(0, 40, 90).tolist(),
    "many_ties_strings": ["g%02d" % v for v in np.random.RandomState(6).randint(0, 25, 70)],
}
for name, g in group_sets.items():
    for k in [2, 3, 4, 7]:
        if k <= len(set(g)):
            out["splitters"].append({"kind": "GroupKFold", "n": len(g), "groups": g, "layout": name, "options": {"nSplits": k}, "folds": folds(GroupKFold(k), np.zeros(len(g)), None, g)})
for n in [2, 4, 6]:
    out["splitters"].append({"kind": "LeaveOneOut", "n": n, "options": {}, "folds": folds(LeaveOneOut(), np.zeros(n))})
for n, p in [(4, 2), (5, 3), (6, 1), (5, 2)]:
    out["splitters"].append({"kind": "LeavePOut", "n": n, "options": {"p": p}, "folds": folds(LeavePOut(p), np.zeros(n))})
for n, opts in [(6, {}), (10, {"nSplits": 3}), (20, {"nSplits": 4, "maxTrainSize": 5}), (20, {"nSplits": 3, "testSize": 2}),
                (20, {"nSplits": 3, "gap": 2}), (23, {"nSplits": 4, "testSize": 3, "gap": 1, "maxTrainSize": 6}), (12, {"nSplits": 5})]:
    kw = {"n_splits": opts.get("nSplits", 5), "max_train_size": opts.get("maxTrainSize"), "test_size": opts.get("testSize"), "gap": opts.get("gap", 0)}
    out["splitters"].append({"kind": "TimeSeriesSplit", "n": n, "options": opts, "folds": folds(TimeSeriesSplit(**kw), np.zeros(n))})
# train_test_split without shuffling: sizes and rounding
tts = []
for n, opts in [(10, {}), (10, {"testSize": 0.33}), (7, {"trainSize": 0.5}), (9, {"testSize": 2}), (11, {"trainSize": 3, "testSize": 4}),
                (13, {"testSize": 0.3, "trainSize": 0.45}), (100, {"testSize": 0.15})]:
    kw = {"test_size": opts.get("testSize"), "train_size": opts.get("trainSize"), "shuffle": False}
    a, b = train_test_split(np.arange(n), **kw)
    tts.append({"n": n, "options": opts, "train": a.tolist(), "test": b.tolist()})
out["trainTestSplit"] = tts

# Data for cross-validation and search.
Xc = np.vstack([rng.randn(12, 2) + [0, 0], rng.randn(10, 2) + [2, 1], rng.randn(8, 2) + [0, 3]])
yc = np.array([0] * 12 + [1] * 10 + [2] * 8)
perm = rng.permutation(30); Xc, yc = Xc[perm], yc[perm]
Xr = rng.randn(40, 3)
yr = Xr @ np.array([1.5, -2.0, 0.5]) + 0.3 + 0.5 * rng.randn(40)
out["data"] = {"Xc": Xc.tolist(), "yc": yc.tolist(), "Xr": Xr.tolist(), "yr": yr.tolist()}
cv = out["cv"]
cv["centroidDefault"] = cross_val_score(NearestCentroid(), Xc, yc).tolist()  # cv=5 → StratifiedKFold
cv["centroidKFold3"] = cross_val_score(NearestCentroid(), Xc, yc, cv=KFold(3)).tolist()
cv["ridgeDefault"] = cross_val_score(Ridge(alpha=1.0), Xr, yr).tolist()  # KFold(5), r2
cv["ridgeMse"] = cross_val_score(Ridge(alpha=0.5), Xr, yr, cv=4, scoring="neg_mean_squared_error").tolist()
r = cross_validate(Ridge(alpha=2.0), Xr, yr, cv=KFold(4), scoring=["r2", "neg_mean_absolute_error"], return_train_score=True)
cv["ridgeValidate"] = {k: v.tolist() for k, v in r.items() if not k.endswith("time")}
cv["ridgePredict"] = cross_val_predict(Ridge(alpha=1.0), Xr, yr, cv=5).tolist()
cv["centroidPredict"] = cross_val_predict(NearestCentroid(), Xc, yc, cv=3).tolist()
gs = GridSearchCV(Ridge(), {"alpha": [0.01, 1.0, 30.0], "fit_intercept": [True, False]}, cv=4, scoring="neg_mean_squared_error", return_train_score=True).fit(Xr, yr)
res = gs.cv_results_
cv["gridRidge"] = {
    "params": [{("fitIntercept" if k == "fit_intercept" else k): v for k, v in p.items()} for p in res["params"]],
    "meanTestScore": res["mean_test_score"].tolist(), "stdTestScore": res["std_test_score"].tolist(),
    "rankTestScore": res["rank_test_score"].tolist(), "meanTrainScore": res["mean_train_score"].tolist(),
    "split": [res[f"split{i}_test_score"].tolist() for i in range(4)],
    "bestIndex": int(gs.best_index_), "bestScore": gs.best_score_, "bestCoef": gs.best_estimator_.coef_.tolist(),
}
gs2 = GridSearchCV(NearestCentroid(), [{"shrink_threshold": [None]}, {"shrink_threshold": [0.5, 1.0]}], cv=3).fit(Xc, yc)
cv["gridCentroid"] = {"meanTestScore": gs2.cv_results_["mean_test_score"].tolist(), "rankTestScore": gs2.cv_results_["rank_test_score"].tolist(), "bestIndex": int(gs2.best_index_)}
pipe = Pipeline([("scale", StandardScaler()), ("ridge", Ridge())])
gp = GridSearchCV(pipe, {"ridge__alpha": [0.1, 10.0, 100.0]}, cv=KFold(5)).fit(Xr, yr)
cv["gridPipeline"] = {"meanTestScore": gp.cv_results_["mean_test_score"].tolist(), "bestIndex": int(gp.best_index_)}
ts, tr, te = learning_curve(Ridge(alpha=1.0), Xr, yr, cv=KFold(4))
cv["learningCurve"] = {"trainSizes": ts.tolist(), "trainScores": tr.tolist(), "testScores": te.tolist()}
ts, tr, te = learning_curve(NearestCentroid(), Xc, yc, cv=3, train_sizes=[3, 8, 15, 20])
cv["learningCurveCentroid"] = {"trainSizes": ts.tolist(), "trainScores": tr.tolist(), "testScores": te.tolist()}
tr, te = validation_curve(Ridge(), Xr, yr, param_name="alpha", param_range=[0.1, 3.0, 100.0], cv=KFold(3))
cv["validationCurve"] = {"trainScores": tr.tolist(), "testScores": te.tolist()}

# Scorers by name (scikit-learn's scorer names) on the same folds.
from sklearn.naive_bayes import GaussianNB
yb = (yc == 1).astype(int)
out["data"]["yb"] = yb.tolist()
sc = {}
for name in ["f1", "precision", "recall", "accuracy", "balanced_accuracy", "matthews_corrcoef"]:
    sc["centroid_binary_" + name] = cross_val_score(NearestCentroid(), Xc, yb, cv=4, scoring=name).tolist()
for name in ["f1_macro", "f1_micro", "f1_weighted", "precision_macro", "recall_weighted", "balanced_accuracy"]:
    sc["centroid_multi_" + name] = cross_val_score(NearestCentroid(), Xc, yc, cv=3, scoring=name).tolist()
for name in ["roc_auc", "average_precision", "neg_log_loss", "neg_brier_score", "accuracy"]:
    sc["nb_binary_" + name] = cross_val_score(GaussianNB(), Xc, yb, cv=4, scoring=name).tolist()
for name in ["roc_auc_ovr", "roc_auc_ovo", "roc_auc_ovr_weighted", "neg_log_loss"]:
    sc["nb_multi_" + name] = cross_val_score(GaussianNB(), Xc, yc, cv=3, scoring=name).tolist()
for name in ["explained_variance", "max_error", "neg_median_absolute_error", "neg_mean_absolute_percentage_error", "neg_root_mean_squared_error", "r2"]:
    sc["ridge_" + name] = cross_val_score(Ridge(), Xr, yr, cv=KFold(4), scoring=name).tolist()
out["scorers"] = sc
gm = GridSearchCV(Ridge(), {"alpha": [0.1, 3.0, 50.0, 0.5]}, cv=KFold(3), scoring={"r2": "r2", "mae": "neg_mean_absolute_error"}, refit="mae", return_train_score=True).fit(Xr, yr)
cv["gridMulti"] = {k: (v.tolist() if hasattr(v, "tolist") else v) for k, v in gm.cv_results_.items() if ("test" in k or "train" in k) and not k.startswith("param")}
cv["gridMulti"]["bestIndex"] = int(gm.best_index_)
cv["gridMulti"]["bestScore"] = gm.best_score_
out["nbPredictProba"] = cross_val_predict(GaussianNB(), Xc, yc, cv=3, method="predict_proba").tolist()

path = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "learn", "model_selection.json")
with open(path, "w") as f:
    json.dump(out, f, allow_nan=False)
print("wrote", path, os.path.getsize(path), "bytes")
