// Imports only the learn modules (as `nabla/modelSelection` users do), never src/index.ts, so
// Tensor methods installed by the root import are not available: the code must use op functions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../../../src/tensor/tensor.js';
import { toVector } from '../../../src/learn/base.js';
import { KFold, crossValScore } from '../../../src/learn/modelSelection/index.js';
import { Ridge } from './estimators.js';

test('learn without the root import: a [n, 1] target column and cross-validation work', () => {
  const col = new Tensor(Float64Array.of(1, 2, 3), [3, 1], 'float64');
  assert.deepEqual(toVector(col).shape, [3]);
  const X = new Tensor(Float64Array.from({ length: 20 }, (_, i) => i), [10, 2], 'float64');
  const y = new Tensor(Float64Array.from({ length: 10 }, (_, i) => 3 * i + 1), [10, 1], 'float64');
  const s = crossValScore(new Ridge({ alpha: 1e-6 }), X, y, { cv: new KFold({ nSplits: 2 }), scoring: 'neg_mean_squared_error' });
  assert.ok(s.every((v) => v > -1e-6), `scores ${Array.from(s)}`);
});
