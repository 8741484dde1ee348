"""Parity fixtures for nabla's linear models (src/learn/linear) from scikit-learn.

Run: /usr/bin/python3 tools/parity_learn/linear.py  → test/fixtures/learn/linear.json
Data come from the bundled sets (the test rebuilds them with nabla's loaders): diabetes (scaled as
load_diabetes, and raw), breast cancer standardised, iris standardised. Logistic cases use a tight
tol so both optimisers reach the same optimum (compared to 1e-4; probabilities to 1e-6).
"""
import json, os
import numpy as np
import sklearn
from sklearn.datasets import load_diabetes, load_breast_cancer, load_iris
from sklearn.linear_model import (LinearRegression, Ridge, Lasso, ElasticNet, lasso_path,
                                  LogisticRegression, SGDClassifier, SGDRegressor)
from sklearn.preprocessing import StandardScaler

def data(name):
    if name == 'diabetes':
        d = load_diabetes(); return d.data, d.target
    if name == 'diabetesRaw':
        d = load_diabetes(scaled=False); return d.data, d.target
    if name == 'diabetesWide':  # more features than samples: first 8 rows
        d = load_diabetes(); return d.data[:8], d.target[:8]
    if name == 'boston':  # data/boston_house_prices.csv.gz (the CSV scikit-learn shipped before 1.2)
        a = np.loadtxt(os.path.join(os.path.dirname(__file__), '..', '..', 'data', 'boston_house_prices.csv.gz'), delimiter=',', skiprows=2)
        return a[:, :-1], a[:, -1]
    if name == 'cancer':
        d = load_breast_cancer(); return StandardScaler().fit_transform(d.data), d.target
    if name == 'iris':
        d = load_iris(); return StandardScaler().fit_transform(d.data), d.target
    raise KeyError(name)

def target(y, X, multi):
    return np.column_stack([y, 0.5 * y + 100 * X[:, 0]]) if multi else y

cases = []
def reg(est_name, est, params, dname, multi=False):
    X, y = data(dname); Y = target(y, X, multi)
    est.fit(X, Y)
    cases.append({'estimator': est_name, 'params': params, 'data': dname, 'multi': multi,
                  'coef': np.asarray(est.coef_).tolist(), 'intercept': np.asarray(est.intercept_).tolist(),
                  'predict': est.predict(X[:5]).tolist(),
                  'nIter': np.atleast_1d(getattr(est, 'n_iter_', 0)).tolist()})

for d in ['diabetes', 'diabetesRaw', 'diabetesWide', 'boston']:
    reg('LinearRegression', LinearRegression(), {}, d)
reg('LinearRegression', LinearRegression(positive=True), {'positive': True}, 'diabetes')
reg('LinearRegression', LinearRegression(positive=True), {'positive': True}, 'boston')
reg('LinearRegression', LinearRegression(fit_intercept=False), {'fitIntercept': False}, 'diabetes')
reg('LinearRegression', LinearRegression(), {}, 'diabetes', multi=True)
for d in ['diabetes', 'diabetesRaw', 'diabetesWide', 'boston']:
    for solver in ['cholesky', 'svd']:
        reg('Ridge', Ridge(alpha=0.5, solver=solver), {'alpha': 0.5, 'solver': solver}, d)
reg('Ridge', Ridge(alpha=2.0, fit_intercept=False), {'alpha': 2.0, 'fitIntercept': False}, 'diabetes')
reg('Ridge', Ridge(alpha=np.array([0.1, 3.0])), {'alpha': [0.1, 3.0]}, 'diabetes', multi=True)
for a in [0.01, 0.1, 1.0]:
    reg('Lasso', Lasso(alpha=a), {'alpha': a}, 'diabetes')
    reg('Lasso', Lasso(alpha=a, precompute=True), {'alpha': a, 'precompute': True}, 'diabetes')
reg('Lasso', Lasso(alpha=1.0, tol=1e-8, max_iter=100000), {'alpha': 1.0, 'tol': 1e-8, 'maxIter': 100000}, 'diabetesRaw')
reg('Lasso', Lasso(alpha=0.1, tol=1e-10, max_iter=100000), {'alpha': 0.1, 'tol': 1e-10, 'maxIter': 100000}, 'boston')
reg('ElasticNet', ElasticNet(alpha=0.1, l1_ratio=0.5, tol=1e-10, max_iter=100000), {'alpha': 0.1, 'l1Ratio': 0.5, 'tol': 1e-10, 'maxIter': 100000}, 'boston')
reg('Lasso', Lasso(alpha=0.05, positive=True), {'alpha': 0.05, 'positive': True}, 'diabetes')
reg('Lasso', Lasso(alpha=0.1), {'alpha': 0.1}, 'diabetes', multi=True)
for a, r in [(0.01, 0.5), (0.001, 0.2), (0.1, 0.9)]:
    reg('ElasticNet', ElasticNet(alpha=a, l1_ratio=r), {'alpha': a, 'l1Ratio': r}, 'diabetes')
reg('ElasticNet', ElasticNet(alpha=0.5, l1_ratio=0.5, fit_intercept=False), {'alpha': 0.5, 'l1Ratio': 0.5, 'fitIntercept': False}, 'diabetesRaw')

# the Lasso path on centred diabetes (enet_path does not centre)
X, y = data('diabetes'); Xc = X - X.mean(0); yc = y - y.mean()
alphas, coefs, _ = lasso_path(Xc, yc, n_alphas=30, eps=1e-3)
paths = [{'data': 'diabetes', 'nAlphas': 30, 'eps': 1e-3, 'alphas': alphas.tolist(), 'coefs': coefs.tolist()}]

