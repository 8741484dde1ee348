import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as m from '../../src/metrics/index.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { ShapeError, ValueError } from '../../src/tensor/errors.js';

const y = [0, 0, 1, 1];
const s = [0.1, 0.4, 0.35, 0.8];

test('rocCurve: float64 Tensors; first threshold is max(score) + 1 as scikit-learn 1.2', () => {
  const { fpr, tpr, thresholds } = m.rocCurve(y, s);
  for (const t of [fpr, tpr, thresholds]) { assert.ok(t instanceof Tensor); assert.equal(t.dtype, 'float64'); }
  assert.deepEqual(fpr.toArray(), [0, 0, 0.5, 0.5, 1]);
  assert.deepEqual(tpr.toArray(), [0, 0.5, 0.5, 1, 1]);
  assert.deepEqual(thresholds.toArray(), [1.8, 0.8, 0.4, 0.35, 0.1]);
  assert.equal(m.rocAucScore(y, s), 0.75);
});

test('ties in scores share one threshold', () => {
  const { thresholds, tpr, fpr } = m.rocCurve([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.9], { dropIntermediate: false });
  assert.deepEqual(thresholds.toArray(), [1.9, 0.9, 0.5]);
  assert.deepEqual(tpr.toArray(), [0, 0.5, 1]);
  assert.deepEqual(fpr.toArray(), [0, 0, 1]);
  assert.equal(m.rocAucScore([0, 1], [0.5, 0.5]), 0.5);
});

test('perfect and inverted scores: AUC 1 and 0, AP 1', () => {
  assert.equal(m.rocAucScore(y, [0, 0.1, 0.8, 0.9]), 1);
  assert.equal(m.rocAucScore(y, [0.9, 0.8, 0.1, 0]), 0);
  assert.equal(m.averagePrecisionScore(y, [0, 0.1, 0.8, 0.9]), 1);
});

test('rocAucScore: a single class in yTrue is a ValueError naming yTrue', () => {
  assert.throws(() => m.rocAucScore([1, 1, 1], [0.2, 0.5, 0.9]), (e: unknown) => e instanceof ValueError && /yTrue: only one class present/.test((e as Error).message));
  assert.throws(() => m.rocAucScore([0, 1, 2], [[1, 0, 0], [0, 1, 0], [0, 0, 1]]), (e: unknown) => e instanceof ValueError && /multiClass/.test((e as Error).message));
  assert.throws(() => m.rocAucScore([0, 1, 2], [[1, 0, 0], [0, 1, 0], [0, 0, 1]], { multiClass: 'ovo', sampleWeight: [1, 1, 1] }), (e: unknown) => e instanceof ValueError && /sampleWeight/.test((e as Error).message));
  assert.throws(() => m.rocAucScore([0, 1, 2], [[1, 0, 0], [0, 1, 0], [0, 0, 2]], { multiClass: 'ovr' }), (e: unknown) => e instanceof ValueError && /yScore/.test((e as Error).message));
  assert.throws(() => m.rocAucScore([0, 1], [0.2, 0.5, 0.9]), (e: unknown) => e instanceof ShapeError && /yTrue and yScore/.test((e as Error).message));
  assert.throws(() => m.rocAucScore([0, 1], [0.2, NaN]), (e: unknown) => e instanceof ValueError && /yScore: contains NaN/.test((e as Error).message));
  assert.throws(() => m.rocAucScore([0, 1, 1, 0], s, { maxFpr: 1.5 }), (e: unknown) => e instanceof ValueError && /maxFpr/.test((e as Error).message));
});

test('partial AUC (McClish): a random-like curve scores 0.5, a perfect one 1', () => {
  assert.equal(m.rocAucScore(y, [0, 0.1, 0.8, 0.9], { maxFpr: 0.3 }), 1);
  assert.ok(Math.abs((m.rocAucScore([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5], { maxFpr: 0.4 }) as number) - 0.5) < 1e-12);
});

test('detCurve and precisionRecallCurve shapes', () => {
  const pr = m.precisionRecallCurve(y, s);
  assert.equal(pr.precision.shape[0], pr.thresholds.shape[0] + 1);
  assert.deepEqual(pr.recall.toArray(), [1, 1, 0.5, 0.5, 0]);
  const det = m.detCurve(y, s);
  assert.deepEqual(det.fpr.toArray(), [0.5, 0.5, 0]);
  assert.throws(() => m.detCurve([1, 1], [0.2, 0.4]), (e: unknown) => e instanceof ValueError && /yTrue/.test((e as Error).message));
});

test('topKAccuracyScore and auc', () => {
  const scores = [[0.5, 0.2, 0.3], [0.3, 0.4, 0.3], [0.2, 0.4, 0.4], [0.7, 0.2, 0.1]];
  assert.equal(m.topKAccuracyScore([0, 1, 2, 2], scores, { k: 2 }), 0.75);
  assert.equal(m.topKAccuracyScore([0, 1, 2, 2], scores, { k: 1 }), 0.75); // tie in row 2: the later class ranks first
  assert.equal(m.auc([0, 0.5, 1], [0, 1, 1]), 0.75);
  assert.throws(() => m.auc([0, 1, 0.5], [0, 1, 1]), ValueError);
});
