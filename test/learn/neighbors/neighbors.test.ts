import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { loadDiabetes, loadIris, loadWine, type TabularBunch } from '../../../src/data/index.js';
import { KNeighborsClassifier, KNeighborsRegressor, type KNeighborsResult } from '../../../src/learn/neighbors/index.js';
import { NotFittedError, ShapeError, ValueError } from '../../../src/tensor/errors.js';

interface Case {
  dataset: string; kind: 'clf' | 'reg'; params: Record<string, unknown>; fitMethod: string;
  distances: number[]; indices: number[]; selfDistances: number[]; selfIndices: number[]; predict: number[]; proba?: number[];
}

function fixturePath(): string {
  const rel = join('test', 'fixtures', 'learn', 'neighbors.json');
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) if (existsSync(join(dir, rel))) return join(dir, rel);
  return join(process.cwd(), rel);
}
const fixture = JSON.parse(readFileSync(fixturePath(), 'utf8')) as { cases: Case[] };
const sets: Record<string, () => TabularBunch> = { iris: loadIris, wine: loadWine, diabetes: () => loadDiabetes({ scaled: false }) };

function rows(b: TabularBunch): { Xtr: number[][]; ytr: number[]; Xte: number[][] } {
  const X = b.data.toArray() as number[][];
  const y = Array.from(b.target.dataSync(), Number);
  const Xtr = X.filter((_, i) => i % 2 === 0), ytr = y.filter((_, i) => i % 2 === 0);
  const Xte = [...X.filter((_, i) => i % 2 === 1).slice(0, 20), ...Xtr.slice(0, 5)];
  return { Xtr, ytr, Xte };
}

function camel(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) out[k.replace(/_(\w)/g, (_, c: string) => c.toUpperCase())] = v;
  return out;
}

/** Compares neighbour lists row by row; indices only where the k-th boundary is not tied. */
function checkNeighbors(res: KNeighborsResult, expD: number[], expI: number[], k: number, kExp: number, what: string): boolean[] {
  const d = res.distances.dataSync(), idx = res.indices.dataSync();
  const nq = res.indices.shape[0];
  const clean: boolean[] = [];
  for (let i = 0; i < nq; i++) {
    const scale = 1 + Math.abs(expD[i * kExp + k - 1]);
    for (let j = 0; j < k; j++) assert.ok(Math.abs(d[i * k + j] - expD[i * kExp + j]) <= 1e-9 * scale, `${what}: distance [${i},${j}] ${d[i * k + j]} vs ${expD[i * kExp + j]}`);
    for (let j = 1; j < k; j++) assert.ok(d[i * k + j] > d[i * k + j - 1] || (d[i * k + j] === d[i * k + j - 1] && idx[i * k + j] > idx[i * k + j - 1]), `${what}: row ${i} not in (distance, index) order`);
    const tied = kExp > k && Math.abs(expD[i * kExp + k] - expD[i * kExp + k - 1]) <= 1e-9 * scale;
    clean.push(!tied);
    if (!tied) {
      const mine = Array.from(idx.slice(i * k, i * k + k)).sort((a, b) => a - b);
      const theirs = expI.slice(i * kExp, i * kExp + k).sort((a, b) => a - b);
      assert.deepEqual(mine, theirs, `${what}: neighbour set of row ${i}`);
    }
  }
  return clean;
}

for (const c of fixture.cases) {
  const name = `parity ${c.dataset} ${c.kind} ${JSON.stringify(c.params)}`;
  test(name, () => {
    const { Xtr, ytr, Xte } = rows(sets[c.dataset]());
    const opts = camel(c.params);
    const k = opts.nNeighbors as number;
    for (const algorithm of [(opts.algorithm ?? 'auto') as 'auto', 'brute' as const, ...(c.params.metric === 'cosine' ? [] : ['kd_tree' as const])]) {
      const est = c.kind === 'clf' ? new KNeighborsClassifier({ ...opts, algorithm }) : new KNeighborsRegressor({ ...opts, algorithm });
      assert.equal(est.fit(Xtr, ytr), est);
      if (algorithm === 'auto') assert.equal(est.fitMethod, c.fitMethod);
      const what = `${name} [${algorithm}]`;
      const clean = checkNeighbors(est.kneighbors(Xte, k), c.distances, c.indices, k, k + 1, what);
      checkNeighbors(est.kneighbors(null, k), c.selfDistances, c.selfIndices, k, k + 1, `${what} self`);
      const pred = est.predict(Xte).dataSync();
      for (let i = 0; i < pred.length; i++) if (clean[i]) assert.ok(Math.abs(pred[i] - c.predict[i]) <= 1e-9 * (1 + Math.abs(c.predict[i])), `${what}: predict[${i}] ${pred[i]} vs ${c.predict[i]}`);
      if (c.proba && est instanceof KNeighborsClassifier) {
        const p = est.predictProba(Xte);
        const nc = p.shape[1], pd = p.dataSync();
        for (let i = 0; i < Xte.length; i++) if (clean[i]) for (let j = 0; j < nc; j++) assert.ok(Math.abs(pd[i * nc + j] - c.proba[i * nc + j]) <= 1e-12, `${what}: proba[${i},${j}]`);
      }
    }
  });
}

