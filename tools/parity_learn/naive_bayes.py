"""scikit-learn parity fixture for nabla's naive Bayes: writes test/fixtures/learn/naive_bayes.json.

Run with /usr/bin/python3 (scikit-learn 1.2). Each case fits on the rows i % 3 != 0 of a
bundled set (iris, wine, breast cancer raw; digits counts 0..16) and predicts on the rows
i % 3 == 0 (every third of those for digits, to keep the file small). Naive Bayes is
deterministic: nabla must match joint log-likelihoods and probabilities to 1e-9.
"""
import json
import os

import numpy as np
from sklearn import datasets
from sklearn.naive_bayes import BernoulliNB, ComplementNB, GaussianNB, MultinomialNB

ROOT = os.path.join(os.path.dirname(__file__), '..', '..')


def load(name):
    b = {'iris': datasets.load_iris, 'wine': datasets.load_wine,
         'breast_cancer': datasets.load_breast_cancer, 'digits': datasets.load_digits}[name]()
    return b.data.astype(np.float64), b.target


CASES = [
    ('GaussianNB', 'iris', {}),
    ('GaussianNB', 'wine', {}),
    ('GaussianNB', 'breast_cancer', {}),
    ('GaussianNB', 'breast_cancer', {'varSmoothing': 1e-3}),
    ('GaussianNB', 'iris', {'priors': [0.5, 0.3, 0.2]}),
    ('MultinomialNB', 'digits', {}),
    ('MultinomialNB', 'digits', {'alpha': 0.1, 'fitPrior': False}),
    ('MultinomialNB', 'wine', {'alpha': 0.5, 'classPrior': [0.2, 0.3, 0.5]}),
    ('BernoulliNB', 'digits', {}),
    ('BernoulliNB', 'digits', {'alpha': 0.3, 'binarize': 7.5}),
    ('BernoulliNB', 'breast_cancer', {'binarize': 0.1, 'fitPrior': False}),
    ('ComplementNB', 'digits', {}),
    ('ComplementNB', 'digits', {'norm': True, 'alpha': 0.5}),
    ('ComplementNB', 'wine', {'alpha': 2.0}),
]

SNAKE = {'varSmoothing': 'var_smoothing', 'priors': 'priors', 'alpha': 'alpha', 'fitPrior': 'fit_prior',
         'classPrior': 'class_prior', 'binarize': 'binarize', 'norm': 'norm'}


def main():
    out = []
    for cls, data, opts in CASES:
        X, y = load(data)
        idx = np.arange(len(y))
        train = idx % 3 != 0
        test = idx % 3 == 0
        if data == 'digits':
            test = idx % 9 == 0
        kw = {SNAKE[k]: v for k, v in opts.items()}
        if cls != 'GaussianNB':
            kw['force_alpha'] = False
        m = {'GaussianNB': GaussianNB, 'MultinomialNB': MultinomialNB, 'BernoulliNB': BernoulliNB,
             'ComplementNB': ComplementNB}[cls](**kw).fit(X[train], y[train])
        Xt = X[test]
        case = {'estimator': cls, 'data': data, 'options': opts,
                'jll': m.predict_joint_log_proba(Xt).tolist() if hasattr(m, 'predict_joint_log_proba') else m._joint_log_likelihood(Xt).tolist(),
                'logProba': m.predict_log_proba(Xt).tolist(),
                'proba': m.predict_proba(Xt).tolist(),
                'predict': m.predict(Xt).tolist()}
        if cls == 'GaussianNB':
            case['theta'] = m.theta_.tolist()
            case['var'] = m.var_.tolist()
        else:
            case['featureLogProb'] = m.feature_log_prob_.tolist()
            case['classLogPrior'] = m.class_log_prior_.tolist()
        out.append(case)
    # GaussianNB.partial_fit: three batches of wine's training rows (one batch weighted).
    X, y = load('wine')
    idx = np.arange(len(y))
    tr, te = idx[idx % 3 != 0], idx[idx % 3 == 0]
    m = GaussianNB()
    parts = [tr[:40], tr[40:90], tr[90:]]
    m.partial_fit(X[parts[0]], y[parts[0]], classes=[0, 1, 2])
    w = (np.arange(len(parts[1])) % 3 + 1).astype(np.float64)
    m.partial_fit(X[parts[1]], y[parts[1]], sample_weight=w)
    m.partial_fit(X[parts[2]], y[parts[2]])
    out.append({'estimator': 'GaussianNB', 'data': 'wine', 'options': {}, 'partialFit': True,
                'jll': m.predict_joint_log_proba(X[te]).tolist(), 'logProba': m.predict_log_proba(X[te]).tolist(),
                'proba': m.predict_proba(X[te]).tolist(), 'predict': m.predict(X[te]).tolist(),
                'theta': m.theta_.tolist(), 'var': m.var_.tolist()})
    path = os.path.join(ROOT, 'test', 'fixtures', 'learn', 'naive_bayes.json')
    with open(path, 'w') as f:
        json.dump({'sklearn': __import__('sklearn').__version__, 'cases': out}, f, separators=(',', ':'))
    print(path, os.path.getsize(path))


if __name__ == '__main__':
    main()
