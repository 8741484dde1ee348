// Checks every numeric transformer of learn/preprocessing must pass (scikit-learn's
// check_estimator, in small): options only in the constructor, clone, NotFittedError, fit
// returns this, fitTransform = fit + transform, inputs left untouched, Tensor = nested arrays,
// 1-D input rejected with a ShapeError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as pp from '../../../src/learn/preprocessing/index.js';
import { BaseTransformer } from '../../../src/learn/base.js';
import { tensor } from '../../../src/tensor/creation.js';
import { NotFittedError, ShapeError } from '../../../src/tensor/errors.js';

const X = Array.from({ length: 24 }, (_, i) => [Math.abs(Math.sin(i)) * 3 + 0.1, ((i * 7) % 5) + 0.5, Math.cos(i * 1.3) + 2]);
const y = Array.from({ length: 24 }, (_, i) => i % 2);

const makers: [string, () => BaseTransformer<object>][] = [
  ['StandardScaler', () => new pp.StandardScaler()],
  ['MinMaxScaler', () => new pp.MinMaxScaler({ featureRange: [-1, 1] })],
  ['MaxAbsScaler', () => new pp.MaxAbsScaler()],
  ['RobustScaler', () => new pp.RobustScaler({ unitVariance: true })],
  ['Normalizer', () => new pp.Normalizer({ norm: 'l1' })],
  ['MedianLogTransformer', () => new pp.MedianLogTransformer()],
  ['FunctionTransformer', () => new pp.FunctionTransformer({ func: Math.log1p })],
  ['PowerTransformer', () => new pp.PowerTransformer()],
  ['PowerTransformer box-cox', () => new pp.PowerTransformer({ method: 'box-cox' })],
  ['QuantileTransformer', () => new pp.QuantileTransformer({ nQuantiles: 10, outputDistribution: 'normal' })],
  ['KBinsDiscretizer', () => new pp.KBinsDiscretizer({ nBins: 3, strategy: 'kmeans' })],
  ['PolynomialFeatures', () => new pp.PolynomialFeatures({ degree: 3, interactionOnly: true })],
  ['SimpleImputer', () => new pp.SimpleImputer({ strategy: 'median', addIndicator: true })],
  ['KNNImputer', () => new pp.KNNImputer({ nNeighbors: 3 })],
  ['MissingIndicator', () => new pp.MissingIndicator({ features: 'all' })],
  ['VarianceThreshold', () => new pp.VarianceThreshold({ threshold: 0.1 })],
  ['SelectKBest', () => new pp.SelectKBest({ scoreFunc: pp.fClassif, k: 2 })],
];

const stateless = new Set(['Normalizer', 'FunctionTransformer']);

for (const [name, make] of makers) {
  test(`common checks: ${name}`, () => {
    const est = make();
    const params = est.getParams();
    const copy = est.clone();
    assert.deepEqual(copy.getParams(), params);
    assert.notEqual(copy, est);
    if (!stateless.has(name)) assert.throws(() => make().transform(X), NotFittedError);
    const before = JSON.stringify(X);
    assert.equal(est.fit(X, y), est);
    const a = est.transform(X).toArray();
    assert.equal(JSON.stringify(X), before, 'input not modified');
    assert.deepEqual(make().fitTransform(X, y).toArray(), a);
    assert.deepEqual(make().fit(tensor(X, { dtype: 'float64' }), y).transform(tensor(X, { dtype: 'float64' })).toArray(), a);
    assert.deepEqual(est.getParams(), params, 'fit does not change the options');
    assert.throws(() => make().fit([1, 2, 3], y), ShapeError);
  });
}
