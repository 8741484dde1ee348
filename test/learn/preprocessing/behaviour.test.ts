import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as pp from '../../../src/learn/preprocessing/index.js';
import { NotFittedError, ShapeError, ValueError } from '../../../src/tensor/errors.js';
import { fSf, chi2Sf, ndtri, ndtr, betainc, gammaln, digamma } from '../../../src/learn/preprocessing/special.js';
import { close } from './helpers.js';

test('scalers: NotFittedError before fit, ShapeError on a feature-count mismatch', () => {
  for (const s of [new pp.StandardScaler(), new pp.MinMaxScaler(), new pp.MaxAbsScaler(), new pp.RobustScaler(), new pp.MedianLogTransformer()]) {
    assert.throws(() => s.transform([[1, 2]]), NotFittedError);
    s.fit([[1, 2], [3, 5]]);
    assert.throws(() => s.transform([[1, 2, 3]]), (e: Error) => e instanceof ShapeError && /3 features.*2 features/.test(e.message));
  }
});

test('StandardScaler: options round-trip through getParams/setParams; constant feature scale 1', () => {
  const s = new pp.StandardScaler({ withMean: false });
  assert.deepEqual(s.getParams(), { withMean: false, withStd: true });
  s.setParams({ withMean: true }).fit([[1, 4], [3, 4]]);
  close(s.scale, [1, 1], 'scale');
  close(s.transform([[2, 4]]), [[0, 0]], 'transform');
  assert.equal(s.nSamplesSeen, 2);
});

test('MinMaxScaler rejects an empty range; RobustScaler a bad quantile range', () => {
  assert.throws(() => new pp.MinMaxScaler({ featureRange: [1, 1] }).fit([[1]]), ValueError);
  assert.throws(() => new pp.RobustScaler({ quantileRange: [80, 20] }).fit([[1]]), ValueError);
});

test('MedianLogTransformer: log(1 + x / (1 + median)) and its inverse', () => {
  const m = new pp.MedianLogTransformer().fit([[0], [1], [9]]);
  close(m.transform([[2]]), [[Math.log(2)]], 'transform');
  close(m.inverseTransform(m.transform([[0], [7], [100]])), [[0], [7], [100]], 'inverse');
});

test('OneHotEncoder: unknown categories error or zero rows; inverseTransform; drop first', () => {
  const e = new pp.OneHotEncoder().fit([['a', 1], ['b', 2]]);
  assert.throws(() => e.transform([['c', 1]]), (err: Error) => err instanceof ValueError && /unknown category c in column 0/.test(err.message));
  const ig = new pp.OneHotEncoder({ handleUnknown: 'ignore' }).fit([['a', 1], ['b', 2]]);
  close(ig.transform([['c', 2]]), [[0, 0, 0, 1]], 'ignore');
  assert.deepEqual(ig.inverseTransform(ig.transform([['b', 1]])), [['b', 1]]);
  const d = new pp.OneHotEncoder({ drop: 'first' }).fit([['a'], ['b'], ['c']]);
  close(d.transform([['a'], ['c']]), [[0, 0], [0, 1]], 'drop');
  assert.deepEqual(d.inverseTransform([[0, 0]]), [['a']]);
  assert.throws(() => new pp.OneHotEncoder().fit([['a', 1], ['b']]), ShapeError);
  assert.throws(() => new pp.OneHotEncoder().fit([['a'], [1]]), /mixes numbers and strings/);
});

test('OrdinalEncoder and LabelEncoder: unknowns, inverse', () => {
  const o = new pp.OrdinalEncoder({ handleUnknown: 'use_encoded_value', unknownValue: NaN }).fit([['x'], ['y']]);
  const t = o.transform([['y'], ['q']]).toArray() as number[][];
  assert.equal(t[0][0], 1);
  assert.ok(Number.isNaN(t[1][0]));
  assert.throws(() => new pp.OrdinalEncoder({ handleUnknown: 'use_encoded_value', unknownValue: 0 }).fit([['x'], ['y']]), /already the code/);
  const le = new pp.LabelEncoder().fit(['b', 'a', 'b']);
  assert.deepEqual(le.inverseTransform(le.transform(['a', 'b'])), ['a', 'b']);
  assert.throws(() => le.transform(['z']), /unseen label z/);
  assert.throws(() => new pp.LabelEncoder().inverseTransform([0]), NotFittedError);
});

test('dropMissingRows drops rows with NaN and the matching labels; length mismatch is a ShapeError', () => {
  const { X, y } = pp.dropMissingRows([[1, NaN], [2, 3], [NaN, 0], [4, 5]], [0, 1, 2, 3]);
  close(X, [[2, 3], [4, 5]], 'X');
  close(y, [1, 3], 'y');
  assert.throws(() => pp.dropMissingRows([[1]], [1, 2]), (e: Error) => e instanceof ShapeError && /1 and 2/.test(e.message));
});

test('MissingIndicator: a feature missing only in transform is an error', () => {
  const mi = new pp.MissingIndicator().fit([[NaN, 1], [2, 3]]);
  assert.throws(() => mi.transform([[1, NaN]]), /\[1\] have missing values in transform/);
});

test('SelectKBest: k out of range, NaN scores rank lowest, needs y', () => {
  assert.throws(() => new pp.SelectKBest({ k: 5 }).fit([[1, 2], [3, 4]], [0, 1]), /k should be/);
  assert.throws(() => new pp.SelectKBest({ k: 1 }).fit([[1, 2], [3, 4]]), /needs y/);
  const X = [[1, 5, 0], [1, 6, 1], [1, 1, 0], [1, 0, 1]];
  const sel = new pp.SelectKBest({ scoreFunc: pp.fClassif, k: 1 }).fit(X, [0, 0, 1, 1]);
  assert.deepEqual(sel.getSupport(true), [1]);
});

test('VarianceThreshold: no feature above the threshold is a ValueError', () => {
  assert.throws(() => new pp.VarianceThreshold().fit([[1, 2], [1, 2]]), /no feature in X meets/);
});

test('special functions against scipy values', () => {
  // scipy.stats.f.sf(2.5, 3, 20), chi2.sf(7.3, 4), norm.ppf(0.975), norm.cdf(-3), betainc(2.5, 0.5, 0.3)
  assert.ok(Math.abs(fSf(2.5, 3, 20) - 0.0888437519376892) < 1e-13);
  assert.ok(Math.abs(chi2Sf(7.3, 4) - 0.12085874882121235) < 1e-13);
  assert.ok(Math.abs(ndtri(0.975) - 1.959963984540054) < 1e-13);
  assert.ok(Math.abs(ndtri(1e-10) - -6.361340902404056) < 1e-11);
  assert.ok(Math.abs(ndtr(-3) - 0.0013498980316300933) < 1e-17);
  assert.ok(Math.abs(betainc(2.5, 0.5, 0.3) - 0.01892712407194565) < 1e-14);
  assert.ok(Math.abs(gammaln(10) - Math.log(362880)) < 1e-12);
  assert.ok(Math.abs(digamma(1) - -0.5772156649015329) < 1e-14);
  // Tiny p-values keep relative precision (mpmath at 40 digits: 4.966921798060135734e-85).
  assert.ok(Math.abs(fSf(80.88213547839298, 5, 100000) / 4.966921798060135734e-85 - 1) < 1e-13);
});
