"""scikit-learn parity fixture for nabla's decision trees: writes test/fixtures/learn/tree.json.

Run with /usr/bin/python3 (scikit-learn 1.2). Every case fits on the rows i % 4 != 0 of a
bundled set and predicts on all rows. scikit-learn shuffles the feature order with its own
generator even when every feature is searched, so a tie between two features' best splits is
broken differently by nabla's generator. A case is marked "stable" when 8 different
random_states give the identical tree: then the split cannot depend on the permutation and
nabla must reproduce structure, thresholds, values and predictions; otherwise only the
permutation-free facts are compared (training score).
"""
import json
import os

import numpy as np
from sklearn import datasets
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor, export_text

ROOT = os.path.join(os.path.dirname(__file__), '..', '..')


def load(name):
    if name == 'iris':
        b = datasets.load_iris()
    elif name == 'wine':
        b = datasets.load_wine()
    elif name == 'breast_cancer':
        b = datasets.load_breast_cancer()
    elif name == 'diabetes':
        b = datasets.load_diabetes(scaled=False)
    return b.data, b.target, list(b.feature_names)


def snake(k):
    out = ''
    for ch in k:
        out += '_' + ch.lower() if ch.isupper() else ch
    return out


def to_py(v):
    if isinstance(v, dict):
        return {int(k): x for k, x in v.items()}
    return v


CASES = [
    # name, dataset, kind, params (nabla names), weights rule, pruning path, export_text options
    ('iris_gini_full', 'iris', 'clf', {}, None, True, None),
    ('iris_gini_depth3', 'iris', 'clf', {'maxDepth': 3}, None, False, {'decimals': 2}),
    ('iris_entropy', 'iris', 'clf', {'criterion': 'entropy'}, None, True, None),
    ('iris_log_loss_depth2', 'iris', 'clf', {'criterion': 'log_loss', 'maxDepth': 2}, None, False, {'showWeights': True, 'decimals': 3}),
    ('iris_weighted', 'iris', 'clf', {'maxDepth': 4}, 'mod3', False, {'showWeights': True}),
    ('wine_gini', 'wine', 'clf', {}, None, True, None),
    ('wine_balanced', 'wine', 'clf', {'classWeight': 'balanced', 'maxDepth': 4}, None, False, None),
    ('wine_dict_weight', 'wine', 'clf', {'classWeight': {0: 1.0, 1: 2.0, 2: 0.5}, 'maxDepth': 3}, None, True, {'showWeights': True}),
    ('wine_entropy_leaf5', 'wine', 'clf', {'criterion': 'entropy', 'minSamplesLeaf': 5}, None, False, None),
    ('cancer_gini', 'breast_cancer', 'clf', {}, None, True, None),
    ('cancer_depth5_leaf5', 'breast_cancer', 'clf', {'maxDepth': 5, 'minSamplesLeaf': 5}, None, False, None),
    ('cancer_split_frac', 'breast_cancer', 'clf', {'minSamplesSplit': 0.05, 'minSamplesLeaf': 0.01}, None, False, None),
    ('cancer_maxleaf8', 'breast_cancer', 'clf', {'maxLeafNodes': 8}, None, False, None),
    ('cancer_ccp', 'breast_cancer', 'clf', {'ccpAlpha': 0.01}, None, False, None),
    ('cancer_min_impurity', 'breast_cancer', 'clf', {'minImpurityDecrease': 0.005}, None, False, None),
    ('cancer_weight_frac', 'breast_cancer', 'clf', {'minWeightFractionLeaf': 0.02}, 'mod3', False, None),
    ('diabetes_mse_depth4', 'diabetes', 'reg', {'maxDepth': 4}, None, False, {'decimals': 3}),
    ('diabetes_mse_full', 'diabetes', 'reg', {}, None, True, None),
    ('diabetes_friedman_depth4', 'diabetes', 'reg', {'criterion': 'friedman_mse', 'maxDepth': 4}, None, False, None),
    ('diabetes_mae_depth3', 'diabetes', 'reg', {'criterion': 'absolute_error', 'maxDepth': 3}, None, False, {'decimals': 1, 'spacing': 2}),
    ('diabetes_mae_weighted', 'diabetes', 'reg', {'criterion': 'absolute_error', 'maxDepth': 2}, 'mod3', False, None),
    ('diabetes_leaf10', 'diabetes', 'reg', {'minSamplesLeaf': 10}, 'mod3', True, None),
    ('diabetes_maxleaf10', 'diabetes', 'reg', {'maxLeafNodes': 10}, None, True, {'maxDepth': 2}),
    ('iris_no_petal_length', 'iris', 'clf', {'maxDepth': 3}, None, False, {'showWeights': True}),
    ('iris_no_petal_length_entropy', 'iris', 'clf', {'criterion': 'entropy', 'minSamplesLeaf': 3}, None, True, None),
    ('wine_random_splitter', 'wine', 'clf', {'splitter': 'random', 'maxDepth': 4}, None, False, None),
    ('cancer_max_features_sqrt', 'breast_cancer', 'clf', {'maxFeatures': 'sqrt'}, None, False, None),
    ('diabetes_poisson_depth3', 'diabetes', 'reg', {'criterion': 'poisson', 'maxDepth': 3}, None, False, None),
    ('diabetes_poisson_leaf20', 'diabetes', 'reg', {'criterion': 'poisson', 'minSamplesLeaf': 20}, 'mod3', True, None),
    ('diabetes_ccp', 'diabetes', 'reg', {'ccpAlpha': 20.0, 'minSamplesLeaf': 3}, None, False, None),
]


