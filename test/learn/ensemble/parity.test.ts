import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { loadBreastCancer, loadDiabetes, loadIris, loadWine, type TabularBunch } from '../../../src/data/index.js';
import * as ens from '../../../src/learn/ensemble/index.js';
import { BaseClassifier, BaseRegressor, toFloat64Array, toMatrix, toVector, type ArrayInput } from '../../../src/learn/base.js';
import { KFold } from '../../../src/learn/modelSelection/kFold.js';
import { Tensor } from '../../../src/tensor/tensor.js';

interface RandomCase { name: string; dataset: string; options: Record<string, unknown>; scores: number[]; mean: number; oob?: boolean }
interface Fixture {
  R: number; splits: Record<string, number[][]>; random: RandomCase[];
  voting: { n: number; classes: number[]; y: number[]; tables: number[][][]; cases: { voting: 'hard' | 'soft'; weights: number[] | null; predict: number[]; proba?: number[][] }[];
    regTables: number[][]; regCases: { weights: number[] | null; predict: number[] }[] };
  stacking: { kind: 'clf' | 'reg'; dataset: string; passthrough: boolean; meta: number[][] }[];
}

function fixture(): Fixture {
  const rel = join('test', 'fixtures', 'learn', 'ensemble.json');
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, rel))) return JSON.parse(readFileSync(join(dir, rel), 'utf8')) as Fixture;
  }
  return JSON.parse(readFileSync(join(process.cwd(), rel), 'utf8')) as Fixture;
}

const fx = fixture();
const sets: Record<string, () => TabularBunch> = { iris: loadIris, wine: loadWine, breast_cancer: loadBreastCancer, diabetes: () => loadDiabetes() };
const vals = (t: Tensor) => Array.from(t.dataSync() as ArrayLike<number>);

function rows(b: TabularBunch, idx: number[]): { X: Tensor; y: Tensor } {
  const x = b.data.dataSync() as Float64Array, y = b.target.dataSync() as ArrayLike<number>, p = b.data.shape[1];
  const X = new Float64Array(idx.length * p), Y = new Float64Array(idx.length);
  idx.forEach((r, i) => { X.set(x.subarray(r * p, r * p + p), i * p); Y[i] = y[r]; });
  return { X: new Tensor(X, [idx.length, p], 'float64'), y: new Tensor(Y, [idx.length], 'float64') };
}

type Ctor = new (o: Record<string, unknown>) => { fit(X: ArrayInput, y: ArrayInput): unknown; score(X: ArrayInput, y: ArrayInput): number; oobScore: number | null };
const ctors = ens as unknown as Record<string, Ctor>;

for (const c of fx.random) {
  test(`parity (held-out score within 0.01): ${c.name} ${JSON.stringify(c.options)} on ${c.dataset}${c.oob ? ' (out-of-bag)' : ''}`, () => {
    const b = sets[c.dataset]();
    const n = b.target.shape[0];
    const scores: number[] = [];
    for (let s = 0; s < fx.R; s++) {
      const m = new ctors[c.name]({ ...c.options, randomState: s });
      if (c.oob) { m.fit(b.data, b.target); scores.push(m.oobScore as number); continue; }
      const te = fx.splits[c.dataset][s], inTest = new Set(te);
      const tr = Array.from({ length: n }, (_, i) => i).filter((i) => !inTest.has(i));
      const train = rows(b, tr), held = rows(b, te);
      m.fit(train.X, train.y);
      scores.push(m.score(held.X, held.y));
    }
    const mean = scores.reduce((a, v) => a + v, 0) / scores.length;
    assert.ok(Math.abs(mean - c.mean) <= 0.01, `nabla ${mean.toFixed(4)} vs scikit-learn ${c.mean.toFixed(4)}`);
  });
}

/** Returns the stored probabilities of the row index held in X's first column. */
class FixedClassifier extends BaseClassifier<{ table: number[][]; classes: number[] }> {
  classes: Float64Array | null = null;
  constructor(p: { table: number[][]; classes: number[] }) { super(p); }
  fit(): this { this.classes = Float64Array.from(this.params.classes); return this; }
  predictProba(X: ArrayInput): Tensor {
    const x = toMatrix(X).dataSync() as Float64Array, k = this.params.classes.length;
    return new Tensor(Float64Array.from(Array.from(x).flatMap((i) => this.params.table[i])), [x.length, k], 'float64');
  }
  predict(X: ArrayInput): Tensor {
    const p = vals(this.predictProba(X)), k = this.params.classes.length, n = p.length / k;
    return new Tensor(Float64Array.from({ length: n }, (_, i) => {
      let b = 0;
      for (let c = 1; c < k; c++) if (p[i * k + c] > p[i * k + b]) b = c;
      return this.params.classes[b];
    }), [n], 'float64');
  }
}

class FixedRegressor extends BaseRegressor<{ table: number[] }> {
  constructor(p: { table: number[] }) { super(p); }
  fit(): this { return this; }
  predict(X: ArrayInput): Tensor {
    const x = toMatrix(X).dataSync() as Float64Array;
    return new Tensor(Float64Array.from(x, (i) => this.params.table[i]), [x.length], 'float64');
  }
}