test('ties in votes go to the smallest class; zero distance takes all the weight', () => {
  const clf = new KNeighborsClassifier({ nNeighbors: 2 }).fit([[0], [2]], [5, 3]);
  assert.deepEqual(Array.from(clf.predict([[1]]).dataSync()), [3]);
  assert.deepEqual(clf.predictProba([[1]]).toArray(), [[0.5, 0.5]]);
  const w = new KNeighborsClassifier({ nNeighbors: 3, weights: 'distance' }).fit([[0], [0], [1]], [1, 2, 2]);
  assert.deepEqual(w.predictProba([[0]]).toArray(), [[0.5, 0.5]]);
  assert.deepEqual(Array.from(w.predict([[0]]).dataSync()), [1]);
  const r = new KNeighborsRegressor({ nNeighbors: 2, weights: 'distance' }).fit([[0], [1], [3]], [10, 20, 40]);
  assert.deepEqual(Array.from(r.predict([[1], [2]]).dataSync()), [20, 30]);
});

test('kneighbors keeps the smallest indices among equal distances (stable order)', () => {
  const X = [[1], [0], [1], [1], [2]];
  for (const algorithm of ['brute', 'kd_tree'] as const) {
    const est = new KNeighborsClassifier({ nNeighbors: 2, algorithm, leafSize: 1 }).fit(X, [0, 1, 0, 1, 0]);
    const res = est.kneighbors([[1]], 2);
    assert.deepEqual(Array.from(res.indices.dataSync()), [0, 2], algorithm);
    assert.deepEqual(Array.from(est.kneighbors([[1]], 2, false).dataSync()), [0, 2]);
  }
});

test('errors: not fitted, feature count, bad options, too many neighbours', () => {
  assert.throws(() => new KNeighborsClassifier().predict([[1]]), NotFittedError);
  const clf = new KNeighborsClassifier({ nNeighbors: 2 }).fit([[0, 0], [1, 1], [2, 2]], [0, 1, 1]);
  assert.throws(() => clf.predict([[1]]), ShapeError);
  assert.throws(() => clf.kneighbors([[1, 1]], 4), /nNeighbors <= nSamplesFit/);
  assert.throws(() => new KNeighborsClassifier({ metric: 'cosine', algorithm: 'kd_tree' }).fit([[1], [2]], [0, 1]), ValueError);
  assert.throws(() => new KNeighborsClassifier({ nNeighbors: 0 }).fit([[1], [2]], [0, 1]), ValueError);
  assert.throws(() => new KNeighborsRegressor().fit([[NaN]], [1]), ValueError);
  assert.throws(() => new KNeighborsRegressor().fit([[1], [2]], [1]), ShapeError);
});

test('toJSON / fromJSON round-trip gives identical predictions', () => {
  const { Xtr, ytr, Xte } = rows(loadIris());
  const clf = new KNeighborsClassifier({ weights: 'distance', metric: 'manhattan' }).fit(Xtr, ytr);
  const back = KNeighborsClassifier.fromJSON(JSON.parse(JSON.stringify(clf.toJSON())));
  assert.deepEqual(back.predictProba(Xte).toArray(), clf.predictProba(Xte).toArray());
  const reg = new KNeighborsRegressor().fit(Xtr, ytr);
  assert.deepEqual(KNeighborsRegressor.fromJSON(JSON.parse(JSON.stringify(reg.toJSON()))).predict(Xte).toArray(), reg.predict(Xte).toArray());
});

test('NearestNeighbors: kneighbors matches the classifier; kneighborsGraph; round-trip', async () => {
  const { NearestNeighbors } = await import('../../../src/learn/neighbors/index.js');
  const { Xtr, ytr, Xte } = rows(loadIris());
  const nn = new NearestNeighbors({ nNeighbors: 4 }).fit(Xtr);
  const clf = new KNeighborsClassifier({ nNeighbors: 4 }).fit(Xtr, ytr);
  assert.deepEqual(nn.kneighbors(Xte).indices.toArray(), clf.kneighbors(Xte).indices.toArray());
  const G = nn.kneighborsGraph(Xte.slice(0, 2), 2, 'distance');
  assert.deepEqual(G.shape, [2, Xtr.length]);
  const res = nn.kneighbors(Xte.slice(0, 2), 2);
  const g = G.toArray() as number[][];
  for (let i = 0; i < 2; i++) {
    const nz = g[i].map((v, j) => [v, j]).filter(([v]) => v !== 0);
    assert.equal(nz.length <= 2, true);
    assert.equal(g[i][(res.indices.toArray() as number[][])[i][1]], (res.distances.toArray() as number[][])[i][1]);
  }
  const conn = new NearestNeighbors({ nNeighbors: 2 }).fit([[0], [1], [5]]).kneighborsGraph(null, 1);
  assert.deepEqual(conn.toArray(), [[0, 1, 0], [1, 0, 0], [0, 1, 0]]);
  const back = NearestNeighbors.fromJSON(JSON.parse(JSON.stringify(nn.toJSON())));
  assert.deepEqual(back.kneighbors(Xte).distances.toArray(), nn.kneighbors(Xte).distances.toArray());
  assert.throws(() => new NearestNeighbors().kneighbors([[1]]), NotFittedError);
});
