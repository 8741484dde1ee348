import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getBackend, nativeAvailable, setBackend } from '../../../src/backend/index.js';
import { loadNative } from '../../../src/backend/native/load.js';
import { KMeans } from '../../../src/learn/cluster/index.js';
import { nativeAssign } from '../../../src/learn/cluster/native.js';
import { Tensor } from '../../../src/tensor/tensor.js';

// The native k-means kernels (src/backend/native/cpp/kmeans.cc) against plain loops, their
// bounds checks, and KMeans giving the same clustering on both backends.

type Fn = (...a: unknown[]) => void;
interface Kernels { kmeansAssign: Fn; kmeansDistances: Fn; kmeansPotentials: Fn; kmeansElkan: Fn }

function kernels(): Kernels | null {
  const r = loadNative();
  if (!('addon' in r)) return null;
  const a = r.addon as unknown as Partial<Kernels>;
  return a.kmeansAssign && a.kmeansDistances && a.kmeansPotentials && a.kmeansElkan ? (a as Kernels) : null;
}

function rand(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296) * 4 - 2;
  return out;
}

const dot = (x: Float64Array, i: number, c: Float64Array, j: number, p: number): number => {
  let s = 0;
  for (let f = 0; f < p; f++) s += x[i * p + f] * c[j * p + f];
  return s;
};

test('native kmeansAssign / kmeansDistances / kmeansPotentials match plain loops (k = 1..30, odd n)', () => {
  const a = kernels();
  if (getBackend() !== 'native') {
    // the js backend never calls the kernels: the TypeScript loops run
    assert.equal(nativeAssign(new Float64Array(4), 2, 2, new Float64Array(2), 1, new Int32Array(2), null, null, null), false);
    return;
  }
  assert.ok(a, 'the native backend is selected, so its addon must have the k-means kernels');
  for (const [n, p, k] of [[1003, 7, 1], [517, 30, 3], [64, 5, 4], [333, 11, 5], [1001, 30, 10], [250, 3, 13], [97, 17, 30]]) {
    const x = rand(n * p, n + k), c = rand(k * p, 7 * k), sw = rand(n, 3).map((v) => v + 3);
    const cn = Array.from({ length: k }, (_, j) => dot(c, j, c, j, p));
    const xn = Float64Array.from({ length: n }, (_, i) => dot(x, i, x, i, p));
    const labels = new Int32Array(n), sums = new Float64Array(k * p), wIn = new Float64Array(k);
    a.kmeansAssign(x, c, labels, sums, wIn, sw, new Float64Array([n, p, k]));
    const eSums = new Float64Array(k * p), eW = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      let best = 0, bv = cn[0] - 2 * dot(x, i, c, 0, p);
      for (let j = 1; j < k; j++) { const v = cn[j] - 2 * dot(x, i, c, j, p); if (v < bv) { bv = v; best = j; } }
      assert.equal(labels[i], best, `n=${n} p=${p} k=${k} row ${i}`);
      eW[best] += sw[i];
      for (let f = 0; f < p; f++) eSums[best * p + f] += sw[i] * x[i * p + f];
    }
    for (let q = 0; q < k * p; q++) assert.ok(Math.abs(sums[q] - eSums[q]) <= 1e-10 * (1 + Math.abs(eSums[q])), `sums k=${k}`);
    for (let j = 0; j < k; j++) assert.ok(Math.abs(wIn[j] - eW[j]) <= 1e-10 * (1 + eW[j]), `weights k=${k}`);
    // labels only (empty sums, wIn, sw)
    const l2 = new Int32Array(n).fill(-7);
    a.kmeansAssign(x, c, l2, new Float64Array(0), new Float64Array(0), new Float64Array(0), new Float64Array([n, p, k]));
    assert.deepEqual(l2, labels);
    const d = new Float64Array(n * k), d0 = new Float64Array(n * k);
    a.kmeansDistances(x, c, d, xn, new Float64Array([n, p, k]));
    a.kmeansDistances(x, c, d0, new Float64Array(0), new Float64Array([n, p, k]));
    const pots = new Float64Array(k), closest = rand(n, 11).map((v) => v + 5), ePots = new Float64Array(k);
    a.kmeansPotentials(x, c, closest, xn, sw, pots, new Float64Array([n, p, k]));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < k; j++) {
        const g = cn[j] - 2 * dot(x, i, c, j, p);
        assert.ok(Math.abs(d0[i * k + j] - g) <= 1e-12 * (1 + Math.abs(g)), 'distances without xNorm');
        const full = Math.max(xn[i] + g, 0);
        assert.ok(Math.abs(d[i * k + j] - full) <= 1e-12 * (1 + full), 'distances with xNorm');
        ePots[j] += sw[i] * Math.min(closest[i], full);
      }
    }
    for (let j = 0; j < k; j++) assert.ok(Math.abs(pots[j] - ePots[j]) <= 1e-10 * (1 + ePots[j]), `potentials k=${k}`);
    // with dist: the same potentials, and the squared distances [n, k]
    const pots2 = new Float64Array(k), dist = new Float64Array(n * k);
    a.kmeansPotentials(x, c, closest, xn, sw, pots2, new Float64Array([n, p, k]), dist);
    assert.deepEqual(pots2, pots);
    for (let q = 0; q < n * k; q++) assert.ok(Math.abs(dist[q] - d[q]) <= 1e-12 * (1 + d[q]), 'potentials dist');
  }
});

