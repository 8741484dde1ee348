import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { loadIris } from '../../../src/data/index.js';
import { KNeighborsClassifier } from '../../../src/learn/neighbors/index.js';
import { LabelPropagation, LabelSpreading, SelfTrainingClassifier } from '../../../src/learn/semi-supervised/index.js';
import { NotFittedError, ShapeError, ValueError } from '../../../src/tensor/errors.js';

interface Case {
  model: string; params: Record<string, unknown>; base?: Record<string, unknown> | 'lp'; y: number[]; labelDistributions?: number[]; transduction: number[];
  nIter: number; proba: number[]; predict: number[]; labeledIter?: number[]; terminationCondition?: string;
}

function fixturePath(): string {
  const rel = join('test', 'fixtures', 'learn', 'semi_supervised.json');
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) if (existsSync(join(dir, rel))) return join(dir, rel);
  return join(process.cwd(), rel);
}
const fixture = JSON.parse(readFileSync(fixturePath(), 'utf8')) as { X: number[][]; query: number[][]; cases: Case[] };
const camel = (p: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(p).map(([k, v]) => [k.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()), v]));

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(actual[i] - expected[i]) <= tol, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
}

const X = fixture.X; // iris with a 1e-7 jitter (no exactly tied distances)

fixture.cases.forEach((c, ci) => {
  test(`parity ${ci} ${c.model} ${JSON.stringify(c.params)} ${JSON.stringify(c.base ?? '')}`, () => {
    if (c.model === 'SelfTrainingClassifier') {
      const base = c.base === 'lp' ? new LabelPropagation({ gamma: 5 }) : new KNeighborsClassifier(camel(c.base ?? {}));
      const m = new SelfTrainingClassifier({ baseEstimator: base, ...camel(c.params) });
      assert.equal(m.fit(X, c.y), m);
      assert.deepEqual(Array.from(m.transductionLabels?.dataSync() ?? []), c.transduction);
      assert.deepEqual(Array.from(m.labeledIter?.dataSync() ?? []), c.labeledIter);
      assert.equal(m.nIter, c.nIter);
      assert.equal(m.terminationCondition, c.terminationCondition);
      close(m.predictProba(fixture.query).dataSync(), c.proba, 1e-6, 'proba');
      return;
    }
    const m = c.model === 'LabelPropagation' ? new LabelPropagation(camel(c.params)) : new LabelSpreading(camel(c.params));
    assert.equal(m.fit(X, c.y), m);
    assert.equal(m.nIter, c.nIter, 'nIter');
    close(m.labelDistributions?.dataSync() ?? [], c.labelDistributions ?? [], 1e-6, 'labelDistributions');
    assert.deepEqual(Array.from(m.transduction?.dataSync() ?? []), c.transduction);
    close(m.predictProba(fixture.query).dataSync(), c.proba, 1e-6, 'proba');
    assert.deepEqual(Array.from(m.predict(fixture.query).dataSync()), c.predict);
    const back = (m.constructor as typeof LabelPropagation).fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    assert.deepEqual(back.predictProba(fixture.query).toArray(), m.predictProba(fixture.query).toArray());
  });
});

test('semi-supervised: errors', () => {
  assert.throws(() => new LabelPropagation().predict([[1, 2, 3, 4]]), NotFittedError);
  assert.throws(() => new LabelSpreading().fit([[0], [1]], [-1, -1]), /no labeled/);
  assert.throws(() => new LabelSpreading({ alpha: 1 }).fit([[0], [1]], [0, -1]), ValueError);
  assert.throws(() => new LabelPropagation({ kernel: 'poly' as 'rbf' }).fit([[0], [1]], [0, -1]), ValueError);
  const lp = new LabelPropagation().fit([[0, 0], [1, 1]], [0, -1]);
  assert.throws(() => lp.predict([[0]]), ShapeError);
  assert.throws(() => new SelfTrainingClassifier({ baseEstimator: new KNeighborsClassifier(), criterion: 'x' as 'k_best' }).fit([[0], [1]], [0, -1]), ValueError);
  assert.throws(() => new SelfTrainingClassifier({ baseEstimator: new KNeighborsClassifier() }).predict([[0]]), NotFittedError);
});

test('SelfTrainingClassifier: round-trip through toJSON and the registry', () => {
  const y = Array.from(loadIris().target.dataSync(), (v, i) => (i % 3 === 0 ? v : -1));
  const m = new SelfTrainingClassifier({ baseEstimator: new KNeighborsClassifier({ nNeighbors: 3, weights: 'distance' }) }).fit(X, y);
  const back = SelfTrainingClassifier.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
  assert.deepEqual(back.predictProba(X).toArray(), m.predictProba(X).toArray());
  assert.deepEqual(Array.from((back.classes ?? []) as ArrayLike<number>), [0, 1, 2]);
});
