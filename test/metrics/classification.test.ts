import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as m from '../../src/metrics/index.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { tensor } from '../../src/tensor/creation.js';
import { ShapeError, ValueError } from '../../src/tensor/errors.js';

// The notes' disease-detection example: 100 patients, 5 sick; the test flags 10, 4 of them sick.
function disease(): { yTrue: number[]; yPred: number[] } {
  const yTrue = new Array(100).fill(0), yPred = new Array(100).fill(0);
  for (let i = 0; i < 5; i++) yTrue[i] = 1;           // sick: 0..4
  for (let i = 1; i < 11; i++) yPred[i] = 1;          // flagged: 1..10 (4 sick, 6 healthy)
  return { yTrue, yPred };
}

test('disease detection: accuracy 0.93, precision 0.40, recall 0.80, F1 0.53', () => {
  const { yTrue, yPred } = disease();
  assert.equal(m.accuracyScore(yTrue, yPred), 0.93);
  assert.equal(m.precisionScore(yTrue, yPred), 0.4);
  assert.equal(m.recallScore(yTrue, yPred), 0.8);
  assert.equal((m.f1Score(yTrue, yPred) as number).toFixed(2), '0.53');
  assert.ok(Math.abs((m.f1Score(yTrue, yPred) as number) - 8 / 15) < 1e-15);
  assert.deepEqual(m.typeErrorCounts(yTrue, yPred), { typeI: 6, typeII: 1 });
  assert.deepEqual(m.confusionMatrix(yTrue, yPred).toArray(), [[89, 6], [1, 4]]);
  assert.equal(m.specificityScore(yTrue, yPred), 89 / 95);
});

test('confusionMatrix: int32 counts, float64 when weighted or normalized; string labels sorted', () => {
  const cm = m.confusionMatrix(['cat', 'dog', 'cat', 'bird'], ['cat', 'cat', 'cat', 'bird']);
  assert.equal(cm.dtype, 'int32');
  assert.deepEqual(cm.toArray(), [[1, 0, 0], [0, 2, 0], [0, 1, 0]]); // bird, cat, dog
  assert.equal(m.confusionMatrix([0, 1], [0, 1], { normalize: 'all' }).dtype, 'float64');
  assert.deepEqual(m.confusionMatrix(['a', 'b'], ['b', 'b'], { labels: ['b', 'a'] }).toArray(), [[1, 0], [1, 0]]);
});

test('inputs may be Tensors (any dtype) or typed arrays', () => {
  const yt = tensor([0, 1, 1, 0, 1], { dtype: 'float32' });
  const yp = Int32Array.from([0, 1, 0, 0, 1]);
  assert.equal(m.accuracyScore(yt, yp), 0.8);
  assert.equal(m.f1Score(yt, yp), 0.8);
  assert.equal(m.rocAucScore(yt, tensor([0.1, 0.9, 0.4, 0.2, 0.8])), 1);
});

test('bad input: typed errors naming the argument', () => {
  assert.throws(() => m.accuracyScore([0, 1, 1], [0, 1]), (e: unknown) => e instanceof ShapeError && /yTrue and yPred/.test((e as Error).message) && /3 and 2/.test((e as Error).message));
  assert.throws(() => m.f1Score([0, NaN, 1], [0, 1, 1]), (e: unknown) => e instanceof ValueError && /yTrue: contains NaN/.test((e as Error).message));
  assert.throws(() => m.precisionScore([0, 1], [0, 1], { average: 'mean' as never }), (e: unknown) => e instanceof ValueError && /average/.test((e as Error).message));
  assert.throws(() => m.precisionScore([0, 1], [0, 1], { zeroDivision: 2 }), (e: unknown) => e instanceof ValueError && /zeroDivision/.test((e as Error).message));
  assert.throws(() => m.precisionScore([0, 1, 2], [0, 1, 2]), (e: unknown) => e instanceof ValueError && /average/.test((e as Error).message));
  assert.throws(() => m.f1Score([0, 1], [0, 1], { sampleWeight: [1] }), (e: unknown) => e instanceof ShapeError && /sampleWeight/.test((e as Error).message));
  assert.throws(() => m.accuracyScore([0, 1], [0.5, 1]), (e: unknown) => e instanceof ValueError && /continuous/.test((e as Error).message));
  assert.throws(() => m.accuracyScore(['a', 1] as never, ['a', 'a']), ValueError);
  assert.throws(() => m.logLoss([1, 1, 1], [0.2, 0.3, 0.9]), (e: unknown) => e instanceof ValueError && /yTrue: contains only one label/.test((e as Error).message));
  assert.throws(() => m.brierScoreLoss([0, 1], [0.5, 1.5]), (e: unknown) => e instanceof ValueError && /yProb/.test((e as Error).message));
  assert.throws(() => m.cohenKappaScore([0, 1], [0, 1], { weights: 'cubic' as never }), (e: unknown) => e instanceof ValueError && /weights/.test((e as Error).message));
});

