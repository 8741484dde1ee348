// The shared estimator checks (scikit-learn's check_estimator), run on every entry of
// registry.ts: the contract every nabla estimator keeps. What a check calls depends on the
// entry's kind (see CheckKind in registry.ts).
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
function dataset(nonNegative = false): { X: number[][]; yClass: number[]; yReg: number[] } {
  const r = lcg(7);
  const X: number[][] = [], yClass: number[] = [], yReg: number[] = [];
  for (let i = 0; i < 60; i++) {
    const c = i % 3;
    const row = [c * 3 + r(), -c * 2 + r() + (nonNegative ? 4 : 0), r() * 2, c + r() * 0.5];
    X.push(row);
    yClass.push(c);
    yReg.push(row[0] * 1.5 - row[1] + 0.1 * r());
  }
  return { X, yClass, yReg };
}

/** 48 monthly values: trend, a 12-step season and noise. */
function series(): number[] {
  const r = lcg(11);
  return Array.from({ length: 48 }, (_, t) => 10 + 0.3 * t + 2 * Math.sin((2 * Math.PI * t) / 12) + 0.3 * r());
}

type Fit = (est: CheckedEstimator, X: unknown) => unknown;
type Any = Record<string, (...args: unknown[]) => unknown>;
const call = (est: CheckedEstimator, method: string, ...args: unknown[]): unknown => {
  const fn = (est as unknown as Any)[method];
  assert.equal(typeof fn, 'function', `${est.constructor.name} has no ${method}()`);
  return fn.apply(est, args);
};
const values = (t: unknown): Float64Array => Float64Array.from((t as Tensor).dataSync());

/** How each kind is fed and what it outputs; `newData` kinds apply a fitted model to new X. */
interface Driver {
  /** The training input (X, or the 1-D series/labels). */
  data: unknown[];
  y: unknown[] | undefined;
  fit: Fit;
  /** The output after fit, on `X` (new-data kinds) or of the fit itself (fit-only kinds). */
  output: (est: CheckedEstimator, X: unknown) => Float64Array;
  newData: boolean;
  oneD: boolean;
}

function driver(entry: CheckEntry): Driver {
  const { X, yClass, yReg } = dataset(entry.nonNegative);
  const yFit = entry.kind === 'classifier' || entry.supervised === 'classes' ? yClass : entry.kind === 'regressor' || entry.supervised === 'continuous' ? yReg : undefined;
  const withY: Fit = (est, x) => est.fit(x, yFit);
  switch (entry.kind) {
    case 'classifier': case 'regressor': case 'clusterer':
      return { data: X, y: yFit, fit: withY, output: (est, x) => values(call(est, 'predict', x)), newData: true, oneD: false };
    case 'transformer':
      return { data: X, y: yFit, fit: withY, output: (est, x) => values(call(est, 'transform', x)), newData: true, oneD: false };
    case 'neighbors':
      return { data: X, y: undefined, fit: withY, output: (est, x) => values(call(est, 'kneighbors', x, 3, false)), newData: true, oneD: false };
    case 'clusterer-fitpredict':
      return { data: X, y: undefined, fit: withY, output: (est) => values((est as unknown as { labels: Tensor }).labels), newData: false, oneD: false };
    case 'embedding':
      return { data: X, y: undefined, fit: withY, output: (est) => values((est as unknown as { embedding: Tensor }).embedding), newData: false, oneD: false };
    case 'series':
      return {
        data: series(), y: undefined, fit: (est, s) => est.fit(s), newData: false, oneD: true,
        output: (est) => { const f = call(est, 'forecast', 5); return values(f instanceof Tensor ? f : (f as { mean: Tensor }).mean); },
      };
    case 'labels':
      return { data: yClass.map((c) => c * 10), y: undefined, fit: (est, s) => est.fit(s), output: (est, s) => values(call(est, 'transform', s)), newData: true, oneD: true };
    case 'sampler':
      return { data: X, y: yClass, fit: (est, x) => call(est, 'fitResample', x, yClass), output: (est, x) => values((call(est, 'fitResample', x, yClass) as { X: Tensor }).X), newData: false, oneD: false };
  }
}

/** The methods (besides the kind's output) that apply a fitted model to new X, where the estimator has them. */
const NEW_DATA_METHODS = ['predict', 'predictProba', 'predictLogProba', 'decisionFunction', 'transform', 'scoreSamples'];

/** The new-data methods the fitted estimator answers on X (e.g. SVC without probability refuses predictProba). */
function workingMethods(est: CheckedEstimator, X: unknown): string[] {
  return NEW_DATA_METHODS.filter((m) => {
    if (typeof (est as unknown as Any)[m] !== 'function') return false;
    try { call(est, m, X); return true; } catch { return false; }
  });
}

