// The shared estimator checks (scikit-learn's check_estimator), run on every entry of
// registry.ts: the contract every nabla estimator keeps.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NotFittedError, ShapeError, ValueError, Tensor, tensor, manualSeed, getRngState } from '../../../src/index.js';
import { estimatorFromJSON, parseJSON, stringifyJSON } from '../../../src/learn/persist.js';
import { ESTIMATORS, type CheckEntry, type CheckedEstimator } from './registry.js';

/** A deterministic stream (not nabla's generator, which the checks watch). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

/** 60 samples, 4 features: three separable blobs (labels 0..2) and a noisy linear target. */
function dataset(): { X: number[][]; yClass: number[]; yReg: number[] } {
  const r = lcg(7);
  const X: number[][] = [], yClass: number[] = [], yReg: number[] = [];
  for (let i = 0; i < 60; i++) {
    const c = i % 3;
    const row = [c * 3 + r(), -c * 2 + r(), r() * 2, c + r() * 0.5];
    X.push(row);
    yClass.push(c);
    yReg.push(row[0] * 1.5 - row[1] + 0.1 * r());
  }
  return { X, yClass, yReg };
}

function targetFor(entry: CheckEntry): number[] | undefined {
  const { yClass, yReg } = dataset();
  if (entry.kind === 'classifier') return yClass;
  if (entry.kind === 'regressor') return yReg;
  return undefined;
}

function output(est: CheckedEstimator, X: unknown): Float64Array {
  const out = est.predict ? est.predict(X) : (est.transform as (x: unknown) => Tensor)(X);
  return Float64Array.from(out.dataSync());
}

for (const entry of ESTIMATORS) {
  describe(`estimator checks: ${entry.name}`, () => {
    const { X } = dataset();
    const y = targetFor(entry);

    test('fit returns the estimator itself', () => {
      const est = entry.make();
      assert.equal(est.fit(X, y), est);
    });

    test('predict/transform before fit throws NotFittedError', () => {
      const est = entry.make();
      assert.throws(() => output(est, X), NotFittedError);
    });

    test('the same options and data give the same model (and the global generator is untouched)', () => {
      manualSeed(3);
      const before = getRngState();
      const a = output(entry.make().fit(X, y) as CheckedEstimator, X);
      const after = getRngState();
      const b = output(entry.make().fit(X, y) as CheckedEstimator, X);
      assert.deepEqual(a, b);
      const params = entry.make().getParams();
      if ('randomState' in params && params.randomState !== null && params.randomState !== undefined) assert.deepEqual(after, before);
    });

    test('fit does not modify its inputs', () => {
      const Xc = X.map((r) => [...r]);
      const yc = y ? [...y] : undefined;
      const Xt = tensor(Xc, { dtype: 'float64' });
      const snapshot = Float64Array.from(Xt.dataSync());
      entry.make().fit(Xt, yc);
      assert.deepEqual(Float64Array.from(Xt.dataSync()), snapshot);
      assert.deepEqual(Xc, X);
      if (yc) assert.deepEqual(yc, y);
    });

    test('infinity in X is a ValueError; NaN too unless the estimator handles it', () => {
      const withInf = X.map((r, i) => (i === 5 ? [Infinity, ...r.slice(1)] : r));
      assert.throws(() => entry.make().fit(withInf, y), ValueError);
      const withNaN = X.map((r, i) => (i === 5 ? [NaN, ...r.slice(1)] : r));
      if (entry.allowsNaN) entry.make().fit(withNaN, y);
      else assert.throws(() => entry.make().fit(withNaN, y), ValueError);
    });

    test('a different number of features at predict is a ShapeError', () => {
      const est = entry.make();
      est.fit(X, y);
      assert.throws(() => output(est, X.map((r) => r.slice(0, 3))), ShapeError);
    });

    test('empty input is a ValueError', () => {
      assert.throws(() => entry.make().fit([], y ? [] : undefined), (e: unknown) => e instanceof ValueError || e instanceof ShapeError);
    });

    test('a transposed (non-contiguous) X gives the same result as a contiguous one', () => {
      const est = entry.make();
      est.fit(X, y);
      const Xt = tensor(X[0].map((_, j) => X.map((r) => r[j])), { dtype: 'float64' }).transpose(0, 1);
      assert.equal(Xt.isContiguous(), false);
      assert.deepEqual(output(est, Xt), output(est, X));
    });

    if (entry.kind === 'classifier') {
      test('a single class is a ValueError, or (where supported) predicted everywhere', () => {
        const one = X.map(() => 1);
        if (entry.allowsOneClass) {
          const est = entry.make();
          est.fit(X, one);
          assert.ok(output(est, X).every((v) => v === 1));
        } else {
          assert.throws(() => entry.make().fit(X, one), ValueError);
        }
      });
      if (entry.stringLabels) {
        test('string labels are predicted back as strings', () => {
          const names = ['ant', 'bee', 'cat'];
          const est = entry.make();
          est.fit(X, (y as number[]).map((c) => names[c]));
          const pred = (est.predict as (x: unknown) => Tensor | string[])(X);
          const values = Array.isArray(pred) ? pred : Array.from((pred as Tensor).dataSync(), String);
          assert.ok(values.every((v) => names.includes(String(v))));
        });
      }
    }

    test('save/load round trip gives identical predictions', () => {
      const est = entry.make();
      est.fit(X, y);
      assert.ok(est.toJSON, `${entry.name} has no toJSON()`);
      const restored = estimatorFromJSON(parseJSON(stringifyJSON((est.toJSON as () => never)())) as never) as unknown as CheckedEstimator;
      assert.deepEqual(output(restored, X), output(est, X));
    });
  });
}
