"""BernoulliRBM fixtures (scikit-learn) -> test/fixtures/learn/rbm.json.

Run: /usr/bin/python3 tools/parity_learn/rbm.py
Digits binarised at 8/16. Training draws cannot be replayed (numpy's stream differs from
nabla's), so the fixture holds a trained RBM's weights and the deterministic outputs given them
(transform, free energy, pseudo-likelihood with stored flip indices), plus the pseudo-likelihood
scikit-learn reaches, for a quality comparison.
"""
import json, os
import numpy as np
from sklearn import datasets
from sklearn.neural_network import BernoulliRBM
from scipy.special import expit

X = (datasets.load_digits().data / 16.0 > 0.5).astype(float)
Xtr, Xte = X[:1000], X[1000:1200]
rbm = BernoulliRBM(n_components=32, learning_rate=0.05, batch_size=10, n_iter=10, random_state=0).fit(Xtr)
flips = np.random.RandomState(3).randint(0, X.shape[1], Xte.shape[0])
def pl(m, v):
    v_ = v.copy(); v_[np.arange(v.shape[0]), flips] = 1 - v_[np.arange(v.shape[0]), flips]
    return v.shape[1] * -np.logaddexp(0, -(m._free_energy(v_) - m._free_energy(v)))
init = BernoulliRBM(n_components=32, n_iter=1, random_state=0)
out = {"sklearn": __import__("sklearn").__version__, "components": rbm.components_.ravel().tolist(), "interceptHidden": rbm.intercept_hidden_.tolist(),
       "interceptVisible": rbm.intercept_visible_.tolist(), "flips": flips.tolist(), "transform": rbm.transform(Xte).ravel().tolist(),
       "freeEnergy": rbm._free_energy(Xte).tolist(), "pseudoLikelihood": pl(rbm, Xte).tolist(), "meanPseudoLikelihood": float(pl(rbm, Xte).mean())}
path = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "learn", "rbm.json")
with open(path, "w") as f:
    json.dump(out, f)
print("mean PL", out["meanPseudoLikelihood"])
