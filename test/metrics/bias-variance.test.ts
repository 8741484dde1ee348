import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, matmul, transpose, getRngState, manualSeed, Tensor, ShapeError, ValueError } from '../../src/index.js';
import { biasVarianceDecomposition, type FitPredict } from '../../src/metrics/bias-variance.js';

/** Least-squares polynomial fit y ≈ Σ c_k x^k: normal equations built with matmul, solved by Gaussian elimination. */
class PolyFit implements FitPredict {
  coef: Float64Array | null = null;
  constructor(readonly degree: number) {}
  private design(X: Tensor): Tensor {
    const x = X.dataSync();
    const d = this.degree + 1;
    const v = new Float64Array(x.length * d);
    for (let i = 0; i < x.length; i++) for (let k = 0; k < d; k++) v[i * d + k] = x[i] ** k;
    return tensor(v, { dtype: 'float64' }).reshape([x.length, d]);
  }
  fit(X: Tensor, y: Tensor): this {
    const A = this.design(X);
    const At = transpose(A, 0, 1);
    const d = this.degree + 1;
    const M = Float64Array.from(matmul(At, A).contiguous().dataSync()); // [d, d]
    const b = Float64Array.from(matmul(At, y.reshape([-1, 1])).contiguous().dataSync()); // [d]
    for (let k = 0; k < d; k++) M[k * d + k] += 1e-10; // keep duplicate bootstrap points from making it singular
    for (let c = 0; c < d; c++) {
      let p = c;
      for (let r = c + 1; r < d; r++) if (Math.abs(M[r * d + c]) > Math.abs(M[p * d + c])) p = r;
      for (let j = 0; j < d; j++) [M[c * d + j], M[p * d + j]] = [M[p * d + j], M[c * d + j]];
      [b[c], b[p]] = [b[p], b[c]];
      for (let r = c + 1; r < d; r++) {
        const f = M[r * d + c] / M[c * d + c];
        for (let j = c; j < d; j++) M[r * d + j] -= f * M[c * d + j];
        b[r] -= f * b[c];
      }
    }
    const coef = new Float64Array(d);
    for (let r = d - 1; r >= 0; r--) {
      let s = b[r];
      for (let j = r + 1; j < d; j++) s -= M[r * d + j] * coef[j];
      coef[r] = s / M[r * d + r];
    }
    this.coef = coef;
    return this;
  }
  predict(X: Tensor): Tensor {
    // [n, d] @ [d, 1] -> [n, 1]
    return matmul(this.design(X), tensor(this.coef as Float64Array, { dtype: 'float64' }).reshape([-1, 1])).reshape([-1]);
  }
}

/** Noisy samples of sin(2πx) on [0, 1] (the notes' polynomial example), from a fixed LCG. */
function sinData(n: number, seed: number): { X: number[][]; y: number[] } {
  let s = seed;
  const u = (): number => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
  const X: number[][] = [], y: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = u();
    const noise = Math.sqrt(-2 * Math.log(u() + 1e-12)) * Math.cos(2 * Math.PI * u());
    X.push([x]);
    y.push(Math.sin(2 * Math.PI * x) + 0.3 * noise);
  }
  return { X, y };
}

test('bias-variance: a degree-1 fit has high bias, a degree-12 fit high variance (noisy sin)', () => {
  const train = sinData(20, 1), testSet = sinData(200, 2);
  const low = biasVarianceDecomposition(() => new PolyFit(1), train.X, train.y, testSet.X, testSet.y, { nRounds: 60, randomState: 0 });
  const mid = biasVarianceDecomposition(() => new PolyFit(3), train.X, train.y, testSet.X, testSet.y, { nRounds: 60, randomState: 0 });
  const high = biasVarianceDecomposition(() => new PolyFit(12), train.X, train.y, testSet.X, testSet.y, { nRounds: 60, randomState: 0 });
  for (const r of [low, mid, high]) {
    assert.ok(Math.abs(r.expectedLoss - (r.bias + r.variance)) < 1e-9 * r.expectedLoss, 'mse: loss = bias² + variance');
    assert.equal(r.noise, 0);
    assert.deepEqual(r.predictions.shape, [60, 200]);
  }
  assert.ok(low.bias > low.variance, `degree 1: bias ${low.bias} should dominate variance ${low.variance}`);
  assert.ok(high.variance > high.bias, `degree 12: variance ${high.variance} should dominate bias ${high.bias}`);
  assert.ok(low.bias > mid.bias && high.variance > mid.variance, 'degree 3 sits between');
  assert.ok(mid.expectedLoss < low.expectedLoss && mid.expectedLoss < high.expectedLoss, 'the sweet spot has the lowest loss');
});

test('bias-variance: randomState is reproducible and leaves the global generator alone', () => {
  const d = sinData(15, 3), t = sinData(10, 4);
  manualSeed(5);
  const before = getRngState();
  const a = biasVarianceDecomposition(new PolyFit(2), d.X, d.y, t.X, t.y, { nRounds: 5, randomState: 7 });
  assert.deepEqual(getRngState(), before);
  const b = biasVarianceDecomposition(new PolyFit(2), d.X, d.y, t.X, t.y, { nRounds: 5, randomState: 7 });
  assert.deepEqual(a.predictions.toArray(), b.predictions.toArray());
  const c = biasVarianceDecomposition(new PolyFit(2), d.X, d.y, t.X, t.y, { nRounds: 5, randomState: 8 });
  assert.notDeepEqual(a.predictions.toArray(), c.predictions.toArray());
});

test('bias-variance: 0-1 loss with a majority-vote classifier', () => {
  // predicts the majority label of its bootstrap sample
  const model: FitPredict & { label: number } = {
    label: 0,
    fit(_X, y) { const v = y.dataSync(); let ones = 0; for (const x of v) ones += x; this.label = ones * 2 > v.length ? 1 : 0; },
    predict(X) { return new Float64Array(X.shape[0]).fill(this.label); },
  };
  const r = biasVarianceDecomposition(model, [[0], [1], [2], [3], [4]], [1, 1, 1, 0, 0], [[0], [1]], [1, 0], { loss: '0-1', nRounds: 50, randomState: 1 });
  assert.ok(r.bias === 0.5, String(r.bias));
  assert.ok(r.variance > 0 && r.variance < 0.5);
});

test('bias-variance: bad input', () => {
  const m = new PolyFit(1);
  assert.throws(() => biasVarianceDecomposition(m, [[0], [1]], [1], [[0]], [0]), (e: Error) => e instanceof ShapeError && /X and y.*2 and 1/.test(e.message));
  assert.throws(() => biasVarianceDecomposition(m, [[0], [1]], [1, 2], [[0]], [0], { loss: 'mae' as 'mse' }), (e: Error) => e instanceof ValueError && /loss/.test(e.message));
  assert.throws(() => biasVarianceDecomposition(m, [[0], [1]], [1, 2], [[0]], [0], { nRounds: 0 }), (e: Error) => e instanceof ValueError && /nRounds/.test(e.message));
});
