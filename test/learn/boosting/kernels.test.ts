// The native boosting kernels (src/backend/native/cpp/gbm.cc) against the js ones
// (src/learn/boosting/kernels.ts): the same bits on random inputs — histograms over subsampled,
// scattered and unsorted rows and feature subsets, with missing codes and maxBins < 256;
// partitions with either default direction; codes of NaN/±Inf/−0/cut values; column sorts —
// and whole fits that give the same trees. Bad arguments throw a RangeError.
import test from 'node:test';
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { jsKernels, nativeBoostingKernels, boostingKernels, type BoostingKernels } from '../../../src/learn/boosting/kernels.js';
import { BinMapper } from '../../../src/learn/boosting/binning.js';
import { histogramSize, rowStride } from '../../../src/learn/boosting/histogram.js';
import { GradientBoostingClassifier, GradientBoostingRegressor } from '../../../src/learn/boosting/index.js';
import { getBackend, setBackend } from '../../../src/backend/index.js';
import { loadNative } from '../../../src/backend/native/load.js';
import { Tensor } from '../../../src/tensor/tensor.js';

const native = nativeBoostingKernels();
const loaded = loadNative();
const whyNot = 'error' in loaded ? loaded.error : 'the addon has no gbm kernels (stale build?)';

/** Runs fn with the native kernels; skips (visibly) only when the addon did not build or load. */
function ntest(name: string, fn: (nk: BoostingKernels) => void): void {
  test(`boosting kernels: ${name}`, (t: TestContext) => {
    if (!native) {
      if (process.env.NABLA_BACKEND === 'native') assert.fail(`NABLA_BACKEND=native but the native boosting kernels did not load: ${whyNot}`);
      t.skip(`native addon not available: ${whyNot}`);
      return;
    }
    fn(native);
  });
}

let seed = 20240601;
function rand(): number {
  // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const randInt = (n: number): number => Math.floor(rand() * n);

/** Row-major codes [n × stride] with codes < maxBins (missing code maxBins − 1 about 10 % of the time). */
function randomCodes(n: number, p: number, stride: number, maxBins: number): Uint8Array {
  const codes = new Uint8Array(n * stride);
  for (let i = 0; i < n; i++) for (let f = 0; f < p; f++) codes[i * stride + f] = rand() < 0.1 ? maxBins - 1 : randInt(Math.min(maxBins - 1, f % 3 === 0 ? 4 : maxBins - 1));
  return codes;
}

function randomGh(n: number): Float64Array {
  const gh = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) { gh[2 * i] = rand() * 2 - 1; gh[2 * i + 1] = rand() * 0.25 + 1e-3; }
  return gh;
}

/** A random subset of [0, n) (ascending, or shuffled when `shuffle`). */
function randomRows(n: number, fraction: number, shuffle = false): Int32Array {
  const keep: number[] = [];
  for (let i = 0; i < n; i++) if (rand() < fraction) keep.push(i);
  if (shuffle) for (let i = keep.length - 1; i > 0; i--) { const j = randInt(i + 1); [keep[i], keep[j]] = [keep[j], keep[i]]; }
  return Int32Array.from(keep);
}

function sameBins(a: Float64Array, b: Float64Array, maxBins: number, features: Int32Array, what: string): void {
  const w = 2 * maxBins;
  for (const f of features) {
    for (let i = f * w; i < f * w + w; i++) {
      if (!Object.is(a[i], b[i])) assert.fail(`${what}: feature ${f}, slot ${i - f * w}: native ${a[i]} vs js ${b[i]}`);
    }
  }
}