# Cases fitted on a subset of the columns (iris's petal length and width tie at the root).
COLUMNS = {'iris_no_petal_length': [0, 1, 3], 'iris_no_petal_length_entropy': [0, 1, 3]}


def tree_arrays(est):
    t = est.tree_
    value = t.value[:, 0, :]
    return {
        'nodeCount': int(t.node_count),
        'depth': int(est.get_depth()),
        'nLeaves': int(est.get_n_leaves()),
        'feature': t.feature.tolist(),
        'threshold': t.threshold.tolist(),
        'left': t.children_left.tolist(),
        'right': t.children_right.tolist(),
        'value': value.ravel().tolist(),
        'impurity': t.impurity.tolist(),
        'nNodeSamples': t.n_node_samples.tolist(),
        'weightedNNodeSamples': t.weighted_n_node_samples.tolist(),
    }


def common_nodes(fits):
    """Nodes every seed's tree agrees on, by path from the root ('' root, then 'L'/'R' steps).

    A node is recorded when all its ancestors split identically in every fit (so it holds the
    same samples); its own split is recorded only when every fit chose the same one.
    """
    out = []
    stack = [('', [0] * len(fits))]
    while stack:
        path, ids = stack.pop()
        ts = [f.tree_ for f in fits]
        t0, i0 = ts[0], ids[0]
        rec = {
            'path': path,
            'nNodeSamples': int(t0.n_node_samples[i0]),
            'weightedNNodeSamples': float(t0.weighted_n_node_samples[i0]),
            'impurity': float(t0.impurity[i0]),
            'value': t0.value[i0, 0, :].tolist(),
        }
        leaf = [t.children_left[i] == -1 for t, i in zip(ts, ids)]
        same = all(l == leaf[0] for l in leaf) and all(
            t.feature[i] == t0.feature[i0] and t.threshold[i] == t0.threshold[i0] for t, i in zip(ts, ids))
        if same:
            rec['leaf'] = bool(leaf[0])
            if not leaf[0]:
                rec['feature'] = int(t0.feature[i0])
                rec['threshold'] = float(t0.threshold[i0])
                stack.append((path + 'R', [t.children_right[i] for t, i in zip(ts, ids)]))
                stack.append((path + 'L', [t.children_left[i] for t, i in zip(ts, ids)]))
        out.append(rec)
    return out


def same_tree(a, b):
    ta, tb = a.tree_, b.tree_
    return (ta.node_count == tb.node_count and np.array_equal(ta.feature, tb.feature)
            and np.array_equal(ta.threshold, tb.threshold) and np.array_equal(ta.children_left, tb.children_left))


def main():
    out = []
    for name, ds, kind, params, wrule, path, export in CASES:
        X, y, names = load(ds)
        cols = COLUMNS.get(name)
        if cols is not None:
            X, names = X[:, cols], [names[c] for c in cols]
        train = np.arange(len(y)) % 4 != 0
        Xt, yt = X[train], y[train]
        w = None
        if wrule == 'mod3':
            w = 1.0 + (np.arange(len(yt)) % 3)
        Est = DecisionTreeClassifier if kind == 'clf' else DecisionTreeRegressor
        skp = {snake(k): to_py(v) for k, v in params.items()}
        fits = [Est(random_state=s, **skp).fit(Xt, yt, sample_weight=w) for s in range(8)]
        est = fits[0]
        stable = all(same_tree(est, f) for f in fits[1:])
        case = {
            'name': name, 'dataset': ds, 'kind': kind, 'params': params, 'weights': wrule, 'stable': bool(stable),
            'columns': cols,
            'trainScore': float(est.score(Xt, yt, sample_weight=None)),
            'trainScores': [float(f.score(Xt, yt)) for f in fits],
            'testScores': [float(f.score(X[~train], y[~train])) for f in fits],
        }
        preds = np.array([f.predict(X) for f in fits])
        agree = np.all(preds == preds[0], axis=0)
        case['consensusMask'] = agree.astype(int).tolist()
        case['consensusPredict'] = preds[0].tolist()
        case['commonNodes'] = common_nodes(fits)
        if all(f.tree_.node_count == est.tree_.node_count for f in fits):
            case['nodeCount'] = int(est.tree_.node_count)
        if all(f.get_depth() == est.get_depth() for f in fits):
            case['depth'] = int(est.get_depth())
        if stable:
            case['tree'] = tree_arrays(est)
            case['predict'] = est.predict(X).tolist()
            if kind == 'clf':
                case['classes'] = est.classes_.tolist()
                case['proba'] = est.predict_proba(X).ravel().tolist()
            case['featureImportances'] = est.feature_importances_.tolist()
            case['apply'] = est.apply(X).tolist()
            if path:
                p = est.cost_complexity_pruning_path(Xt, yt, sample_weight=w)
                case['ccpAlphas'] = p.ccp_alphas.tolist()
                case['impurities'] = p.impurities.tolist()
            if export is not None:
                kw = {snake(k): v for k, v in export.items()}
                case['exportOptions'] = export
                case['exportText'] = export_text(est, feature_names=names, **kw)
                case['exportTextDefault'] = export_text(est)
        print(f'{name}: stable={stable} nodes={est.tree_.node_count} common={sum(1 for r in case["commonNodes"] if "leaf" in r)} agree={agree.mean():.3f}')
        out.append(case)
    path = os.path.join(ROOT, 'test', 'fixtures', 'learn', 'tree.json')
    with open(path, 'w') as f:
        json.dump({'sklearn': __import__('sklearn').__version__, 'cases': out}, f)
    print('wrote', path, os.path.getsize(path), 'bytes')


if __name__ == '__main__':
    main()
