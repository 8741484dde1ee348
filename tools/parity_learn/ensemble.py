"""scikit-learn parity fixture for nabla's ensembles: writes test/fixtures/learn/ensemble.json.

Run with /usr/bin/python3 (scikit-learn 1.2).

- Random ensembles (forests, extra trees, bagging, AdaBoost): their random streams cannot match
  scikit-learn's, so the fixture holds held-out scores averaged over R train/test splits (split s
  uses random_state s for the split and the model); nabla fits the same splits with its own seeds
  and its mean score must be within 0.01 (absolute) of scikit-learn's.
- Deterministic pieces, matched exactly:
  * VotingClassifier / VotingRegressor over fixed estimators (each returns a stored table of
    predictions / probabilities for the row index held in X's only column; ties included);
  * the out-of-fold meta-features of StackingClassifier / StackingRegressor with cv=KFold(5)
    (no shuffle), using prior/mean estimators whose predictions depend only on the training fold,
    recorded by a final estimator that keeps what it was fitted on (plus passthrough).
"""
import json
import os

import numpy as np
from sklearn import datasets
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.dummy import DummyClassifier, DummyRegressor
from sklearn.ensemble import (AdaBoostClassifier, AdaBoostRegressor, BaggingClassifier, BaggingRegressor,
                              ExtraTreesClassifier, ExtraTreesRegressor, RandomForestClassifier,
                              RandomForestRegressor, StackingClassifier, StackingRegressor,
                              VotingClassifier, VotingRegressor)
from sklearn.model_selection import KFold, train_test_split

ROOT = os.path.join(os.path.dirname(__file__), '..', '..')
R = 8


def load(name):
    b = {'iris': datasets.load_iris, 'wine': datasets.load_wine, 'breast_cancer': datasets.load_breast_cancer,
         'diabetes': datasets.load_diabetes}[name]()
    return b.data, b.target


RANDOM = [
    # (name, dataset, kind, sklearn factory(seed), nabla class, nabla options)
    ('RandomForestClassifier', 'clf', lambda s: RandomForestClassifier(n_estimators=50, random_state=s), {'nEstimators': 50}),
    ('ExtraTreesClassifier', 'clf', lambda s: ExtraTreesClassifier(n_estimators=50, random_state=s), {'nEstimators': 50}),
    ('BaggingClassifier', 'clf', lambda s: BaggingClassifier(n_estimators=50, random_state=s), {'nEstimators': 50}),
    ('AdaBoostClassifier', 'clf', lambda s: AdaBoostClassifier(n_estimators=50, algorithm='SAMME', random_state=s), {'nEstimators': 50, 'algorithm': 'SAMME'}),
    ('AdaBoostClassifier', 'clf', lambda s: AdaBoostClassifier(n_estimators=50, algorithm='SAMME.R', random_state=s), {'nEstimators': 50, 'algorithm': 'SAMME.R'}),
    ('RandomForestRegressor', 'reg', lambda s: RandomForestRegressor(n_estimators=50, random_state=s), {'nEstimators': 50}),
    ('ExtraTreesRegressor', 'reg', lambda s: ExtraTreesRegressor(n_estimators=50, random_state=s), {'nEstimators': 50}),
    ('BaggingRegressor', 'reg', lambda s: BaggingRegressor(n_estimators=50, random_state=s), {'nEstimators': 50}),
    ('AdaBoostRegressor', 'reg', lambda s: AdaBoostRegressor(n_estimators=50, random_state=s), {'nEstimators': 50}),
]


def random_cases():
    out = []
    splits = {}
    for ds in ['iris', 'wine', 'breast_cancer', 'diabetes']:
        X, y = load(ds)
        idx = np.arange(len(y))
        tests = []
        for s in range(R):
            _, te = train_test_split(idx, test_size=0.25, random_state=s, stratify=None if ds == 'diabetes' else y)
            tests.append(sorted(int(i) for i in te))
        splits[ds] = tests
        for name, kind, make, opts in RANDOM:
            if (kind == 'reg') != (ds == 'diabetes'):
                continue
            scores = []
            for s in range(R):
                te = np.array(tests[s])
                tr = np.setdiff1d(idx, te)
                m = make(s).fit(X[tr], y[tr])
                scores.append(float(m.score(X[te], y[te])))
            out.append({'name': name, 'dataset': ds, 'options': opts, 'scores': scores, 'mean': float(np.mean(scores))})
            print(f'{name:24s} {ds:14s} {opts} mean {np.mean(scores):.4f}')
    # Out-of-bag scores of forests (R fits on the full set).
    for ds, cls, reg in [('breast_cancer', RandomForestClassifier, False), ('diabetes', RandomForestRegressor, True)]:
        X, y = load(ds)
        scores = [float(cls(n_estimators=100, oob_score=True, random_state=s).fit(X, y).oob_score_) for s in range(R)]
        out.append({'name': cls.__name__, 'dataset': ds, 'options': {'nEstimators': 100, 'oobScore': True}, 'oob': True, 'scores': scores, 'mean': float(np.mean(scores))})
    return out, splits


