"""Parity fixtures for nabla/learn decomposition estimators (scikit-learn), written to
test/fixtures/learn/decomposition.json.  Run: /usr/bin/python3 tools/parity_learn/decomposition.py"""
import json, os
import numpy as np
from sklearn.datasets import load_iris, load_wine, load_digits, load_breast_cancer
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.decomposition import PCA, TruncatedSVD, KernelPCA
from sklearn.preprocessing import StandardScaler

root = os.path.join(os.path.dirname(__file__), '..', '..')
iris = load_iris().data
wine = load_wine().data
rng = np.random.RandomState(0)
# 800 x 20 with a clear spectral gap: randomized solvers converge to the exact components
lowrank = rng.randn(800, 5) @ (rng.randn(5, 20) * 3) + 0.1 * rng.randn(800, 20) + 2.0
L = lambda a: np.asarray(a).tolist()
out = {'data': {'iris': L(iris), 'wine': L(wine), 'lowrank': L(lowrank)}, 'pca': [], 'tsvd': [], 'kpca': []}
for name, X in [('iris', iris), ('wine', wine), ('lowrank', lowrank)]:
    for opts in [{'n_components': 2}, {'n_components': None}, {'n_components': 0.95}, {'n_components': 3, 'whiten': True},
                 {'n_components': 3, 'svd_solver': 'randomized', 'random_state': 0}]:
        m = PCA(**opts).fit(X)
        Z = m.transform(X[:10])
        out['pca'].append({'data': name, 'opts': {k: v for k, v in opts.items() if k != 'random_state'},
                           'components': L(m.components_), 'explainedVariance': L(m.explained_variance_),
                           'explainedVarianceRatio': L(m.explained_variance_ratio_), 'singularValues': L(m.singular_values_),
                           'mean': L(m.mean_), 'noiseVariance': float(m.noise_variance_), 'nComponents': int(m.n_components_),
                           'transform': L(Z), 'inverse': L(m.inverse_transform(Z))})
    for algo in ['arpack', 'randomized']:
        m = TruncatedSVD(n_components=3, algorithm=algo, random_state=0, n_iter=10)
        Z = m.fit_transform(X)
        out['tsvd'].append({'data': name, 'algorithm': 'full' if algo == 'arpack' else 'randomized',
                            'components': L(m.components_), 'explainedVariance': L(m.explained_variance_),
                            'explainedVarianceRatio': L(m.explained_variance_ratio_), 'singularValues': L(m.singular_values_),
                            'transform': L(Z[:10])})
sub = {'iris': iris[::3], 'wine': StandardScaler().fit_transform(wine)[::3]}
out['data']['iris3'] = L(sub['iris']); out['data']['wine3'] = L(sub['wine'])
for name in ['iris3', 'wine3']:
    X = sub[name[:-1]]
    for opts in [{'kernel': 'linear', 'n_components': 3}, {'kernel': 'rbf', 'gamma': 0.5, 'n_components': 4, 'fit_inverse_transform': True},
                 {'kernel': 'poly', 'degree': 2, 'gamma': 0.3, 'coef0': 1.0, 'n_components': 3}, {'kernel': 'sigmoid', 'gamma': 0.05, 'coef0': 0.5, 'n_components': 2},
                 {'kernel': 'cosine', 'n_components': 3}, {'kernel': 'rbf', 'n_components': None}]:
        m = KernelPCA(eigen_solver='dense', **opts)
        Z = m.fit_transform(X)
        case = {'data': name, 'opts': opts, 'eigenvalues': L(m.eigenvalues_), 'eigenvectors': L(m.eigenvectors_),
                'fitTransform': L(Z), 'transform': L(m.transform(X[:7] * 1.1))}
        if opts.get('fit_inverse_transform'):
            case['inverse'] = L(m.inverse_transform(Z[:7]))
        out['kpca'].append(case)
out['lda'] = []
bc = load_breast_cancer()
sets = {'iris': (iris, load_iris().target), 'wine': (wine, load_wine().target), 'bc': (bc.data[::2], bc.target[::2])}
out['data']['bc'] = L(sets['bc'][0]); out['target'] = {k: L(v[1]) for k, v in sets.items()}
for name, (X, y) in sets.items():
    for opts in [{'solver': 'svd'}, {'solver': 'svd', 'n_components': 1}, {'solver': 'eigen'}, {'solver': 'eigen', 'shrinkage': 'auto'},
                 {'solver': 'eigen', 'shrinkage': 0.3}, {'solver': 'svd', 'priors': [0.2, 0.8] if name == 'bc' else [0.5, 0.3, 0.2]}]:
        m = LinearDiscriminantAnalysis(**opts).fit(X, y)
        out['lda'].append({'data': name, 'opts': opts, 'coef': L(m.coef_), 'intercept': L(m.intercept_), 'means': L(m.means_),
                           'evr': L(m.explained_variance_ratio_), 'proba': L(m.predict_proba(X[:20])), 'predict': L(m.predict(X)),
                           'transform': L(m.transform(X[:10])), 'score': float(m.score(X, y))})
with open(os.path.join(root, 'test/fixtures/learn/decomposition.json'), 'w') as f:
    json.dump(out, f)
