import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as m from '../../src/metrics/index.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { tensor } from '../../src/tensor/creation.js';
import { ShapeError, ValueError } from '../../src/tensor/errors.js';

const yt = [3, -0.5, 2, 7], yp = [2.5, 0.0, 2, 8];

test('scikit-learn docstring values', () => {
  assert.equal(m.meanSquaredError(yt, yp), 0.375);
  assert.equal(m.rootMeanSquaredError(yt, yp), Math.sqrt(0.375));
  assert.equal(m.meanAbsoluteError(yt, yp), 0.5);
  assert.equal(m.medianAbsoluteError(yt, yp), 0.5);
  assert.ok(Math.abs((m.r2Score(yt, yp) as number) - 0.9486081370449679) < 1e-15);
  assert.ok(Math.abs((m.explainedVarianceScore(yt, yp) as number) - 0.9571734475374732) < 1e-15);
  assert.equal(m.maxError(yt, yp), 1);
});

test("multioutput 'raw_values' returns a float64 Tensor per output", () => {
  const r = m.meanSquaredError([[0.5, 1], [-1, 1], [7, -6]], [[0, 2], [-1, 2], [8, -5]], { multioutput: 'raw_values' });
  assert.ok(r instanceof Tensor);
  assert.equal(r.dtype, 'float64');
  assert.deepEqual(r.toArray(), [0.41666666666666669, 1]);
});

test('R² of constant yTrue: forceFinite gives 1 (perfect) or 0; otherwise NaN / -Infinity', () => {
  assert.equal(m.r2Score([2, 2, 2], [2, 2, 2]), 1);
  assert.equal(m.r2Score([2, 2, 2], [1, 2, 3]), 0);
  assert.ok(Number.isNaN(m.r2Score([2, 2, 2], [2, 2, 2], { forceFinite: false }) as number));
  assert.equal(m.r2Score([2, 2, 2], [1, 2, 3], { forceFinite: false }), -Infinity);
});

test('bad input: typed errors naming the argument', () => {
  assert.throws(() => m.meanSquaredError([1, 2], [1, 2, 3]), (e: unknown) => e instanceof ShapeError && /2 and 3/.test((e as Error).message));
  assert.throws(() => m.meanAbsoluteError(tensor([1, NaN]), [1, 2]), (e: unknown) => e instanceof ValueError && /yTrue: contains NaN/.test((e as Error).message));
  assert.throws(() => m.meanSquaredLogError([-1, 2], [1, 2]), ValueError);
  assert.throws(() => m.meanSquaredError([1, 2], [1, 2], { multioutput: 'mean' as never }), (e: unknown) => e instanceof ValueError && /multioutput/.test((e as Error).message));
  assert.throws(() => m.maxError([[1, 2]], [[1, 2]]), ValueError);
  assert.throws(() => m.r2Score([[1, 2], [3, 4]], [[1, 2, 3], [3, 4, 5]]), ShapeError);
});