ntest('histograms equal the js ones bit for bit (row subsets, feature subsets, maxBins < 256, large nodes on the thread pool)', (nk) => {
  const cases = [
    { n: 1000, p: 7, maxBins: 256 }, { n: 1000, p: 8, maxBins: 256 }, { n: 513, p: 5, maxBins: 17 },
    { n: 40000, p: 30, maxBins: 256 }, { n: 20000, p: 13, maxBins: 64 }, { n: 3, p: 1, maxBins: 3 },
  ];
  for (const { n, p, maxBins } of cases) {
    const stride = rowStride(p);
    const codes = randomCodes(n, p, stride, maxBins);
    const gh = randomGh(n);
    const all = Int32Array.from({ length: p }, (_, f) => f);
    const subsets = [all, Int32Array.from(all.filter((f) => f % 2 === 1)), Int32Array.from([p - 1]), new Int32Array(0)];
    for (const rows of [randomRows(n, 1), randomRows(n, 0.3), randomRows(n, 0.5, true)]) {
      for (const features of subsets) {
        const start = Math.floor(rows.length / 5), end = rows.length - Math.floor(rows.length / 7);
        const hj = new Float64Array(histogramSize(p, maxBins)).fill(7), hn = new Float64Array(histogramSize(p, maxBins)).fill(7);
        jsKernels.histogram(hj, codes, p, stride, maxBins, rows, start, end, gh, features);
        nk.histogram(hn, codes, p, stride, maxBins, rows, start, end, gh, features);
        sameBins(hn, hj, maxBins, features, `n=${n} p=${p} maxBins=${maxBins} rows=${rows.length} features=${features.length}`);
        // Subtraction too.
        const pj = Float64Array.from(hj, (v) => v * 3), pn = Float64Array.from(hj, (v) => v * 3);
        jsKernels.subtract(pj, hj, maxBins, features);
        nk.subtract(pn, hn, maxBins, features);
        sameBins(pn, pj, maxBins, features, 'subtract');
      }
    }
  }
});

ntest('histogram of an empty range is all zeros', (nk) => {
  const p = 3, stride = rowStride(p), maxBins = 8;
  const h = new Float64Array(histogramSize(p, maxBins)).fill(1);
  nk.histogram(h, new Uint8Array(4 * stride), p, stride, maxBins, Int32Array.from([0, 1, 2, 3]), 2, 2, new Float64Array(8), Int32Array.from([0, 1, 2]));
  assert.ok(h.subarray(0, p * 2 * maxBins).every((v) => v === 0));
});

ntest('best splits equal findBestSplit (missing values, L1/L2, minChildWeight, feature subsets, no valid split)', (nk) => {
  const n = 4000, p = 6, stride = rowStride(p);
  const x = new Float64Array(n * p);
  for (let i = 0; i < x.length; i++) x[i] = i % p === 1 && rand() < 0.2 ? NaN : i % p === 2 ? randInt(3) : rand();
  for (const maxBins of [256, 20]) {
    const mapper = BinMapper.fit(x, n, p, maxBins);
    const { binsRow } = jsKernels.encode(mapper, x, n, p, stride);
    const gh = randomGh(n);
    for (let trial = 0; trial < 12; trial++) {
      const rows = randomRows(n, trial === 0 ? 0.002 : rand());
      const hist = new Float64Array(histogramSize(p, maxBins));
      const all = Int32Array.from({ length: p }, (_, f) => f);
      jsKernels.histogram(hist, binsRow, p, stride, maxBins, rows, 0, rows.length, gh, all);
      let G = 0, H = 0;
      for (const r of rows) { G += gh[2 * r]; H += gh[2 * r + 1]; }
      const params = { regLambda: [0, 1, 3][trial % 3], regAlpha: trial % 4 === 1 ? 0.05 : 0, minChildWeight: [0, 1, 5, 1e9][trial % 4] };
      for (const features of [all, Int32Array.from([1, 4]), Int32Array.from([5, 0, 3])]) {
        const a = jsKernels.bestSplit(hist, mapper, maxBins, features, G, H, params);
        const b = nk.bestSplit(hist, mapper, maxBins, features, G, H, params);
        assert.deepEqual(b, a, `maxBins ${maxBins} trial ${trial}`);
      }
    }
  }
  const mapper = BinMapper.fit(x, n, p, 256);
  const hist = new Float64Array(histogramSize(p, 256));
  assert.throws(() => nk.bestSplit(hist.subarray(0, 100), mapper, 256, Int32Array.from([5]), 1, 1, { regLambda: 1, regAlpha: 0, minChildWeight: 1 }), RangeError);
  assert.throws(() => nk.bestSplit(hist, mapper, 256, Int32Array.from([6]), 1, 1, { regLambda: 1, regAlpha: 0, minChildWeight: 1 }), RangeError);
});