/** The options (nested ones as `step__option`) that are values, not estimators (those are compared through their own options). */
function plainParams(est: CheckedEstimator): Record<string, unknown> {
  const isEst = (v: unknown): boolean => typeof v === 'object' && v !== null && typeof (v as { getParams?: unknown }).getParams === 'function';
  const holdsEst = (v: unknown): boolean => isEst(v) || (Array.isArray(v) && v.some(holdsEst));
  return Object.fromEntries(Object.entries(est.getParams(true)).filter(([, v]) => !holdsEst(v)));
}

function restore(est: CheckedEstimator): CheckedEstimator {
  return estimatorFromJSON(parseJSON(stringifyJSON((est.toJSON as () => never)())) as never) as unknown as CheckedEstimator;
}

/** The same values as a non-contiguous view: a transposed matrix, or a strided column for 1-D data. */
function view(data: unknown[], oneD: boolean): Tensor {
  if (oneD) {
    const v = tensor((data as number[]).map((x) => [x, -1]), { dtype: 'float64' }).select(1, 0);
    assert.equal(v.isContiguous(), false);
    return v;
  }
  const X = data as number[][];
  const v = tensor(X[0].map((_, j) => X.map((r) => r[j])), { dtype: 'float64' }).transpose(0, 1);
  assert.equal(v.isContiguous(), false);
  return v;
}