class Fixed(BaseEstimator, ClassifierMixin):
    """Returns stored probabilities for the row index in X[:, 0]."""
    def __init__(self, table=None, classes=None):
        self.table = table
        self.classes = classes

    def fit(self, X, y):
        # VotingClassifier fits on label-encoded y, so the classes here are 0..k-1.
        self.classes_ = np.unique(y)
        return self

    def predict_proba(self, X):
        return np.array(self.table)[X[:, 0].astype(int)]

    def predict(self, X):
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]


class FixedReg(BaseEstimator, RegressorMixin):
    def __init__(self, table=None):
        self.table = table

    def fit(self, X, y):
        return self

    def predict(self, X):
        return np.array(self.table)[X[:, 0].astype(int)]


def voting_cases():
    rng = np.random.RandomState(0)
    n, k = 40, 3
    classes = [2.0, 5.0, 7.0]
    tables = []
    for _ in range(4):
        p = rng.randint(0, 4, size=(n, k)).astype(float) + 1e-3 * rng.randint(0, 2, size=(n, k))
        p /= p.sum(axis=1, keepdims=True)
        tables.append(p.tolist())
    X = np.arange(n, dtype=float)[:, None]
    y = np.array(classes * (n // 3) + classes[: n % 3])
    cases = []
    for voting in ['hard', 'soft']:
        for weights in [None, [1, 2, 1, 1], [0.5, 0.5, 3, 1]]:
            ests = [(f'e{i}', Fixed(t, classes)) for i, t in enumerate(tables)]
            v = VotingClassifier(ests, voting=voting, weights=weights).fit(X, y)
            c = {'voting': voting, 'weights': weights, 'predict': v.predict(X).tolist()}
            if voting == 'soft':
                c['proba'] = v.predict_proba(X).tolist()
            cases.append(c)
    reg_tables = [rng.randn(n).round(1).tolist() for _ in range(3)]
    reg = []
    for weights in [None, [1, 2, 3]]:
        v = VotingRegressor([(f'r{i}', FixedReg(t)) for i, t in enumerate(reg_tables)], weights=weights).fit(X, np.zeros(n))
        reg.append({'weights': weights, 'predict': v.predict(X).tolist()})
    return {'n': n, 'classes': classes, 'y': y.tolist(), 'tables': tables, 'cases': cases, 'regTables': reg_tables, 'regCases': reg}


class Recorder(BaseEstimator, RegressorMixin):
    """A final estimator that keeps the meta-features it was fitted on."""
    def fit(self, X, y):
        Recorder.seen = np.asarray(X).tolist()
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.zeros(len(X))


class RecorderClf(ClassifierMixin, BaseEstimator):
    def fit(self, X, y):
        Recorder.seen = np.asarray(X).tolist()
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.zeros(len(X))


def stacking_cases():
    out = []
    for ds, passthrough in [('iris', False), ('breast_cancer', False), ('wine', True)]:
        X, y = load(ds)
        st = StackingClassifier([('prior', DummyClassifier(strategy='prior')), ('freq', DummyClassifier(strategy='most_frequent'))],
                                final_estimator=RecorderClf(), cv=KFold(5), passthrough=passthrough, stack_method='predict_proba')
        st.fit(X, y)
        out.append({'kind': 'clf', 'dataset': ds, 'passthrough': passthrough, 'meta': Recorder.seen})
    X, y = load('diabetes')
    for passthrough in [False, True]:
        st = StackingRegressor([('mean', DummyRegressor()), ('median', DummyRegressor(strategy='median'))], final_estimator=Recorder(), cv=KFold(5), passthrough=passthrough)
        st.fit(X, y)
        out.append({'kind': 'reg', 'dataset': 'diabetes', 'passthrough': passthrough, 'meta': Recorder.seen})
    return out


def main():
    rnd, splits = random_cases()
    fx = {'R': R, 'splits': splits, 'random': rnd, 'voting': voting_cases(), 'stacking': stacking_cases()}
    path = os.path.join(ROOT, 'test', 'fixtures', 'learn', 'ensemble.json')
    with open(path, 'w') as f:
        json.dump(fx, f, separators=(',', ':'))
    print('wrote', path, os.path.getsize(path), 'bytes')


if __name__ == '__main__':
    main()
