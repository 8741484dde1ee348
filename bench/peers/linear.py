"""scikit-learn's LogisticRegression (lbfgs, saga) and Lasso on the 100,000×30 task of bench/peers/tabular.py
(/tmp/tab), one thread; prints times and held-out scores for bench/linear.mjs."""
import time
import numpy as np
from threadpoolctl import threadpool_limits
from sklearn.linear_model import LogisticRegression, Lasso
from sklearn.metrics import roc_auc_score, r2_score

p = 30
xtr = np.fromfile('/tmp/tab/xtr.f32', dtype=np.float32).reshape(-1, p).astype(np.float64)
ytr = np.fromfile('/tmp/tab/ytr.i32', dtype=np.int32)
xte = np.fromfile('/tmp/tab/xte.f32', dtype=np.float32).reshape(-1, p).astype(np.float64)
yte = np.fromfile('/tmp/tab/yte.i32', dtype=np.int32)

def best(fn, reps=3):
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter(); out = fn(); ts.append(time.perf_counter() - t0)
    return min(ts), out

with threadpool_limits(1):
    t, m = best(lambda: LogisticRegression(max_iter=1000).fit(xtr, ytr))
    print(f'sklearn LogisticRegression lbfgs: fit {t:.3f}s, n_iter {m.n_iter_[0]}, test AUC {roc_auc_score(yte, m.predict_proba(xte)[:, 1]):.4f}')
    t, m = best(lambda: LogisticRegression(solver='saga', max_iter=1000, random_state=0).fit(xtr, ytr), reps=1)
    print(f'sklearn LogisticRegression saga: fit {t:.3f}s, n_iter {m.n_iter_[0]}, test AUC {roc_auc_score(yte, m.predict_proba(xte)[:, 1]):.4f}')
    t, m = best(lambda: Lasso(alpha=0.001).fit(xtr, ytr.astype(np.float64)))
    print(f'sklearn Lasso alpha 0.001: fit {t:.3f}s, n_iter {m.n_iter_}, test R2 {r2_score(yte, m.predict(xte)):.4f}')