for (const entry of ESTIMATORS) {
  describe(`estimator checks: ${entry.name}`, () => {
    const d = driver(entry);
    const X = d.data;
    const y = d.y;
    /** Fits a fresh estimator on `x` and returns it with its output on `x`. */
    const fitOut = (x: unknown = X): { est: CheckedEstimator; out: Float64Array } => {
      const est = entry.make();
      d.fit(est, x);
      return { est, out: d.output(est, x) };
    };

    if (entry.kind !== 'sampler') {
      test('fit returns the estimator itself', () => {
        const est = entry.make();
        assert.equal(d.fit(est, X), est);
      });

      test(entry.stateless ? `the model works before fit: ${entry.stateless}` : 'using the model before fit throws NotFittedError', () => {
        const est = entry.make();
        if (entry.stateless) d.output(est, X);
        else if (d.newData) {
          assert.throws(() => d.output(est, X), NotFittedError);
          if (!d.oneD) {
            const methods = workingMethods(fitOut().est, X);
            for (const m of methods) assert.throws(() => call(entry.make(), m, X), NotFittedError, `${m}() before fit`);
          }
        }
        else if (entry.kind === 'series') assert.throws(() => call(est, 'forecast', 5), NotFittedError);
        else assert.throws(() => call(est, 'toJSON'), NotFittedError);
      });
    }

    test('the same options and data give the same model (and the global generator is untouched)', () => {
      manualSeed(3);
      const before = getRngState();
      const a = fitOut().out;
      const after = getRngState();
      const b = fitOut().out;
      assert.deepEqual(a, b);
      const params = entry.make().getParams();
      if ('randomState' in params && params.randomState !== null && params.randomState !== undefined) assert.deepEqual(after, before);
    });

    if (d.newData && !d.oneD && !entry.anyFeatureCount) {
      test('a 1-D X at predict is a ShapeError (a single sample must be a [1, nFeatures] row)', () => {
        const { est } = fitOut();
        assert.throws(() => d.output(est, (X as number[][])[0]), ShapeError);
      });
    }

    if (!d.oneD) {
      test('float32 and int32 inputs are accepted (and refitting gives the same model)', () => {
        const x32 = tensor(X as number[][], { dtype: 'float32' });
        const est = entry.make();
        d.fit(est, x32);
        const a = d.output(est, x32);
        d.fit(est, x32);
        assert.deepEqual(d.output(est, x32), a);
        const xi = tensor((X as number[][]).map((r) => r.map((v) => Math.round(v * 3))), { dtype: 'int32' });
        d.fit(entry.make(), xi);
      });
    }

    if (!d.oneD && entry.kind !== 'sampler') {
      test('fit records the number of features (nFeaturesIn)', () => {
        assert.equal((fitOut().est as unknown as { nFeaturesIn: number }).nFeaturesIn, 4);
      });
    }

    test('fit leaves the options as given; clone is an unfitted copy with the same options', () => {
      const est = entry.make();
      const before = plainParams(est);
      d.fit(est, X);
      assert.deepEqual(plainParams(est), before);
      const cl = (est as unknown as { clone(): CheckedEstimator }).clone();
      assert.notEqual(cl, est);
      assert.deepEqual(plainParams(cl), before);
      if (d.newData && !entry.stateless) assert.throws(() => d.output(cl, X), NotFittedError);
    });

    test('fit does not modify its inputs', () => {
      const copy = structuredClone(X);
      const yc = y ? [...y] : undefined;
      const t = tensor(copy as number[][], { dtype: 'float64' });
      const snapshot = Float64Array.from(t.dataSync());
      d.fit(entry.make(), t);
      const est = entry.make();
      d.fit(est, copy);
      if (!d.newData || entry.kind === 'labels') d.output(est, copy);
      assert.deepEqual(Float64Array.from(t.dataSync()), snapshot);
      assert.deepEqual(copy, X);
      if (yc) assert.deepEqual(yc, y);
      if (yc && typeof yc[0] === 'number' && entry.kind !== 'sampler') {
        const yt = tensor(yc as number[], { dtype: 'float64' });
        entry.make().fit(X, yt);
        assert.deepEqual(Array.from(yt.dataSync()), y);
      }
    });

    test(entry.allowsInf ? `infinity is accepted: ${entry.allowsInf}; NaN as flagged` : 'infinity in X is a ValueError; NaN too unless the estimator handles it', () => {
      const put = (v: number): unknown[] => (d.oneD ? (X as number[]).map((x, i) => (i === 5 ? v : x)) : (X as number[][]).map((r, i) => (i === 5 ? [v, ...r.slice(1)] : r)));
      if (entry.allowsInf) d.fit(entry.make(), put(Infinity));
      else assert.throws(() => d.fit(entry.make(), put(Infinity)), (e: unknown) => e instanceof ValueError && /inf/i.test(e.message), 'infinity accepted, or an unclear error');
      if (entry.allowsNaN) d.fit(entry.make(), put(NaN));
      else assert.throws(() => d.fit(entry.make(), put(NaN)), (e: unknown) => e instanceof ValueError && /NaN|missing/i.test(e.message), 'NaN accepted, or an unclear error');
    });

    if (d.newData && !d.oneD && !entry.anyFeatureCount) {
      test('a different number of features at predict is a ShapeError', () => {
        const { est } = fitOut();
        const narrow = (X as number[][]).map((r) => r.slice(0, 3));
        assert.throws(() => d.output(est, narrow), ShapeError);
        for (const m of workingMethods(est, X)) assert.throws(() => call(est, m, narrow), ShapeError, `${m}() with 3 features`);
      });
    }

    test(entry.allowsEmpty ? `empty input is accepted: ${entry.allowsEmpty}` : 'empty input is a ValueError', () => {
      const est = entry.make();
      const run = entry.kind === 'sampler' ? () => call(est, 'fitResample', [], []) : () => est.fit([], y ? [] : undefined);
      if (entry.allowsEmpty) run();
      else assert.throws(run, (e: unknown) => e instanceof ValueError || e instanceof ShapeError);
    });

    test('a non-contiguous (transposed / strided) input gives the same result as a contiguous one', () => {
      const { est, out } = fitOut();
      const v = view(X, d.oneD);
      if (d.newData) assert.deepEqual(d.output(est, v), out);
      assert.deepEqual(fitOut(v).out, out);
      if (y && typeof y[0] === 'number' && entry.kind !== 'sampler') {
        // y as a strided view too
        const yv = view(y, true);
        const e2 = entry.make();
        e2.fit(X, yv);
        assert.deepEqual(d.output(e2, X), out);
      }
    });

    if (entry.kind === 'classifier') {
      test('a single class is a ValueError, or (where supported) predicted everywhere', () => {
        const one = X.map(() => 1);
        if (entry.allowsOneClass) {
          const est = entry.make();
          est.fit(X, one);
          assert.ok(d.output(est, X).every((v) => v === 1));
        } else {
          assert.throws(() => entry.make().fit(X, one), ValueError);
        }
      });
      test('string labels: classes are the strings, predict returns them, the model is the one fitted on numbers', () => {
        const names = ['ant', 'bee', 'cat'];
        const ys = (y as number[]).map((c) => names[c]);
        const numeric = fitOut();
        const est = entry.make();
        est.fit(X, ys);
        const pred = call(est, 'predict', X) as string[];
        assert.ok(Array.isArray(pred), 'predict returns a string[]');
        assert.deepEqual(pred, Array.from(numeric.out, (c) => names[c]));
        assert.deepEqual(Array.from((est as unknown as { classes: string[] }).classes), names);
        let proba: Float64Array | null = null; // SVC without probability: true has predictProba but refuses it
        try { proba = values(call(numeric.est, 'predictProba', X)); } catch { proba = null; }
        if (proba) assert.deepEqual(values(call(est, 'predictProba', X)), proba);
        assert.equal(call(est, 'score', X, ys), call(numeric.est, 'score', X, y));
        if (!entry.noSave) assert.deepEqual(call(restore(est), 'predict', X), pred);
      });
    }

    if (entry.noSave) {
      test(`save/load does not apply: ${entry.noSave}`, () => {
        const { est } = fitOut();
        if (typeof est.toJSON === 'function') assert.throws(() => (est.toJSON as () => unknown)(), ValueError);
      });
    } else if (entry.kind !== 'sampler') { // a sampler keeps no fitted model: nothing to save
      test('save/load round trip gives identical output', () => {
        const { est, out } = fitOut();
        assert.ok(est.toJSON, `${entry.name} has no toJSON()`);
        const back = restore(est);
        assert.deepEqual(d.output(back, X), out);
        if (d.newData && !d.oneD) for (const m of workingMethods(est, X)) assert.deepEqual(values(call(back, m, X)), values(call(est, m, X)), `${m}() after load`);
      });
    }
  });
}