test("zeroDivision: 'warn' gives 0 and warns once; 1 and NaN as asked", () => {
  const warnings: string[] = [];
  const orig = console.warn;
  console.warn = (msg: string) => { warnings.push(msg); };
  try {
    assert.equal(m.precisionScore([1, 1, 0], [0, 0, 0]), 0);
    assert.equal(m.precisionScore([1, 1, 0], [0, 0, 0]), 0);
  } finally { console.warn = orig; }
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /Precision is ill-defined/);
  assert.equal(m.precisionScore([1, 1, 0], [0, 0, 0], { zeroDivision: 1 }), 1);
  assert.ok(Number.isNaN(m.precisionScore([1, 1, 0], [0, 0, 0], { zeroDivision: NaN }) as number));
  // NaN labels are left out of the macro average (scikit-learn ≥ 1.3 semantics).
  const macro = m.precisionScore([0, 1, 2, 2], [0, 1, 1, 1], { average: 'macro', zeroDivision: NaN }) as number;
  assert.ok(Math.abs(macro - (1 + 1 / 3) / 2) < 1e-15, String(macro));
});

test('precisionRecallFscoreSupport: Tensors per label (support float64), numbers when averaged', () => {
  const r = m.precisionRecallFscoreSupport([0, 1, 2, 2], [0, 2, 2, 1]);
  assert.ok(r.precision instanceof Tensor && r.support instanceof Tensor);
  assert.deepEqual(r.support!.toArray(), [1, 1, 2]);
  const a = m.precisionRecallFscoreSupport([0, 1, 2, 2], [0, 2, 2, 1], { average: 'macro' });
  assert.equal(typeof a.precision, 'number');
  assert.equal(a.support, null);
});

test('classificationReport: the scikit-learn table layout and the dict form', () => {
  const text = m.classificationReport(['a', 'b', 'b', 'c'], ['a', 'b', 'c', 'c'], { targetNames: ['ant', 'bee', 'cow'] });
  const lines = text.split('\n');
  assert.equal(lines[0], '              precision    recall  f1-score   support');
  assert.equal(lines[2], '         ant       1.00      1.00      1.00         1');
  assert.equal(lines[4], '         cow       0.50      1.00      0.67         1');
  assert.equal(lines[6], '    accuracy                           0.75         4');
  const d = m.classificationReport(['a', 'b', 'b', 'c'], ['a', 'b', 'c', 'c'], { outputDict: true });
  assert.equal(d.accuracy, 0.75);
  assert.deepEqual(d.b, { precision: 1, recall: 0.5, 'f1-score': 2 / 3, support: 2 });
  assert.throws(() => m.classificationReport([0, 1], [0, 1], { targetNames: ['x'] }), (e: unknown) => e instanceof ValueError && /targetNames/.test((e as Error).message));
});

test('logLoss: float32 probabilities clip at float32 epsilon (eps "auto")', () => {
  const l64 = m.logLoss([0, 1], [0, 1]);
  const l32 = m.logLoss([0, 1], tensor([0, 1], { dtype: 'float32' }));
  assert.ok(Math.abs(l64 + Math.log(1 - 2 ** -52)) < 1e-18);
  assert.ok(Math.abs(l32 + Math.log(1 - 2 ** -23)) < 1e-12);
});

test('hingeLoss multiclass (Crammer-Singer) and brierScoreLoss by hand', () => {
  // margins: 2 − 1 = 1 → 0; 0.5 − 3 = −2.5 → 3.5
  assert.equal(m.hingeLoss([0, 1], [[2, 1, 0], [3, 0.5, 0]], { labels: [0, 1, 2] }), 1.75);
  assert.equal(m.brierScoreLoss([0, 1], [0.5, 0.5]), 0.25);
});

test('empty input is a ValueError naming yTrue', () => {
  assert.throws(() => m.accuracyScore([], []), (e: unknown) => e instanceof ValueError && /yTrue: found an array with 0 samples/.test((e as Error).message));
});

test('overloads: average null gives a Tensor per label, an average a number', () => {
  const per: Tensor = m.f1Score([0, 1, 2], [0, 2, 2], { average: null });
  const macro: number = m.f1Score([0, 1, 2], [0, 2, 2], { average: 'macro' });
  assert.equal(per.shape[0], 3);
  assert.ok(Math.abs(macro - (1 + 0 + 2 / 3) / 3) < 1e-15);
});
