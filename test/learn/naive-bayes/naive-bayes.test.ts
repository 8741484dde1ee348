import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { loadBreastCancer, loadIris, loadWine } from '../../../src/data/index.js';
import { loadDigits } from '../../../src/data/digits.js';
import { BernoulliNB, ComplementNB, GaussianNB, MultinomialNB } from '../../../src/learn/naive-bayes/index.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { NotFittedError, ShapeError, ValueError } from '../../../src/tensor/errors.js';

interface Case {
  estimator: string; data: string; options: Record<string, unknown>; partialFit?: boolean;
  jll: number[][]; logProba: number[][]; proba: number[][]; predict: number[];
  theta?: number[][]; var?: number[][]; featureLogProb?: number[][]; classLogPrior?: number[];
}

function fixturePath(): string {
  const rel = join('test', 'fixtures', 'learn', 'naive_bayes.json');
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, rel))) return join(dir, rel);
  }
  return join(process.cwd(), rel);
}

function load(name: string): { x: number[][]; y: number[] } {
  const b = name === 'iris' ? loadIris() : name === 'wine' ? loadWine() : name === 'breast_cancer' ? loadBreastCancer() : loadDigits();
  const [n, p] = b.data.shape;
  const d = b.data.dataSync(), t = b.target.dataSync();
  const x: number[][] = [];
  for (let i = 0; i < n; i++) x.push(Array.from(d.subarray(i * p, (i + 1) * p), Number));
  return { x, y: Array.from(t, Number) };
}

function close(actual: ArrayLike<number>, expected: number[], what: string, tol = 1e-9): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i], e = expected[i];
    if (a === e) continue;
    assert.ok(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)), `${what}[${i}]: ${a} vs ${e}`);
  }
}

const CTORS = { GaussianNB, MultinomialNB, BernoulliNB, ComplementNB } as const;
const cases = (JSON.parse(readFileSync(fixturePath(), 'utf8')) as { cases: Case[] }).cases;

for (const c of cases) {
  test(`naive bayes parity: ${c.estimator} ${c.data} ${JSON.stringify(c.options)}`, () => {
    const { x, y } = load(c.data);
    const tr = x.map((_, i) => i).filter((i) => i % 3 !== 0);
    const te = x.map((_, i) => i).filter((i) => (c.data === 'digits' ? i % 9 === 0 : i % 3 === 0));
    const Ctor = CTORS[c.estimator as keyof typeof CTORS] as new (o: Record<string, unknown>) => InstanceType<typeof GaussianNB>;
    let m = new Ctor(c.options);
    if (c.partialFit) {
      // Three batches (the middle one weighted 1, 2, 3, 1, ...), as the generator.
      const g = m as GaussianNB, parts = [tr.slice(0, 40), tr.slice(40, 90), tr.slice(90)];
      g.partialFit(parts[0].map((i) => x[i]), parts[0].map((i) => y[i]), [0, 1, 2]);
      g.partialFit(parts[1].map((i) => x[i]), parts[1].map((i) => y[i]), null, parts[1].map((_, j) => (j % 3) + 1));
      g.partialFit(parts[2].map((i) => x[i]), parts[2].map((i) => y[i]));
    } else m = m.fit(tr.map((i) => x[i]), tr.map((i) => y[i]));
    const xt = te.map((i) => x[i]);
    close(m.predictJointLogLikelihood(xt).dataSync(), c.jll.flat(), 'jll');
    close(m.predictLogProba(xt).dataSync(), c.logProba.flat(), 'logProba');
    close(m.predictProba(xt).dataSync(), c.proba.flat(), 'proba');
    assert.deepEqual(Array.from(m.predict(xt).dataSync()), c.predict);
    if (c.theta) close((m as GaussianNB).theta as Float64Array, c.theta.flat(), 'theta');
    if (c.var) close((m as GaussianNB).var as Float64Array, c.var.flat(), 'var');
    const d = m as unknown as MultinomialNB;
    if (c.featureLogProb) close(d.featureLogProb as Float64Array, c.featureLogProb.flat(), 'featureLogProb');
    if (c.classLogPrior) close(d.classLogPrior as Float64Array, c.classLogPrior, 'classLogPrior');
  });
}

test('naive bayes: errors, save/load round trip, Tensor input equals nested arrays', () => {
  const X = [[1, 2], [2, 0], [0, 3], [4, 1]], y = [0, 1, 0, 1];
  for (const Ctor of [GaussianNB, MultinomialNB, BernoulliNB, ComplementNB]) {
    const m = new Ctor();
    assert.throws(() => m.predict(X), NotFittedError);
    assert.equal(m.fit(X, y), m);
    assert.throws(() => m.predict([[1, 2, 3]]), ShapeError);
    assert.throws(() => new Ctor().fit([[1, NaN], [1, 2]], [0, 1]), ValueError);
    assert.throws(() => new Ctor().fit(X, [0, 1]), ShapeError);
    const json = JSON.parse(JSON.stringify(m.toJSON()));
    const back = (Ctor as unknown as { fromJSON(j: unknown): typeof m }).fromJSON(json);
    assert.deepEqual(Array.from(back.predictProba(X).dataSync()), Array.from(m.predictProba(X).dataSync()));
    const t = new Ctor().fit(new Tensor(Float64Array.from(X.flat()), [4, 2], 'float64'), y);
    assert.deepEqual(Array.from(t.predictProba(X).dataSync()), Array.from(m.predictProba(X).dataSync()));
  }
  assert.throws(() => new MultinomialNB().fit([[-1, 2], [1, 2]], [0, 1]), /negative/);
  assert.throws(() => new GaussianNB({ priors: [0.2, 0.2] }).fit(X, y), /sum of the priors/);
  assert.throws(() => new GaussianNB().partialFit(X, y), /classes must be passed/);
  assert.throws(() => new GaussianNB().partialFit(X, y, [0, 1]).partialFit(X, [0, 2, 0, 1]), /not in classes/);
  assert.throws(() => new GaussianNB().partialFit(X, y, [0, 1]).partialFit([[1, 2, 3]], [0]), ShapeError);
  // partialFit in one batch is fit.
  assert.deepEqual(Array.from(new GaussianNB().partialFit(X, y, [1, 0]).predictProba(X).dataSync()), Array.from(new GaussianNB().fit(X, y).predictProba(X).dataSync()));
});