logistic = []
def logi(params, skparams, dname):
    X, y = data(dname)
    est = LogisticRegression(**skparams).fit(X, y)
    logistic.append({'params': params, 'data': dname, 'coef': est.coef_.tolist(), 'intercept': est.intercept_.tolist(),
                     'proba': est.predict_proba(X[:20]).tolist(), 'decision': np.atleast_2d(est.decision_function(X[:20])).tolist(),
                     'predict': est.predict(X).tolist(), 'score': est.score(X, y)})
tight = {'tol': 1e-10, 'max_iter': 10000}
logi({'tol': 1e-10, 'maxIter': 10000}, tight, 'cancer')
logi({'C': 0.1, 'tol': 1e-10, 'maxIter': 10000}, dict(C=0.1, **tight), 'cancer')
logi({'classWeight': 'balanced', 'tol': 1e-10, 'maxIter': 10000}, dict(class_weight='balanced', **tight), 'cancer')
logi({'fitIntercept': False, 'tol': 1e-10, 'maxIter': 10000}, dict(fit_intercept=False, **tight), 'cancer')
logi({'tol': 1e-10, 'maxIter': 10000}, tight, 'iris')
logi({'C': 10, 'tol': 1e-10, 'maxIter': 10000}, dict(C=10, **tight), 'iris')
logi({'multiClass': 'ovr', 'tol': 1e-10, 'maxIter': 10000}, dict(multi_class='ovr', **tight), 'iris')
logi({'penalty': 'none', 'tol': 1e-10, 'maxIter': 10000}, dict(penalty='none', **tight), 'iris')
logi({'classWeight': {'0': 1, '1': 3, '2': 0.5}, 'tol': 1e-10, 'maxIter': 10000}, dict(class_weight={0: 1, 1: 3, 2: 0.5}, **tight), 'iris')
saga = {'solver': 'saga', 'tol': 1e-8, 'max_iter': 20000, 'random_state': 0}
sagaP = {'solver': 'saga', 'tol': 1e-8, 'maxIter': 20000, 'randomState': 0}
logi(sagaP, saga, 'cancer')
logi(dict(penalty='l1', C=0.5, **sagaP), dict(penalty='l1', C=0.5, **saga), 'cancer')
logi(dict(penalty='elasticnet', l1Ratio=0.5, **sagaP), dict(penalty='elasticnet', l1_ratio=0.5, **saga), 'iris')
logi(sagaP, saga, 'iris')

# SGD: held-out scores (train on even rows, score on odd rows)
sgd = []
for dname, kind, params, sk in [
    ('cancer', 'classifier', {'loss': 'hinge'}, dict(loss='hinge')),
    ('cancer', 'classifier', {'loss': 'log_loss'}, dict(loss='log_loss')),
    ('cancer', 'classifier', {'loss': 'modified_huber', 'penalty': 'elasticnet'}, dict(loss='modified_huber', penalty='elasticnet')),
    ('iris', 'classifier', {'loss': 'hinge', 'average': True}, dict(loss='hinge', average=True)),
    ('iris', 'classifier', {'loss': 'log_loss', 'penalty': 'l1'}, dict(loss='log_loss', penalty='l1')),
    ('cancer', 'classifier', {'loss': 'log_loss', 'earlyStopping': True}, dict(loss='log_loss', early_stopping=True)),
    ('diabetesStd', 'regressor', {'loss': 'squared_error', 'earlyStopping': True, 'eta0': 0.01}, dict(loss='squared_error', early_stopping=True, eta0=0.01)),
    ('diabetes', 'regressor', {'loss': 'squared_error', 'learningRate': 'invscaling', 'eta0': 0.1, 'maxIter': 5000, 'tol': 1e-6}, dict(loss='squared_error', eta0=0.1, max_iter=5000, tol=1e-6)),
    ('diabetesStd', 'regressor', {'loss': 'huber', 'epsilon': 50, 'alpha': 0.0001}, dict(loss='huber', epsilon=50)),
    ('diabetesStd', 'regressor', {'loss': 'squared_error'}, dict(loss='squared_error')),
    ('diabetesStd', 'regressor', {'loss': 'epsilon_insensitive', 'epsilon': 1, 'learningRate': 'adaptive', 'eta0': 0.01}, dict(loss='epsilon_insensitive', epsilon=1, learning_rate='adaptive', eta0=0.01)),
]:
    if dname == 'diabetesStd':
        d = load_diabetes(); X, y = StandardScaler().fit_transform(d.data), d.target
    else:
        X, y = data(dname)
    scores = []
    for seed in range(20):
        est = (SGDClassifier if kind == 'classifier' else SGDRegressor)(random_state=seed, **sk).fit(X[::2], y[::2])
        scores.append(est.score(X[1::2], y[1::2]))
    sgd.append({'data': dname, 'kind': kind, 'params': params, 'score': float(np.mean(scores)), 'scores': scores})

out = {'sklearn': sklearn.__version__, 'regression': cases, 'paths': paths, 'logistic': logistic, 'sgd': sgd}
path = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'learn', 'linear.json')
with open(path, 'w') as f:
    json.dump(out, f)
print(path, os.path.getsize(path), 'bytes;', len(cases), 'regression,', len(logistic), 'logistic,', len(sgd), 'sgd')
