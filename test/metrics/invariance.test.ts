// The shared invariance suite (scikit-learn's metrics/tests/test_common.py), driven by the
// property tags of src/metrics/tags.ts: symmetry, sample-order invariance, unit and integer
// sample weights, string vs number labels, binary-only rejection, direction, averaging identities.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { METRICS, type MetricTags } from '../../src/metrics/tags.js';
import * as m from '../../src/metrics/index.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { ValueError } from '../../src/tensor/errors.js';

// A small seeded generator so the inputs are fixed.
let seed = 12345;
const rand = (): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
const N = 40;
const yBin = Array.from({ length: N }, () => (rand() < 0.35 ? 1 : 0));
const pBin = Array.from({ length: N }, () => (rand() < 0.6 ? 1 : 0));
const score = yBin.map((y) => Math.round((0.6 * y + 0.7 * rand()) * 1e4) / 1e4);
const prob = score.map((s) => Math.min(1, Math.max(0, s / 1.3)));
const decision = score.map((s) => 3 * s - 1);
const yReg = Array.from({ length: N }, () => Math.round((rand() * 10 + 0.5) * 1e3) / 1e3);
const pReg = yReg.map((y) => Math.round((y * (0.7 + 0.4 * rand()) + 0.3) * 1e3) / 1e3);
const yMulti = Array.from({ length: N }, (_, i) => (i < 3 ? i : Math.floor(rand() * 3)));
const pMulti = Array.from({ length: N }, () => Math.floor(rand() * 3));

const num = (x: number | Tensor): number => (typeof x === 'number' ? x : (x.toArray() as number));
const near = (a: number, b: number, msg: string): void => assert.ok(Math.abs(a - b) <= 1e-10 * Math.max(1, Math.abs(b)), `${msg}: ${a} vs ${b}`);

/** The two inputs of a metric by its kind: labels, scores, probabilities, or regression values. */
function inputs(name: string, tags: MetricTags): [number[], number[]] {
  if (tags.input === 'labels') return [yBin, pBin];
  if (tags.input === 'regression') return [yReg, pReg];
  if (tags.input === 'probabilities') return [yBin, prob];
  return [yBin, name === 'hingeLoss' ? decision : score];
}
function opts(name: string): Record<string, unknown> { return name === 'topKAccuracyScore' ? { k: 1 } : {}; }

for (const [name, { fn, tags }] of Object.entries(METRICS)) {
  const [a, b] = inputs(name, tags);
  const base = num(fn(a, b, opts(name)));

  if (tags.input === 'labels' || tags.input === 'regression') {
    test(`${name}: ${tags.symmetric ? 'symmetric' : 'not symmetric'} in its arguments`, () => {
      const swapped = num(fn(b, a, opts(name)));
      if (tags.symmetric) near(swapped, base, 'swapped');
      else assert.ok(Math.abs(swapped - base) > 1e-6, `${name} should differ when swapped: ${swapped} vs ${base}`);
    });
  }

  test(`${name}: invariant to sample order`, () => {
    const perm = Array.from({ length: N }, (_, i) => (i * 17 + 5) % N);
    near(num(fn(perm.map((i) => a[i]), perm.map((i) => b[i]), opts(name))), base, 'permuted');
  });

  if (tags.sampleWeight && tags.weightsAreRepeats) {
    test(`${name}: sampleWeight of ones equals no weights`, () => {
      near(num(fn(a, b, { ...opts(name), sampleWeight: new Array(N).fill(1) })), base, 'unit weights');
    });
    test(`${name}: integer weights equal repeated samples`, () => {
      const w = Array.from({ length: N }, (_, i) => (i * 7) % 3 + (i === 0 ? 1 : 0));
      const ra: number[] = [], rb: number[] = [];
      w.forEach((k, i) => { for (let r = 0; r < k; r++) { ra.push(a[i]); rb.push(b[i]); } });
      near(num(fn(a, b, { ...opts(name), sampleWeight: w })), num(fn(ra, rb, opts(name))), 'weights vs repeats');
    });
  }

  if (tags.input !== 'regression') {
    test(`${name}: string labels give the same result as numbers`, () => {
      const s = a.map((v) => (v === 1 ? 'pos' : 'neg'));
      const o: Record<string, unknown> = { ...opts(name) };
      if (tags.supportsAveraging || name === 'brierScoreLoss' || name === 'averagePrecisionScore') o.posLabel = 'pos';
      const other = tags.input === 'labels' ? b.map((v) => (v === 1 ? 'pos' : 'neg')) : b;
      near(num(fn(s, other, o)), base, 'strings');
    });
  }

  if (tags.binaryOnly) {
    test(`${name}: binary-only metric rejects multiclass yTrue with a ValueError naming it`, () => {
      assert.throws(() => fn(yMulti, tags.input === 'labels' ? pMulti : prob), (e: unknown) => e instanceof ValueError && /yTrue/.test((e as Error).message));
    });
  }

  test(`${name}: ${tags.greaterIsBetter ? 'greater' : 'lower'} is better (perfect beats the given predictions)`, () => {
    const perfect = tags.input === 'labels' || tags.input === 'regression' ? a
      : tags.input === 'probabilities' ? a.map((v) => (v ? 0.999 : 0.001)) : a.map((v) => (v ? 2 : -2));
    const best = num(fn(a, perfect, opts(name)));
    if (tags.greaterIsBetter) assert.ok(best > base, `${best} > ${base}`);
    else assert.ok(best < base, `${best} < ${base}`);
  });
}

test('medianAbsoluteError: unit weights equal no weights for an odd number of samples (weighted median)', () => {
  near(num(m.medianAbsoluteError(yReg.slice(1), pReg.slice(1), { sampleWeight: new Array(N - 1).fill(1) })), num(m.medianAbsoluteError(yReg.slice(1), pReg.slice(1))), 'odd n');
});

test('averaging: micro precision = recall = F1 = accuracy on multiclass labels', () => {
  const acc = m.accuracyScore(yMulti, pMulti);
  for (const f of [m.precisionScore, m.recallScore, m.f1Score]) near(num(f(yMulti, pMulti, { average: 'micro' })), acc, f.name);
});

test('averaging: binary average equals the positive class of average null; macro is their mean', () => {
  const per = (m.precisionScore(yBin, pBin, { average: null }) as Tensor).toArray() as number[];
  near(num(m.precisionScore(yBin, pBin)), per[1], 'binary');
  near(num(m.precisionScore(yBin, pBin, { average: 'macro' })), (per[0] + per[1]) / 2, 'macro');
  near(num(m.recallScore(yBin, pBin, { average: 'weighted' })), num(m.accuracyScore(yBin, pBin)), 'weighted recall = accuracy');
});

test('averaging: specificity of binary = recall of the negative class', () => {
  near(num(m.specificityScore(yBin, pBin)), num(m.recallScore(yBin, pBin, { posLabel: 0 })), 'specificity');
});

test('tags: every metric in the table is exported and has all tags', () => {
  for (const [name, { fn, tags }] of Object.entries(METRICS)) {
    assert.equal((m as unknown as Record<string, unknown>)[name], fn, name);
    for (const k of ['symmetric', 'needsProbabilities', 'supportsAveraging', 'binaryOnly', 'multioutput', 'greaterIsBetter']) assert.equal(typeof (tags as unknown as Record<string, unknown>)[k], 'boolean', `${name}.${k}`);
  }
});
