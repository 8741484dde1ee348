import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as pp from '../../../src/learn/preprocessing/index.js';
import { manualSeed, getRngState } from '../../../src/tensor/random.js';
import { ValueError } from '../../../src/tensor/errors.js';

const X: number[][] = [];
const y: number[] = [];
for (let i = 0; i < 30; i++) {
  const c = i < 22 ? 0 : i < 27 ? 1 : 2;
  X.push([Math.sin(i) * 3 + c, Math.cos(i * 1.7) + 2 * c]);
  y.push(c);
}

const rows = (t: { toArray(): unknown }) => t.toArray() as number[][];

test('RandomOverSampler: originals first, then copies of existing rows of the right class', () => {
  const { X: Xr, y: yr } = new pp.RandomOverSampler({ randomState: 3 }).fitResample(X, y);
  const xs = rows(Xr), ys = Array.from(yr.dataSync());
  assert.deepEqual(xs.slice(0, 30), X);
  assert.deepEqual([0, 1, 2].map((c) => ys.filter((v) => v === c).length), [22, 22, 22]);
  for (let i = 30; i < xs.length; i++) {
    const src = X.findIndex((r) => r[0] === xs[i][0] && r[1] === xs[i][1]);
    assert.ok(src >= 0 && y[src] === ys[i], `row ${i} is a copy of a row of its class`);
  }
});

test('RandomUnderSampler: distinct rows, grouped by class, counts of the minority', () => {
  const { X: Xr, y: yr } = new pp.RandomUnderSampler({ randomState: 1 }).fitResample(X, y);
  const ys = Array.from(yr.dataSync());
  assert.deepEqual(ys, [0, 0, 0, 1, 1, 1, 2, 2, 2]);
  const keys = rows(Xr).map((r) => r.join(','));
  assert.equal(new Set(keys).size, keys.length);
});

test('SMOTE: synthetic points lie on segments between a sample and one of its k nearest same-class neighbours', () => {
  const k = 2;
  const { X: Xr, y: yr } = new pp.SMOTE({ kNeighbors: k, randomState: 7 }).fitResample(X, y);
  const xs = rows(Xr), ys = Array.from(yr.dataSync());
  assert.deepEqual(xs.slice(0, 30), X);
  assert.deepEqual([0, 1, 2].map((c) => ys.filter((v) => v === c).length), [22, 22, 22]);
  for (let i = 30; i < xs.length; i++) {
    const pool = X.map((r, j) => ({ r, j })).filter((e) => y[e.j] === ys[i]);
    const onSegment = pool.some(({ r: a, j }) => {
      const nbrs = pool.filter((e) => e.j !== j).sort((p, q) => dist(p.r, a) - dist(q.r, a)).slice(0, k);
      return nbrs.some(({ r: b }) => {
        const u = Math.abs(b[0] - a[0]) > 1e-12 ? (xs[i][0] - a[0]) / (b[0] - a[0]) : (xs[i][1] - a[1]) / (b[1] - a[1]);
        return u >= 0 && u <= 1 && Math.abs(a[0] + u * (b[0] - a[0]) - xs[i][0]) < 1e-9 && Math.abs(a[1] + u * (b[1] - a[1]) - xs[i][1]) < 1e-9;
      });
    });
    assert.ok(onSegment, `synthetic row ${i} lies between two same-class neighbours`);
  }
});

function dist(a: number[], b: number[]): number {
  return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2;
}

test('samplers: same randomState, same output; the global generator is untouched', () => {
  manualSeed(5);
  const before = getRngState();
  for (const make of [() => new pp.RandomOverSampler({ randomState: 2 }), () => new pp.RandomUnderSampler({ randomState: 2 }), () => new pp.SMOTE({ randomState: 2, kNeighbors: 2 })]) {
    const a = make().fitResample(X, y), b = make().fitResample(X, y);
    assert.deepEqual(a.X.toArray(), b.X.toArray());
    assert.deepEqual(a.y.toArray(), b.y.toArray());
  }
  assert.deepEqual(getRngState(), before);
  const c = new pp.RandomOverSampler({ randomState: 2 }).fitResample(X, y).X.toArray();
  const d = new pp.RandomOverSampler({ randomState: 3 }).fitResample(X, y).X.toArray();
  assert.notDeepEqual(c, d);
});

test('samplers: bad strategies and too few neighbours are ValueErrors', () => {
  assert.throws(() => new pp.RandomOverSampler({ samplingStrategy: 0.5 }).fitResample(X, y), /only for binary/);
  assert.throws(() => new pp.RandomUnderSampler({ samplingStrategy: { 2: 10 } }).fitResample(X, y), /at most its 3 samples/);
  assert.throws(() => new pp.SMOTE({ kNeighbors: 5 }).fitResample(X, y), (e: Error) => e instanceof ValueError && /class 1 has 5 samples/.test(e.message));
  assert.throws(() => new pp.RandomOverSampler().fitResample(X, y.slice(1)), /30 and 29/);
});

test('computeClassWeight: balanced is n / (nClasses · count); a record gives the listed weights', () => {
  assert.deepEqual(Array.from(pp.computeClassWeight('balanced', [0, 1], [0, 0, 0, 1]).dataSync()), [4 / 6, 2]);
  assert.deepEqual(Array.from(pp.computeClassWeight({ 1: 5 }, [0, 1], [0, 1]).dataSync()), [1, 5]);
  assert.throws(() => pp.computeClassWeight('balanced', [0, 1, 2], [0, 1]), /valid labels/);
  assert.deepEqual(Array.from(pp.computeSampleWeight('balanced', [0, 0, 0, 1]).dataSync()), [4 / 6, 4 / 6, 4 / 6, 2]);
});
