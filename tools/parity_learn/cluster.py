"""Parity fixtures for nabla/learn cluster estimators (scikit-learn), written to
test/fixtures/learn/cluster.json.  Run: /usr/bin/python3 tools/parity_learn/cluster.py"""
import json, os
import numpy as np
from sklearn.datasets import load_iris, load_wine
from sklearn.cluster import KMeans, DBSCAN, AgglomerativeClustering, MiniBatchKMeans
from sklearn.mixture import GaussianMixture
from sklearn.preprocessing import StandardScaler

root = os.path.join(os.path.dirname(__file__), '..', '..')
iris = load_iris().data
wine = StandardScaler().fit_transform(load_wine().data)
out = {'kmeans': [], 'dbscan': [], 'agglomerative': []}

def L(a):
    return np.asarray(a).tolist()

for name, X in [('iris', iris), ('wine', wine)]:
    for k, rows in [(3, [0, 50, 100]), (5, [3, 17, 60, 99, 140])]:
        init = X[rows]
        for algo in ['lloyd', 'elkan']:
            km = KMeans(n_clusters=k, init=init, n_init=1, algorithm=algo, max_iter=300, tol=1e-4).fit(X)
            out['kmeans'].append({'data': name, 'k': k, 'initRows': rows, 'algorithm': algo,
                                  'centers': L(km.cluster_centers_), 'labels': L(km.labels_),
                                  'inertia': float(km.inertia_), 'nIter': int(km.n_iter_),
                                  'transform': L(km.transform(X[:5])), 'score': float(km.score(X))})

for name, X in [('iris', iris), ('wine', wine)]:
    for eps, ms, metric in [(0.5, 5, 'euclidean'), (0.8, 4, 'manhattan'), (1.9, 6, 'euclidean'), (2.5, 3, 'manhattan')]:
        db = DBSCAN(eps=eps, min_samples=ms, metric=metric).fit(X)
        out['dbscan'].append({'data': name, 'eps': eps, 'minSamples': ms, 'metric': metric,
                              'labels': L(db.labels_), 'core': L(db.core_sample_indices_)})

small = iris[::5] + 1e-3 * np.arange(30)[:, None]  # 30 rows, ties broken
for linkage in ['ward', 'complete', 'average', 'single']:
    for opts in [{'n_clusters': 3}, {'n_clusters': None, 'distance_threshold': 1.0}]:
        ag = AgglomerativeClustering(linkage=linkage, compute_distances=True, **opts).fit(small)
        out['agglomerative'].append({'linkage': linkage, 'nClusters': opts['n_clusters'],
                                     'distanceThreshold': opts.get('distance_threshold'),
                                     'labels': L(ag.labels_), 'children': L(ag.children_),
                                     'distances': L(ag.distances_), 'nClustersFound': int(ag.n_clusters_)})
out['gmm'] = []
for name, X in [('iris', iris), ('wine', wine)]:
    n, p = X.shape
    for k, rows in [(3, [0, 50, 100]), (2, [10, 120])]:
        for ct in ['full', 'tied', 'diag', 'spherical']:
            prec = {'full': np.stack([np.eye(p)] * k), 'tied': np.eye(p), 'diag': np.ones((k, p)), 'spherical': np.ones(k)}[ct]
            gm = GaussianMixture(n_components=k, covariance_type=ct, weights_init=np.full(k, 1.0 / k), means_init=X[rows],
                                 precisions_init=prec, max_iter=200, tol=1e-6).fit(X)
            out['gmm'].append({'data': name, 'k': k, 'rows': rows, 'covarianceType': ct, 'precisionsInit': L(prec),
                               'weights': L(gm.weights_), 'means': L(gm.means_), 'covariances': L(gm.covariances_),
                               'precisionsCholesky': L(gm.precisions_cholesky_), 'nIter': int(gm.n_iter_), 'converged': bool(gm.converged_),
                               'lowerBound': float(gm.lower_bound_), 'proba': L(gm.predict_proba(X[:10])), 'scoreSamples': L(gm.score_samples(X[:10])),
                               'predict': L(gm.predict(X)), 'bic': float(gm.bic(X)), 'aic': float(gm.aic(X))})
out['minibatch'] = []
for name, X in [('iris', iris), ('wine', wine)]:
    for k in [3, 5]:
        mb = MiniBatchKMeans(n_clusters=k, batch_size=64, n_init=3, random_state=0).fit(X)
        full = KMeans(n_clusters=k, n_init=10, random_state=0).fit(X)
        out['minibatch'].append({'data': name, 'k': k, 'inertia': float(mb.inertia_), 'fullInertia': float(full.inertia_)})
out['agglomerativeData'] = L(small)
out['wineScaled'] = L(wine)
out['iris'] = L(iris)

with open(os.path.join(root, 'test/fixtures/learn/cluster.json'), 'w') as f:
    json.dump(out, f)
