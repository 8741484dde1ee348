# The gradient-boosting part of tabular.py (same data, same peers, one thread), timing each fit
# by wall clock and by process CPU time (the machine may be shared: CPU time is the fairer
# figure then). Writes the data to /tmp/tab for bench/boosting.mjs.
import sys, time, os, numpy as np
from sklearn.datasets import make_classification
from sklearn.metrics import roc_auc_score
n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
X, y = make_classification(n_samples=n + 20000, n_features=30, n_informative=15, n_redundant=5, random_state=0, class_sep=0.8)
X = X.astype(np.float32); Xtr, ytr, Xte, yte = X[:n], y[:n], X[n:], y[n:]
os.makedirs("/tmp/tab", exist_ok=True)
Xtr.tofile("/tmp/tab/xtr.f32"); ytr.astype(np.int32).tofile("/tmp/tab/ytr.i32"); Xte.tofile("/tmp/tab/xte.f32"); yte.astype(np.int32).tofile("/tmp/tab/yte.i32")
def rep(name, fit, pred):
    t = time.perf_counter(); c = time.process_time(); m = fit(); dc = time.process_time() - c; dt = time.perf_counter() - t; p = pred(m)
    print(f"{name}: fit {dt:.2f}s, cpu {dc:.2f}s, test AUC {roc_auc_score(yte, p):.4f}")
import xgboost as xgb
rep("xgboost hist 100x depth6", lambda: xgb.XGBClassifier(n_estimators=100, max_depth=6, tree_method="hist", n_jobs=1, learning_rate=0.3).fit(Xtr, ytr), lambda m: m.predict_proba(Xte)[:, 1])
from sklearn.ensemble import HistGradientBoostingClassifier
rep("sklearn HistGB 100 iters", lambda: HistGradientBoostingClassifier(max_iter=100, max_depth=6, early_stopping=False).fit(Xtr, ytr), lambda m: m.predict_proba(Xte)[:, 1])