test('parity (exact): VotingClassifier and VotingRegressor over fixed estimators, ties included', () => {
  const v = fx.voting;
  const X = new Tensor(Float64Array.from({ length: v.n }, (_, i) => i), [v.n, 1], 'float64');
  for (const c of v.cases) {
    const vc = new ens.VotingClassifier({ estimators: v.tables.map((t, i) => [`e${i}`, new FixedClassifier({ table: t, classes: v.classes })]), voting: c.voting, weights: c.weights }).fit(X, v.y);
    assert.deepEqual(vals(vc.predict(X)), c.predict, `${c.voting} ${JSON.stringify(c.weights)}`);
    if (c.proba) vals(vc.predictProba(X)).forEach((p, i) => assert.ok(Math.abs(p - (c.proba as number[][])[Math.floor(i / 3)][i % 3]) < 1e-12));
  }
  for (const c of v.regCases) {
    const vr = new ens.VotingRegressor({ estimators: v.regTables.map((t, i) => [`r${i}`, new FixedRegressor({ table: t })]), weights: c.weights }).fit(X, new Float64Array(v.n));
    vals(vr.predict(X)).forEach((p, i) => assert.ok(Math.abs(p - c.predict[i]) < 1e-12));
  }
});

/** scikit-learn's DummyClassifier ('prior' or 'most_frequent'): training class frequencies. */
class Prior extends BaseClassifier<{ strategy: 'prior' | 'most_frequent' }> {
  classes: Float64Array | null = null;
  private prior: Float64Array | null = null;
  constructor(p: { strategy: 'prior' | 'most_frequent' }) { super(p); }
  fit(_X: ArrayInput, y: ArrayInput): this {
    const yv = toFloat64Array(toVector(y));
    this.classes = Float64Array.from(new Set(yv)).sort();
    const c = this.classes;
    this.prior = Float64Array.from(c, (k) => yv.filter((v) => v === k).length / yv.length);
    if (this.params.strategy === 'most_frequent') {
      let b = 0;
      for (let i = 1; i < c.length; i++) if ((this.prior as Float64Array)[i] > (this.prior as Float64Array)[b]) b = i;
      this.prior = Float64Array.from(c, (_, i) => (i === b ? 1 : 0));
    }
    return this;
  }
  predictProba(X: ArrayInput): Tensor {
    const n = toMatrix(X).shape[0], k = (this.classes as Float64Array).length;
    const out = new Float64Array(n * k);
    for (let i = 0; i < n; i++) out.set(this.prior as Float64Array, i * k);
    return new Tensor(out, [n, k], 'float64');
  }
  predict(X: ArrayInput): Tensor {
    return new Tensor(new Float64Array(toMatrix(X).shape[0]), [toMatrix(X).shape[0]], 'float64');
  }
}

class Center extends BaseRegressor<{ strategy: 'mean' | 'median' }> {
  private c = 0;
  constructor(p: { strategy: 'mean' | 'median' }) { super(p); }
  fit(_X: ArrayInput, y: ArrayInput): this {
    const v = Float64Array.from(toFloat64Array(toVector(y))).sort();
    this.c = this.params.strategy === 'mean' ? v.reduce((a, b) => a + b, 0) / v.length : (v[(v.length - 1) >> 1] + v[v.length >> 1]) / 2;
    return this;
  }
  predict(X: ArrayInput): Tensor {
    const n = toMatrix(X).shape[0];
    return new Tensor(new Float64Array(n).fill(this.c), [n], 'float64');
  }
}

let seen: number[] = [];
class RecorderClf extends BaseClassifier<Record<string, never>> {
  constructor() { super({}); }
  fit(X: ArrayInput): this { seen = vals(toMatrix(X)); return this; }
  predict(X: ArrayInput): Tensor { return new Tensor(new Float64Array(toMatrix(X).shape[0]), [toMatrix(X).shape[0]], 'float64'); }
}
class RecorderReg extends BaseRegressor<Record<string, never>> {
  constructor() { super({}); }
  fit(X: ArrayInput): this { seen = vals(toMatrix(X)); return this; }
  predict(X: ArrayInput): Tensor { return new Tensor(new Float64Array(toMatrix(X).shape[0]), [toMatrix(X).shape[0]], 'float64'); }
}

test('parity (exact): Stacking out-of-fold meta-features with cv=KFold(5) (class alignment, binary column drop, passthrough)', () => {
  for (const c of fx.stacking) {
    const b = sets[c.dataset]();
    if (c.kind === 'clf') {
      new ens.StackingClassifier({ estimators: [['prior', new Prior({ strategy: 'prior' })], ['freq', new Prior({ strategy: 'most_frequent' })]], finalEstimator: new RecorderClf(),
        cv: new KFold({ nSplits: 5 }), passthrough: c.passthrough, stackMethod: 'predictProba' }).fit(b.data, b.target);
    } else {
      new ens.StackingRegressor({ estimators: [['mean', new Center({ strategy: 'mean' })], ['median', new Center({ strategy: 'median' })]], finalEstimator: new RecorderReg(),
        cv: new KFold({ nSplits: 5 }), passthrough: c.passthrough }).fit(b.data, b.target);
    }
    const want = c.meta.flat();
    assert.equal(seen.length, want.length, `${c.kind} ${c.dataset}: meta-feature count`);
    seen.forEach((v, i) => assert.ok(Math.abs(v - want[i]) <= 1e-12 * Math.max(1, Math.abs(want[i])), `${c.kind} ${c.dataset} passthrough ${c.passthrough}: [${i}] ${v} vs ${want[i]}`));
  }
});
