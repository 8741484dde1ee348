"""TSNE quality reference (scikit-learn): trustworthiness of scikit-learn's embedding of a
digits subset, written to test/fixtures/learn/tsne.json.  Run: /usr/bin/python3 tools/parity_learn/tsne.py"""
import json, os
import numpy as np
from sklearn.datasets import load_digits
from sklearn.manifold import TSNE, trustworthiness

root = os.path.join(os.path.dirname(__file__), '..', '..')
d = load_digits()
X = d.data[::4][:400]
out = {'X': X.tolist(), 'cases': []}
for method, n in [('barnes_hut', 400), ('exact', 150)]:
    Y = TSNE(n_components=2, method=method, random_state=0, init='pca', learning_rate='auto').fit(X[:n])
    out['cases'].append({'method': method, 'n': n, 'trustworthiness': float(trustworthiness(X[:n], Y.embedding_, n_neighbors=5)),
                         'kl': float(Y.kl_divergence_)})
# a reference value for the trustworthiness implementation itself
rng = np.random.RandomState(0)
Xt = X[:100] + 1e-3 * rng.randn(100, 64)  # no distance ties (argsort's tie order is not specified)
E = X[:100, :2] + rng.randn(100, 2)
out['trust'] = {'X': Xt.tolist(), 'embedding': E.tolist(), 'value': float(trustworthiness(Xt, E, n_neighbors=5)), 'value10': float(trustworthiness(Xt, E, n_neighbors=10))}
with open(os.path.join(root, 'test/fixtures/learn/tsne.json'), 'w') as f:
    json.dump(out, f)
print(out['cases'])
