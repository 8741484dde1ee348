import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KernelPCA, type KernelPCAOptions } from '../../../src/learn/decomposition/index.js';
import { NotFittedError, ValueError } from '../../../src/tensor/errors.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { dataset, maxDiff, readFixture } from '../cluster/fixture.js';

interface KCase { data: string; opts: Record<string, unknown>; eigenvalues: number[]; eigenvectors: number[][]; fitTransform: number[][]; transform: number[][]; inverse?: number[][] }
const fx = readFixture<{ data: Record<string, number[][]>; kpca: KCase[] }>('decomposition');

/** Flips every column of a [rows, k] so its largest-magnitude entry is positive (compare up to sign). */
function canon(a: ArrayLike<number>, k: number): number[] {
  const out = Array.from(a), rows = out.length / k;
  for (let j = 0; j < k; j++) {
    let bi = 0;
    for (let i = 0; i < rows; i++) if (Math.abs(out[i * k + j]) > Math.abs(out[bi * k + j]) + 1e-12) bi = i;
    if (out[bi * k + j] < 0) for (let i = 0; i < rows; i++) out[i * k + j] = -out[i * k + j];
  }
  return out;
}
const tol = (ref: number[]): number => 1e-6 * Math.max(1, ...ref.map(Math.abs));

for (const c of fx.kpca) {
  test(`KernelPCA parity ${c.data} ${JSON.stringify(c.opts)}`, () => {
    const o = c.opts;
    const opts: KernelPCAOptions = { kernel: o.kernel as KernelPCAOptions['kernel'], nComponents: (o.n_components as number | null) ?? null, gamma: (o.gamma as number | undefined) ?? null, degree: (o.degree as number | undefined) ?? 3, coef0: (o.coef0 as number | undefined) ?? 1, fitInverseTransform: (o.fit_inverse_transform as boolean | undefined) ?? false };
    const X = dataset(c.data, fx.data);
    const m = new KernelPCA(opts);
    const Z = m.fitTransform(X);
    const k = c.eigenvalues.length;
    assert.equal(m.eigenvalues!.shape[0], k);
    assert.ok(maxDiff(m.eigenvalues!.dataSync(), c.eigenvalues) <= tol(c.eigenvalues), 'eigenvalues');
    assert.ok(maxDiff(canon(m.eigenvectors!.dataSync(), k), canon(c.eigenvectors.flat(), k)) <= 1e-6, 'eigenvectors up to sign');
    assert.ok(maxDiff(canon(Z.dataSync(), k), canon(c.fitTransform.flat(), k)) <= tol(c.fitTransform.flat()), 'fitTransform');
    // transform: same sign choice as the eigenvectors, so compare each column's sign-aligned values
    const p = X.shape[1];
    const x7 = new Tensor((X.dataSync() as Float64Array).slice(0, 7 * p).map((v) => v * 1.1), [7, p], 'float64');
    const T = Array.from(m.transform(x7).dataSync());
    const ours = m.eigenvectors!.dataSync(), ref = c.eigenvectors.flat();
    for (let j = 0; j < k; j++) {
      let bi = 0;
      for (let i = 0; i < ours.length / k; i++) if (Math.abs(ref[i * k + j]) > Math.abs(ref[bi * k + j])) bi = i;
      const sgn = Math.sign(ours[bi * k + j]) * Math.sign(ref[bi * k + j]);
      for (let i = 0; i < 7; i++) assert.ok(Math.abs(T[i * k + j] * sgn - c.transform[i][j]) <= tol(c.transform.flat()), `transform [${i}, ${j}]`);
    }
    if (c.inverse) {
      const inv = m.inverseTransform(new Tensor(Float64Array.from(Z.dataSync()).slice(0, 7 * k), [7, k], 'float64'));
      assert.ok(maxDiff(inv.dataSync(), c.inverse.flat()) <= tol(c.inverse.flat()), 'inverseTransform');
    }
  });
}

test('KernelPCA: precomputed kernel equals linear; errors; round-trip', () => {
  const X = dataset('iris3', fx.data);
  const x = X.dataSync() as Float64Array, [n, p] = X.shape;
  const K = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { let s = 0; for (let f = 0; f < p; f++) s += x[i * p + f] * x[j * p + f]; K[i * n + j] = s; }
  const a = new KernelPCA({ nComponents: 2 }).fit(X), b = new KernelPCA({ nComponents: 2, kernel: 'precomputed' }).fit(new Tensor(K, [n, n], 'float64'));
  assert.ok(maxDiff(a.eigenvalues!.dataSync(), b.eigenvalues!.dataSync()) < 1e-9);
  assert.throws(() => new KernelPCA().transform(X), NotFittedError);
  assert.throws(() => new KernelPCA({ nComponents: 2 }).fit(X).inverseTransform([[1, 2]]), ValueError);
  const back = KernelPCA.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
  assert.deepEqual(Array.from(back.transform(X).dataSync()), Array.from(a.transform(X).dataSync()));
});
