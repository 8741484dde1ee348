"""scikit-learn parity fixture for nabla's SVMs: writes test/fixtures/learn/svm.json.

Run with /usr/bin/python3 (scikit-learn 1.2). Data: bundled sets standardized with the
population standard deviation (StandardScaler); for SVR the diabetes target is standardized
too. Each case fits on all rows and records the fitted state and the decision values on all
rows. libsvm stops at tol (1e-3 by default), so two implementations whose kernel values differ
in the last bit (BLAS ddot vs nabla's matmul, then rounded to float32 as libsvm's Qfloat) can
take different SMO paths and stop up to ~1e-3 apart; the cases therefore use tol=1e-7, where
both reach the optimum: the test compares decision values to 1e-6 (relative to
max(1, |value|)), intercepts to 1e-5, dual coefficients to 1e-4 (the dual is not always
unique: iris' rbf case has one coefficient 2e-5 apart with identical decision values) and
support sets and predictions exactly.
At the default tol nabla matches to ~1e-4 on most cases (and held-out accuracy exactly, see
bench/svm.mjs), which is all libsvm's stopping rule guarantees. Platt probabilities depend on libsvm's seeded internal 5-fold CV, which
nabla draws from its own generator: compared within 1e-2 (absolute).
LinearSVC: nabla reproduces liblinear's seeded coordinate order (samples grouped by class,
scikit-learn's MT19937 stream from random_state), so it follows the very same path: the
coefficients match to 1e-8 even when stopped early (maxIter=20) or at the default tol.
"""
import json
import os

import numpy as np
from sklearn import datasets
from sklearn.svm import SVC, SVR, LinearSVC

ROOT = os.path.join(os.path.dirname(__file__), '..', '..')


def load(name):
    b = {'iris': datasets.load_iris, 'wine': datasets.load_wine, 'breast_cancer': datasets.load_breast_cancer,
         'diabetes': lambda: datasets.load_diabetes(scaled=False)}[name]()
    X = b.data.astype(np.float64)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    y = b.target.astype(np.float64)
    if name == 'diabetes':
        y = (y - y.mean()) / y.std()
    return X, y


SNAKE = {'C': 'C', 'kernel': 'kernel', 'degree': 'degree', 'gamma': 'gamma', 'coef0': 'coef0', 'shrinking': 'shrinking',
         'tol': 'tol', 'classWeight': 'class_weight', 'probability': 'probability', 'epsilon': 'epsilon',
         'decisionFunctionShape': 'decision_function_shape', 'loss': 'loss', 'fitIntercept': 'fit_intercept',
         'interceptScaling': 'intercept_scaling', 'maxIter': 'max_iter'}

CASES = [
    ('SVC', 'iris', {}),
    ('SVC', 'iris', {'shrinking': False, 'decisionFunctionShape': 'ovo'}),
    ('SVC', 'wine', {'kernel': 'linear', 'C': 0.5}),
    ('SVC', 'wine', {'classWeight': 'balanced', 'gamma': 'auto'}),
    ('SVC', 'breast_cancer', {'C': 10}),
    ('SVC', 'breast_cancer', {'kernel': 'poly', 'degree': 2, 'gamma': 0.05, 'coef0': 1.0}),
    ('SVC', 'iris', {'kernel': 'sigmoid', 'gamma': 0.1, 'coef0': -0.5}),
    ('SVC', 'iris', {'kernel': 'precomputed'}),
    ('SVC', 'iris', {'probability': True}),
    ('SVC', 'breast_cancer', {'probability': True}),
    ('SVR', 'diabetes', {}),
    ('SVR', 'diabetes', {'C': 10, 'epsilon': 0.2, 'kernel': 'linear'}),
    ('SVR', 'diabetes', {'kernel': 'poly', 'gamma': 'auto', 'coef0': 1.0, 'shrinking': False}),
    ('LinearSVC', 'breast_cancer', {'tol': 1e-10, 'maxIter': 100000}),
    ('LinearSVC', 'breast_cancer', {'maxIter': 20}),
    ('LinearSVC', 'iris', {}),
    ('LinearSVC', 'wine', {'classWeight': 'balanced', 'interceptScaling': 3.0}),
    ('LinearSVC', 'iris', {'tol': 1e-10, 'maxIter': 100000, 'C': 0.1}),
    ('LinearSVC', 'wine', {'tol': 1e-10, 'maxIter': 100000, 'loss': 'hinge', 'C': 0.05}),
    ('LinearSVC', 'breast_cancer', {'tol': 1e-10, 'maxIter': 100000, 'fitIntercept': False, 'C': 0.5}),
]


def main():
    out = []
    for cls, data, opts in CASES:
        X, y = load(data)
        if cls != 'LinearSVC' and 'tol' not in opts:
            opts = {**opts, 'tol': 1e-7}
        kw = {SNAKE[k]: v for k, v in opts.items()}
        fitX = X @ X.T if opts.get('kernel') == 'precomputed' else X
        if cls == 'SVC':
            m = SVC(random_state=0, **kw).fit(fitX, y)
        elif cls == 'SVR':
            m = SVR(**kw).fit(fitX, y)
        else:
            m = LinearSVC(random_state=0, dual=True, **kw).fit(X, y)
        case = {'estimator': cls, 'data': data, 'options': opts,
                'decision': (m.decision_function(fitX) if cls != 'SVR' else m.predict(fitX)).tolist(),
                'predict': m.predict(fitX).tolist()}
        if cls == 'LinearSVC':
            case['coef'] = m.coef_.tolist()
            case['intercept'] = np.atleast_1d(m.intercept_).tolist()
        else:
            case['support'] = m.support_.tolist()
            case['nSupport'] = m.n_support_.tolist()
            case['dualCoef'] = m.dual_coef_.tolist()
            case['intercept'] = m.intercept_.tolist()
        if opts.get('probability'):
            case['proba'] = m.predict_proba(fitX).tolist()
        out.append(case)
    path = os.path.join(ROOT, 'test', 'fixtures', 'learn', 'svm.json')
    with open(path, 'w') as f:
        json.dump({'sklearn': __import__('sklearn').__version__, 'cases': out}, f, separators=(',', ':'))
    print(path, os.path.getsize(path))


if __name__ == '__main__':
    main()
