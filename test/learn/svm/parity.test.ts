import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import * as svm from '../../../src/learn/svm/index.js';
import { loadScaled } from './data.js';

interface Case {
  estimator: 'SVC' | 'SVR' | 'LinearSVC'; data: string; options: Record<string, unknown>;
  decision: number[] | number[][]; predict: number[]; support?: number[]; nSupport?: number[];
  dualCoef?: number[][]; intercept: number[]; coef?: number[][]; proba?: number[][];
}

function fixturePath(): string {
  const rel = join('test', 'fixtures', 'learn', 'svm.json');
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, rel))) return join(dir, rel);
  }
  return join(process.cwd(), rel);
}

function close(actual: ArrayLike<number>, expected: number[], what: string, tol: number, abs = false): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i] - expected[i]) / (abs ? 1 : Math.max(1, Math.abs(expected[i])));
    worst = Math.max(worst, err);
    assert.ok(err <= tol, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

const cases = (JSON.parse(readFileSync(fixturePath(), 'utf8')) as { cases: Case[] }).cases;

for (const c of cases) {
  test(`svm parity: ${c.estimator} ${c.data} ${JSON.stringify(c.options)}`, () => {
    const { x, y } = loadScaled(c.data);
    let fitX = x;
    if (c.options.kernel === 'precomputed') fitX = x.map((a) => x.map((b) => a.reduce((s, v, j) => s + v * b[j], 0)));
    const Ctor = (svm as unknown as Record<string, new (o: Record<string, unknown>) => svm.SVC>)[c.estimator];
    const m = new Ctor(c.estimator === 'SVR' ? c.options : { randomState: 0, ...c.options }).fit(fitX, y);
    const dec = c.estimator === 'SVR' ? m.predict(fitX) : m.decisionFunction(fitX);
    close(dec.dataSync(), c.decision.flat(), 'decision', 1e-6);
    assert.deepEqual(Array.from(m.predict(fitX).dataSync()).map((v) => (c.estimator === 'SVR' ? 0 : v)), c.predict.map((v) => (c.estimator === 'SVR' ? 0 : v)));
    
    if (c.coef) close((m as unknown as svm.LinearSVC).coef.dataSync(), c.coef.flat(), 'coef', 1e-8);
    if (c.support) {
      assert.deepEqual(Array.from(m.support.dataSync()), c.support);
      assert.deepEqual(Array.from(m.nSupport.dataSync()), c.nSupport);
      close(m.dualCoef.dataSync(), (c.dualCoef as number[][]).flat(), 'dualCoef', 1e-4);
    }
    close(m.intercept.dataSync(), c.intercept, 'intercept', 1e-5);
    if (c.proba) close(m.predictProba(fitX).dataSync(), c.proba.flat(), 'proba', 1e-2, true);
  });
}
