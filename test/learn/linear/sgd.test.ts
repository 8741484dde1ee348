// SGD held-out scores within 1% (absolute) of scikit-learn's, each averaged over 20 seeds (shuffling differs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SGDClassifier, SGDRegressor, type SGDOptions } from '../../../src/learn/linear/index.js';
import { ValueError } from '../../../src/tensor/errors.js';
import { FIX, dataset, nested } from './data.js';

type Case = { data: string; kind: string; params: SGDOptions; score: number };

for (const c of FIX.sgd as Case[]) {
  test(`${c.kind === 'classifier' ? 'SGDClassifier' : 'SGDRegressor'} ${JSON.stringify(c.params)} on ${c.data}: held-out score within 0.01 of scikit-learn`, () => {
    const { X, y } = dataset(c.data);
    const tr = X.filter((_, i) => i % 2 === 0), te = X.filter((_, i) => i % 2 === 1);
    const ytr = y.filter((_, i) => i % 2 === 0), yte = y.filter((_, i) => i % 2 === 1);
    let total = 0;
    for (let seed = 0; seed < 20; seed++) {
      const est = c.kind === 'classifier' ? new SGDClassifier({ ...c.params, randomState: seed }) : new SGDRegressor({ ...c.params, randomState: seed });
      total += est.fit(tr, ytr).score(te, yte);
    }
    assert.ok(Math.abs(total / 20 - c.score) <= 0.01, `score ${total / 20} vs scikit-learn ${c.score}`);
  });
}

test('SGDClassifier: probabilities only for log_loss / modified_huber; rows sum to 1', () => {
  const X = [[0, 1], [1, 0], [2, 2], [3, 1], [0, 3], [4, 4]], y = [0, 1, 2, 1, 0, 2];
  assert.throws(() => new SGDClassifier({ randomState: 0 }).fit(X, y).predictProba(X), ValueError);
  const p = nested(new SGDClassifier({ loss: 'log_loss', randomState: 0 }).fit(X, y).predictProba(X)) as number[][];
  for (const r of p) assert.ok(Math.abs(r.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  assert.throws(() => new SGDRegressor({ learningRate: 'constant', eta0: 0 }).fit(X, y), ValueError);
});

test('SGD earlyStopping: holds out a validation share, stops on its score; bad fractions are ValueErrors', () => {
  const { X, y } = dataset('diabetesStd');
  const es = new SGDRegressor({ earlyStopping: true, tol: 1e-3, randomState: 0 }).fit(X, y);
  const plain = new SGDRegressor({ tol: null, maxIter: 200, randomState: 0 }).fit(X, y);
  assert.ok((es.nIter as number) < (plain.nIter as number), `early stopping ran ${es.nIter} epochs`);
  assert.ok(es.score(X, y) > 0.4);
  assert.throws(() => new SGDRegressor({ earlyStopping: true, validationFraction: 1 }).fit(X, y), ValueError);
});
