import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TSNE } from '../../../src/learn/decomposition/index.js';
import { ValueError } from '../../../src/tensor/errors.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { readFixture } from '../cluster/fixture.js';

interface Fx { X: number[][]; cases: { method: 'barnes_hut' | 'exact'; n: number; trustworthiness: number; kl: number }[]; trust: { X: number[][]; embedding: number[][]; value: number; value10: number } }
const fx = readFixture<Fx>('tsne');

/**
 * scikit-learn's `trustworthiness`: 1 − 2/(n·k·(2n − 3k − 1)) · Σ_i Σ_{j ∈ k-NN of i in the
 * embedding} max(0, r(i, j) − k), r the rank of j among i's neighbours in the input space.
 */
function trustworthiness(X: number[][], E: number[][], k = 5): number {
  const n = X.length;
  const d = (a: number[], b: number[]): number => a.reduce((s, v, f) => s + (v - b[f]) ** 2, 0);
  let t = 0;
  for (let i = 0; i < n; i++) {
    const byX = Array.from({ length: n }, (_, j) => j).filter((j) => j !== i).sort((a, b) => d(X[i], X[a]) - d(X[i], X[b]) || a - b);
    const rank = new Map(byX.map((j, r) => [j, r + 1]));
    const byE = Array.from({ length: n }, (_, j) => j).filter((j) => j !== i).sort((a, b) => d(E[i], E[a]) - d(E[i], E[b]) || a - b).slice(0, k);
    for (const j of byE) t += Math.max(0, (rank.get(j) as number) - k);
  }
  return 1 - (t * 2) / (n * k * (2 * n - 3 * k - 1));
}

test('trustworthiness (test helper) matches scikit-learn', () => {
  const X = fx.trust.X;
  assert.ok(Math.abs(trustworthiness(X, fx.trust.embedding) - fx.trust.value) < 1e-12);
  assert.ok(Math.abs(trustworthiness(X, fx.trust.embedding, 10) - fx.trust.value10) < 1e-12);
});

for (const c of fx.cases) {
  test(`TSNE ${c.method} on ${c.n} digits: trustworthiness within 0.01 of scikit-learn's (${c.trustworthiness.toFixed(4)})`, () => {
    const X = fx.X.slice(0, c.n);
    const ts = new TSNE({ method: c.method, randomState: 0 });
    const Y = ts.fitTransform(X);
    assert.deepEqual(Y.shape, [c.n, 2]);
    const rows = Array.from({ length: c.n }, (_, i) => Array.from(Y.dataSync().slice(2 * i, 2 * i + 2)));
    const tw = trustworthiness(X, rows);
    assert.ok(tw >= c.trustworthiness - 0.01, `trustworthiness ${tw} vs scikit-learn ${c.trustworthiness}`);
    assert.ok(Number.isFinite(ts.klDivergence) && ts.klDivergence < c.kl * 1.5 + 0.1, `KL ${ts.klDivergence} vs scikit-learn ${c.kl}`);
  });
}

test('TSNE: same seed, same embedding; bad options', () => {
  const X = new Tensor(Float64Array.from(fx.X.slice(0, 60).flat()), [60, 64], 'float64');
  const a = new TSNE({ perplexity: 10, nIter: 300, randomState: 1 }).fitTransform(X);
  const b = new TSNE({ perplexity: 10, nIter: 300, randomState: 1 }).fitTransform(X);
  assert.deepEqual(Array.from(a.dataSync()), Array.from(b.dataSync()));
  const ts = new TSNE({ perplexity: 10, nIter: 250, randomState: 2 }).fit(X);
  assert.deepEqual(Array.from(TSNE.fromJSON(JSON.parse(JSON.stringify(ts.toJSON()))).embedding!.dataSync()), Array.from(ts.embedding!.dataSync()));
  assert.throws(() => new TSNE({ perplexity: 100 }).fit(X), ValueError);
  assert.throws(() => new TSNE({ nComponents: 3 }).fit(X), ValueError);
  assert.equal(new TSNE({ nComponents: 3, method: 'exact', perplexity: 10, nIter: 250, randomState: 0 }).fitTransform(X).shape[1], 3);
});
