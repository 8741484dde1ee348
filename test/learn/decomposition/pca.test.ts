import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PCA, TruncatedSVD } from '../../../src/learn/decomposition/index.js';
import { NotFittedError, ShapeError, ValueError } from '../../../src/tensor/errors.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { dataset, maxDiff, readFixture } from '../cluster/fixture.js';

interface PCACase {
  data: string; opts: { n_components: number | null; whiten?: boolean; svd_solver?: 'randomized' }; components: number[][]; explainedVariance: number[];
  explainedVarianceRatio: number[]; singularValues: number[]; mean: number[]; noiseVariance: number; nComponents: number; transform: number[][]; inverse: number[][];
}
interface TSVDCase { data: string; algorithm: 'full' | 'randomized'; components: number[][]; explainedVariance: number[]; explainedVarianceRatio: number[]; singularValues: number[]; transform: number[][] }
const fx = readFixture<{ data: Record<string, number[][]>; pca: PCACase[]; tsvd: TSVDCase[] }>('decomposition');

/** Relative closeness (scaled by the largest magnitude of the expected values). */
function close(actual: ArrayLike<number>, expected: number[], tol = 1e-6): boolean {
  const scale = Math.max(1, ...expected.map(Math.abs));
  return maxDiff(actual, expected) <= tol * scale;
}

for (const c of fx.pca) {
  test(`PCA parity ${c.data} ${JSON.stringify(c.opts)}`, () => {
    const X = dataset(c.data, fx.data);
    const m = new PCA({ nComponents: c.opts.n_components, whiten: c.opts.whiten ?? false, svdSolver: c.opts.svd_solver ?? 'auto', randomState: 0 }).fit(X);
    assert.equal(m.nComponents, c.nComponents);
    assert.ok(close(m.components!.dataSync(), c.components.flat()), 'components');
    assert.ok(close(m.explainedVariance!.dataSync(), c.explainedVariance), 'explainedVariance');
    assert.ok(close(m.explainedVarianceRatio!.dataSync(), c.explainedVarianceRatio), 'explainedVarianceRatio');
    assert.ok(close(m.singularValues!.dataSync(), c.singularValues), 'singularValues');
    assert.ok(close(m.mean!.dataSync(), c.mean), 'mean');
    assert.ok(Math.abs(m.noiseVariance - c.noiseVariance) <= 1e-6 * Math.max(1, Math.abs(c.noiseVariance)), `noiseVariance ${m.noiseVariance} vs ${c.noiseVariance}`);
    const p = X.shape[1];
    const first = new Tensor((X.dataSync() as Float64Array).slice(0, 10 * p), [10, p], 'float64');
    const Z = m.transform(first);
    assert.ok(close(Z.dataSync(), c.transform.flat()), 'transform');
    assert.ok(close(m.inverseTransform(Z).dataSync(), c.inverse.flat()), 'inverseTransform');
  });
}

for (const c of fx.tsvd) {
  test(`TruncatedSVD parity ${c.data} ${c.algorithm}`, () => {
    const X = dataset(c.data, fx.data);
    const m = new TruncatedSVD({ nComponents: 3, algorithm: c.algorithm, nIter: 10, randomState: 0 });
    const Z = m.fitTransform(X);
    assert.ok(close(m.components!.dataSync(), c.components.flat()), 'components');
    assert.ok(close(m.explainedVariance!.dataSync(), c.explainedVariance), 'explainedVariance');
    assert.ok(close(m.explainedVarianceRatio!.dataSync(), c.explainedVarianceRatio), 'explainedVarianceRatio');
    assert.ok(close(m.singularValues!.dataSync(), c.singularValues), 'singularValues');
    assert.ok(close(Z.dataSync().slice(0, 30), c.transform.flat()), 'fitTransform');
    assert.ok(close(m.transform(X).dataSync().slice(0, 30), c.transform.flat()), 'transform');
  });
}

test('PCA covariance_eigh matches the SVD route (full) to 1e-8 on the bundled sets, signs included', () => {
  for (const name of Object.keys(fx.data)) {
    const X = dataset(name, fx.data);
    for (const nComponents of [null, 2, 0.9]) {
      const a = new PCA({ nComponents, svdSolver: 'full' }).fit(X);
      const b = new PCA({ nComponents, svdSolver: 'covariance_eigh' }).fit(X);
      const what = `${name} nComponents=${nComponents}`;
      assert.equal(b.nComponents, a.nComponents, what);
      const same = (x: Tensor | null, y: Tensor | null, field: string): void => {
        assert.ok(close(x!.dataSync(), Array.from(y!.dataSync()), 1e-8), `${what} ${field}: max diff ${maxDiff(x!.dataSync(), Array.from(y!.dataSync()))}`);
      };
      same(b.components, a.components, 'components');
      same(b.explainedVariance, a.explainedVariance, 'explainedVariance');
      same(b.explainedVarianceRatio, a.explainedVarianceRatio, 'explainedVarianceRatio');
      same(b.singularValues, a.singularValues, 'singularValues');
      same(b.transform(X), a.transform(X), 'transform');
      assert.ok(Math.abs(b.noiseVariance - a.noiseVariance) <= 1e-8 * Math.max(1, Math.abs(a.noiseVariance)), `${what} noiseVariance`);
    }
  }
  // 'auto' picks the covariance route for tall-and-narrow data (nSamples ≥ 10·nFeatures), as scikit-learn ≥ 1.5
  const iris = dataset('iris', fx.data);
  assert.deepEqual(Array.from(new PCA({ nComponents: 2 }).fit(iris).components!.dataSync()), Array.from(new PCA({ nComponents: 2, svdSolver: 'covariance_eigh' }).fit(iris).components!.dataSync()));
  assert.throws(() => new PCA({ svdSolver: 'eigen' as 'full' }).fit(iris), /svdSolver must be 'auto', 'full', 'covariance_eigh' or 'randomized'/);
});

test('PCA errors and round-trip', () => {
  assert.throws(() => new PCA().transform([[1, 2]]), NotFittedError);
  assert.throws(() => new PCA({ nComponents: 5 }).fit([[1, 2], [3, 4], [5, 7]]), ValueError);
  const X = dataset('iris', fx.data);
  const m = new PCA({ nComponents: 2, whiten: true }).fit(X);
  assert.throws(() => m.transform([[1, 2, 3]]), ShapeError);
  const back = PCA.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
  assert.deepEqual(Array.from(back.transform(X).dataSync()), Array.from(m.transform(X).dataSync()));
  const t = TruncatedSVD.fromJSON(JSON.parse(JSON.stringify(new TruncatedSVD({ randomState: 0 }).fit(X).toJSON())));
  assert.equal(t.transform(X).shape[1], 2);
});