ntest('partitions equal the js ones (both default directions, missing codes, every split bin)', (nk) => {
  for (const n of [1, 17, 1000, 30000]) {
    const p = 4, maxBins = 256, missing = maxBins - 1;
    const bins = new Uint8Array(n * p);
    for (let i = 0; i < bins.length; i++) bins[i] = rand() < 0.15 ? missing : randInt(i % 2 ? 5 : 200);
    for (const rows0 of [randomRows(n, 1), randomRows(n, 0.4), randomRows(n, 0.6, true)]) {
      for (const defaultLeft of [false, true]) {
        const feature = randInt(p), bin = randInt(6) === 0 ? 0 : randInt(210);
        const start = Math.floor(rows0.length / 4), end = rows0.length - Math.floor(rows0.length / 9);
        const rj = Int32Array.from(rows0), rn = Int32Array.from(rows0);
        const sj = new Int32Array(rows0.length), sn = new Int32Array(rows0.length);
        const mj = jsKernels.partition(rj, sj, start, end, bins, n, feature, bin, missing, defaultLeft);
        const mn = nk.partition(rn, sn, start, end, bins, n, feature, bin, missing, defaultLeft);
        assert.equal(mn, mj);
        assert.deepEqual(rn, rj);
        // Sanity of the js reference itself: the left side is exactly the rows that go left.
        for (let k = start; k < end; k++) {
          const code = bins[feature * n + rj[k]];
          const left = code === missing ? defaultLeft : code <= bin;
          assert.equal(left, k < mj, `row ${rj[k]} (code ${code}) on the wrong side`);
        }
      }
    }
  }
});

ntest('codes equal the js ones (NaN, ±Infinity, −0, values on the cuts), row- and column-major', (nk) => {
  const n = 3000, p = 6;
  const x = new Float64Array(n * p);
  for (let i = 0; i < x.length; i++) {
    const f = i % p;
    x[i] = f === 0 ? randInt(4) : f === 1 ? (rand() < 0.2 ? NaN : rand() * 10 - 5) : f === 2 ? [Infinity, -Infinity, -0, 0, 1][randInt(5)] : rand() * 100;
  }
  for (const maxBins of [256, 32, 3]) {
    const mapper = BinMapper.fit(x, n, p, maxBins);
    // Values exactly on a cut.
    const xc = Float64Array.from(x);
    for (let f = 3; f < p; f++) for (let i = 0; i < mapper.cuts[f].length && i < n; i++) xc[i * p + f] = mapper.cuts[f][i];
    const stride = rowStride(p);
    const a = jsKernels.encode(mapper, xc, n, p, stride), b = nk.encode(mapper, xc, n, p, stride);
    assert.deepEqual(b.binsRow, a.binsRow);
    assert.deepEqual(b.bins, a.bins);
    assert.deepEqual(a.binsRow, mapper.transform(xc, n, p, stride));
  }
});

ntest('column sorts equal the js radix sort (negatives, −0 before +0, duplicates, float32 data, empty columns)', (nk) => {
  const n = 5000;
  const counts = Int32Array.from([n, n - 17, 0, 1, n, 2]);
  const cols = new Float64Array(n * counts.length);
  for (let f = 0; f < counts.length; f++) {
    for (let i = 0; i < counts[f]; i++) {
      cols[f * n + i] = f === 0 ? rand() * 2e6 - 1e6 : f === 1 ? [-0, 0, -1, 1, 2.5][randInt(5)] : f === 4 ? Math.fround(rand() - 0.5) : rand() * 1e-300 - 5e-301;
    }
  }
  const cj = Float64Array.from(cols), cn = Float64Array.from(cols);
  jsKernels.sortColumns(cj, n, counts);
  nk.sortColumns(cn, n, counts);
  for (let i = 0; i < cols.length; i++) if (!Object.is(cn[i], cj[i])) assert.fail(`slot ${i}: native ${cn[i]} vs js ${cj[i]}`);
  for (let i = 1; i < counts[0]; i++) assert.ok(cj[i - 1] <= cj[i]);
});