test('native k-means kernels refuse what they cannot trust (RangeError, nothing written)', () => {
  const a = kernels();
  if (a === null) {
    assert.notEqual(getBackend(), 'native', 'the native backend is selected, so its addon must have the k-means kernels');
    return;
  }
  const x = rand(20, 1), c = rand(6, 2), lab = new Int32Array(10), e = new Float64Array(0);
  const dims = (n: number, p: number, k: number): Float64Array => new Float64Array([n, p, k]);
  assert.throws(() => a.kmeansAssign(x, c, lab, e, e, e, dims(11, 2, 3)), /kmeansAssign: x is shorter than n·p/);
  assert.throws(() => a.kmeansAssign(x, c, lab, e, e, e, dims(10, 2, 4)), /centers is shorter than k·p/);
  assert.throws(() => a.kmeansAssign(x, c, new Int32Array(9), e, e, e, dims(10, 2, 3)), /labels is shorter than n/);
  assert.throws(() => a.kmeansAssign(x, c, lab, new Float64Array(5), new Float64Array(3), e, dims(10, 2, 3)), /sums must hold k·p values/);
  assert.throws(() => a.kmeansAssign(x, c, lab, new Float64Array(6), new Float64Array(3), new Float64Array(4), dims(10, 2, 3)), /sw is shorter than n/);
  assert.throws(() => a.kmeansAssign(x, c, lab, e, e, e, dims(10, 2, 0)), /k must be at least 1/);
  assert.throws(() => a.kmeansAssign(x, c, lab, e, e, e, new Float64Array([10, 2.5, 3])), /non-negative integers/);
  assert.throws(() => a.kmeansAssign(x, c, new Float64Array(10), e, e, e, dims(10, 2, 3)), /labels must be an Int32Array/);
  assert.throws(() => a.kmeansAssign(Float32Array.from(x), c, lab, e, e, e, dims(10, 2, 3)), /must be Float64Arrays/);
  assert.throws(() => a.kmeansAssign(x, c, lab), /expected \(x, centers, labels, sums, wIn, sw, dims\)/);
  assert.throws(() => a.kmeansDistances(x, c, new Float64Array(29), e, dims(10, 2, 3)), /out is shorter than n·k/);
  assert.throws(() => a.kmeansDistances(x, c, new Float64Array(30), new Float64Array(9), dims(10, 2, 3)), /xNorm is shorter than n/);
  assert.throws(() => a.kmeansPotentials(x, c, new Float64Array(9), new Float64Array(10), e, new Float64Array(3), dims(10, 2, 3)), /closest and xNorm must hold n values/);
  assert.throws(() => a.kmeansPotentials(x, c, new Float64Array(10), new Float64Array(10), e, new Float64Array(2), dims(10, 2, 3)), /pots is shorter than t/);
  assert.throws(() => a.kmeansPotentials(x, c, new Float64Array(10), new Float64Array(10), e, new Float64Array(3), dims(10, 2, 3), new Float64Array(29)), /dist is shorter than n·t/);
  // kmeansElkan(x, centers, half, next, shift, labels, upper, lower, sums, wIn, sw, dims, init)
  const half = new Float64Array(9), nxt = new Float64Array(3), up = new Float64Array(10), low = new Float64Array(30);
  const elkan = (...over: [number, unknown][]): void => {
    const args: unknown[] = [x, c, half, nxt, e, lab, up, low, e, e, e, dims(10, 2, 3), false];
    for (const [i, v] of over) args[i] = v;
    a.kmeansElkan(...args);
  };
  assert.throws(() => elkan([2, new Float64Array(8)]), /kmeansElkan: half must hold k·k values/);
  assert.throws(() => elkan([4, new Float64Array(2)]), /shift must hold k values/);
  assert.throws(() => elkan([7, new Float64Array(29)]), /lower must hold n·k values/);
  assert.throws(() => elkan([6, new Float64Array(9)]), /labels and upper must hold n values/);
  assert.throws(() => elkan([5, new Int32Array(10).fill(3)]), /labels must lie in \[0, k\)/);
  assert.throws(() => elkan([11, dims(11, 2, 3)]), /x is shorter than n·p/);
  assert.throws(() => elkan([12, 1]), /expected \(x, centers, half, next, shift/);
  assert.deepEqual(lab, new Int32Array(10));
});

test('KMeans gives the same clustering on the js and native backends (lloyd and elkan, weighted)', () => {
  if (!nativeAvailable().available) return;
  const n = 2000, p = 6;
  const x = rand(n * p, 5);
  for (let i = 0; i < n; i++) x[i * p + (i % p)] += 6 * ((i % 5) - 2); // five loose groups
  const X = new Tensor(x, [n, p], 'float64'), sw = rand(n, 9).map((v) => v + 2.5);
  const before = getBackend();
  try {
    for (const algorithm of ['lloyd', 'elkan'] as const) {
      const fit = (b: 'js' | 'native'): KMeans => { setBackend(b); return new KMeans({ nClusters: 7, nInit: 2, randomState: 4, algorithm }).fit(X, undefined, sw); };
      const js = fit('js'), nat = fit('native');
      assert.deepEqual(Array.from(nat.labels!.dataSync()), Array.from(js.labels!.dataSync()), algorithm);
      assert.equal(nat.nIter, js.nIter);
      assert.ok(Math.abs(nat.inertia - js.inertia) <= 1e-9 * js.inertia);
      const cj = js.clusterCenters!.dataSync(), cnat = nat.clusterCenters!.dataSync();
      for (let q = 0; q < cj.length; q++) assert.ok(Math.abs(cj[q] - cnat[q]) <= 1e-9, `${algorithm} centre ${q}`);
      const tj = js.transform(X).dataSync(), tn = nat.transform(X).dataSync();
      for (let q = 0; q < tj.length; q++) assert.ok(Math.abs(tj[q] - tn[q]) <= 1e-9);
    }
  } finally {
    setBackend(before);
  }
});

test('native centredGram, centredCopy and rowDots match plain loops; bounds checked', () => {
  const r = loadNative();
  const a = ('addon' in r ? r.addon : {}) as { centredGram?: Fn; rowDots?: Fn; centredCopy?: (...v: unknown[]) => number };
  if (!a.centredGram || !a.rowDots || !a.centredCopy) {
    assert.notEqual(getBackend(), 'native', 'the native backend is selected, so its addon must have centredGram, centredCopy and rowDots');
    return;
  }
  for (const [n, p] of [[1, 1], [5, 7], [1003, 30], [130, 64], [77, 9]]) {
    const x = rand(n * p, n * 31 + p).map((v, i) => v + (i % p) * 100); // large means: centring matters
    const mean = new Float64Array(p), gram = new Float64Array(p * p);
    a.centredGram(x, mean, gram, new Float64Array([n, p]));
    const em = new Float64Array(p);
    for (let i = 0; i < n; i++) for (let f = 0; f < p; f++) em[f] += x[i * p + f] / n;
    for (let f = 0; f < p; f++) assert.ok(Math.abs(mean[f] - em[f]) <= 1e-12 * (1 + Math.abs(em[f])), `mean n=${n} p=${p}`);
    for (let u = 0; u < p; u++) {
      for (let w = 0; w < p; w++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += (x[i * p + u] - em[u]) * (x[i * p + w] - em[w]);
        assert.ok(Math.abs(gram[u * p + w] - s) <= 1e-9 * (1 + Math.abs(s)), `gram n=${n} p=${p} [${u}, ${w}]`);
      }
    }
    const cx = new Float64Array(n * p), cm = new Float64Array(p), cnorm = new Float64Array(n);
    const total = a.centredCopy(x, cx, cm, cnorm, new Float64Array([n, p]));
    let eTotal = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let f = 0; f < p; f++) { const e = x[i * p + f] - em[f]; s += e * e; assert.ok(Math.abs(cx[i * p + f] - e) <= 1e-11 * (1 + Math.abs(e)), 'centred value'); }
      assert.ok(Math.abs(cnorm[i] - s) <= 1e-10 * (1 + s), 'centred norm');
      eTotal += s;
    }
    assert.deepEqual(cm, mean);
    assert.ok(Math.abs(total - eTotal) <= 1e-10 * (1 + eTotal), 'sum of squares');
    const k = Math.min(p, 10), rows = rand(k * p, 3), out = new Float64Array(n * k);
    a.rowDots(x, rows, out, new Float64Array([n, p, k]));
    for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) { const e = dot(x, i, rows, j, p); assert.ok(Math.abs(out[i * k + j] - e) <= 1e-11 * (1 + Math.abs(e))); }
  }
  const x = rand(20, 1);
  assert.throws(() => a.centredGram!(x, new Float64Array(2), new Float64Array(4), new Float64Array([11, 2])), /centredGram: x is shorter than n·p/);
  assert.throws(() => a.centredGram!(x, new Float64Array(2), new Float64Array(3), new Float64Array([10, 2])), /gram p·p values/);
  assert.throws(() => a.centredGram!(x, new Float64Array(65), new Float64Array(65 * 65), new Float64Array([0, 65])), /n ≥ 1 and 1 ≤ p ≤ 64/);
  assert.throws(() => a.rowDots!(x, rand(4, 2), new Float64Array(19), new Float64Array([10, 2, 2])), /rowDots: out is shorter than n·k/);
  assert.throws(() => a.centredCopy!(x, new Float64Array(19), new Float64Array(2), new Float64Array(0), new Float64Array([10, 2])), /centredCopy: x and out must hold n·p values/);
  assert.throws(() => a.centredCopy!(x, new Float64Array(20), new Float64Array(2), new Float64Array(9), new Float64Array([10, 2])), /norms must hold n values/);
});