ntest('bad arguments throw a RangeError before touching memory', (nk) => {
  const p = 3, stride = 4, maxBins = 16, n = 10;
  const codes = new Uint8Array(n * stride), gh = new Float64Array(2 * n), rows = Int32Array.from({ length: n }, (_, i) => i);
  const feats = Int32Array.from([0, 1, 2]), hist = new Float64Array(histogramSize(p, maxBins));
  const hcall = (o: Partial<{ hist: Float64Array; codes: Uint8Array; rows: Int32Array; start: number; end: number; gh: Float64Array; feats: Int32Array; maxBins: number; stride: number }>) => () =>
    nk.histogram(o.hist ?? hist, o.codes ?? codes, p, o.stride ?? stride, o.maxBins ?? maxBins, o.rows ?? rows, o.start ?? 0, o.end ?? n, o.gh ?? gh, o.feats ?? feats);
  assert.doesNotThrow(hcall({}));
  assert.throws(hcall({ rows: Int32Array.from([0, 1, 10]), end: 3 }), /RangeError|row 10/);
  assert.throws(hcall({ rows: Int32Array.from([0, -1]), end: 2 }), RangeError);
  assert.throws(hcall({ end: n + 1 }), RangeError);
  assert.throws(hcall({ start: 5, end: 4 }), RangeError);
  assert.throws(hcall({ feats: Int32Array.from([3]) }), RangeError);
  assert.throws(hcall({ feats: Int32Array.from([1, 2, 1]) }), /twice/);
  assert.throws(hcall({ hist: new Float64Array(2 * maxBins * 2) }), RangeError);
  assert.throws(hcall({ gh: new Float64Array(2 * n - 1) }), RangeError);
  assert.throws(hcall({ stride: 2 }), RangeError);
  assert.throws(hcall({ maxBins: 300 }), RangeError);
  const bad = Uint8Array.from(codes); bad[5 * stride + 1] = maxBins;
  assert.throws(hcall({ codes: bad }), /maxBins/);
  assert.throws(() => nk.subtract(hist, new Float64Array(10), maxBins, feats), RangeError);
  const bins = new Uint8Array(n * p), scratch = new Int32Array(n);
  assert.throws(() => nk.partition(rows, new Int32Array(n - 1), 0, n, bins, n, 0, 3, 15, false), RangeError);
  assert.throws(() => nk.partition(rows, scratch, 0, n, bins, n, 3, 3, 15, false), RangeError);
  assert.throws(() => nk.partition(rows, scratch, 0, n, bins, n + 1, 2, 3, 15, false), RangeError);
  assert.throws(() => nk.partition(Int32Array.from([0, 99]), scratch, 0, 2, bins, n, 0, 3, 15, false), RangeError);
  assert.throws(() => nk.partition(rows, scratch, 3, n + 1, bins, n, 0, 3, 15, false), RangeError);
  const mapper = BinMapper.fit(new Float64Array(n * p).map(() => rand()), n, p, 256);
  assert.throws(() => nk.encode(mapper, new Float64Array(n * p - 1), n, p, stride), RangeError);
  assert.throws(() => nk.sortColumns(new Float64Array(10), 5, Int32Array.from([5, 6])), RangeError);
  assert.throws(() => nk.sortColumns(new Float64Array(10), 5, Int32Array.from([5, 5, 5])), RangeError);
});

/** Fits under the js backend and the native one; the models must be identical. */
function fitBoth<T extends { toJSON(): unknown }>(make: () => { fit(x: Tensor, y: Tensor): T }, x: Tensor, y: Tensor): [unknown, unknown] {
  const before = getBackend();
  try {
    setBackend('js');
    assert.equal(boostingKernels().name, 'js');
    const a = make().fit(x, y).toJSON();
    setBackend('native');
    assert.equal(boostingKernels().name, 'native');
    const b = make().fit(x, y).toJSON();
    return [a, b];
  } finally {
    setBackend(before);
  }
}

ntest('whole fits give the same trees on both backends (missing values, subsample, colsample, lossguide)', () => {
  const n = 3000, p = 9;
  const xs = new Float64Array(n * p), yc = new Float64Array(n), yr = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let f = 0; f < p; f++) {
      const v = f === 4 ? randInt(3) : rand() * 4 - 2;
      xs[i * p + f] = f === 2 && rand() < 0.2 ? NaN : v;
      if (f < 5) s += (f % 2 ? 1 : -0.7) * (Number.isNaN(xs[i * p + f]) ? 1 : v);
    }
    yc[i] = s + rand() > 0.3 ? 1 : 0;
    yr[i] = s + rand() * 0.5;
  }
  const x = new Tensor(xs, [n, p], 'float64');
  const opts = { nEstimators: 15, maxDepth: 5, subsample: 0.8, colsampleBytree: 0.8, colsampleBynode: 0.7, regAlpha: 0.1, minChildWeight: 2, randomState: 3 };
  const [a, b] = fitBoth(() => new GradientBoostingClassifier(opts), x, new Tensor(yc, [n], 'float64'));
  assert.deepEqual(b, a);
  const [c, d] = fitBoth(() => new GradientBoostingRegressor({ ...opts, growPolicy: 'lossguide', maxLeaves: 12, maxDepth: 0, maxBins: 40 }), x, new Tensor(yr, [n], 'float64'));
  assert.deepEqual(d, c);
});
