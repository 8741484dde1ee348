// NativeBackend against JsBackend (the reference), kernel by kernel, on random inputs: every
// GEMM transpose/batch/broadcast variant at awkward sizes, strided views, every unary and binary
// op, reductions over several dim sets, softmax, im2col/col2im, pooling, zero-size inputs, and
// out-of-bounds views (rejected with a ValueError before any native code runs).
import test from 'node:test';
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import type { TypedArray } from '../../src/tensor/dtype.js';
import { ValueError } from '../../src/tensor/errors.js';
import type { Backend, BinaryOp, ReduceOp, UnaryOp, View, Window2d } from '../../src/backend/types.js';
import { JsBackend } from '../../src/backend/js/backend.js';
import { NativeBackend, nativeInfo } from '../../src/backend/native/backend.js';
import { loadNative } from '../../src/backend/native/load.js';
import { BINARY_OPS, UNARY_OPS } from '../../src/backend/native/ops.js';

const loaded = loadNative();
const native: NativeBackend | null = 'addon' in loaded ? new NativeBackend(loaded.addon) : null;
const js = new JsBackend();
const whyNot = 'error' in loaded ? loaded.error : '';

/** Runs fn with the native backend; skips (visibly) only when the addon did not build or load. */
function ntest(name: string, fn: (nb: Backend) => void): void {
  test(`native: ${name}`, (t: TestContext) => {
    if (!native) {
      if (process.env.NABLA_BACKEND === 'native') assert.fail(`NABLA_BACKEND=native but the addon did not load: ${whyNot}`);
      t.diagnostic(`native addon not available: ${whyNot}`);
      t.skip(`native addon not available: ${whyNot}`);
      return;
    }
    fn(native);
  });
}

if (!native) console.log(`# native backend tests skipped: ${whyNot}`);

// ---- helpers --------------------------------------------------------------------------------

let seed = 12345;
function rand(): number {
  // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
function randn(): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}
type FloatCtor = Float32ArrayConstructor | Float64ArrayConstructor;
const FLOATS: readonly [string, FloatCtor][] = [['float32', Float32Array], ['float64', Float64Array]];

function fill<T extends TypedArray>(a: T, f: () => number = randn): T {
  for (let i = 0; i < a.length; i++) a[i] = f();
  return a;
}
function contiguousStrides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) { s[d] = acc; acc *= shape[d]; }
  return s;
}
function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
function view(data: TypedArray, shape: readonly number[], strides?: readonly number[], offset = 0): View {
  return { data, shape, strides: strides ?? contiguousStrides(shape), offset };
}
/** A view of `shape` whose dims are laid out in storage in `perm` order (a permuted, non-contiguous view). */
function permuted(ctor: FloatCtor, shape: readonly number[], perm: readonly number[], pad = 0): View {
  const stShape = perm.map((p) => shape[p]);
  const stStrides = contiguousStrides(stShape);
  const strides = new Array<number>(shape.length);
  perm.forEach((p, i) => { strides[p] = stStrides[i]; });
  const data = fill(new ctor(numel(shape) + pad));
  return view(data, shape, strides, pad);
}
/** Every other element along the last dim (a strided view) from a larger buffer. */
function stepped(ctor: FloatCtor, shape: readonly number[]): View {
  const big = [...shape.slice(0, -1), shape[shape.length - 1] * 2];
  const data = fill(new ctor(numel(big) + 1));
  const s = contiguousStrides(big);
  s[s.length - 1] = 2;
  return view(data, shape, s, 1);
}

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  let bad = 0;
  let first = '';
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i], e = expected[i];
    if (Number.isNaN(e) ? Number.isNaN(a) : a === e || Math.abs(a - e) <= atol + rtol * Math.abs(e)) continue;
    if (bad++ === 0) first = `[${i}] ${a} vs ${e}`;
  }
  assert.equal(bad, 0, `${what}: ${bad} of ${expected.length} differ, first ${first}`);
}

function tol(ctor: FloatCtor): [number, number] {
  return ctor === Float32Array ? [1e-5, 1e-6] : [1e-12, 1e-12];
}

// ---- info -----------------------------------------------------------------------------------

ntest('nativeInfo reports a SIMD level and threads', () => {
  const info = nativeInfo();
  assert.ok(info);
  assert.ok(['avx512', 'avx2', 'scalar'].includes(info.simd));
  assert.ok(Number.isInteger(info.threads) && info.threads >= 1);
});

// ---- matmul ---------------------------------------------------------------------------------

function gemmCase(nb: Backend, ctor: FloatCtor, B: number, M: number, K: number, N: number, ta: boolean, tb: boolean, bcast: 'none' | 'a' | 'b', flip = false): void {
  const mk = (rows: number, cols: number, trans: boolean, batch: number): View => {
    const data = fill(new ctor(batch * rows * cols + 3));
    const bs = bcast !== 'none' && batch === 1 ? 0 : rows * cols;
    const strides = trans ? [bs, 1, rows] : [bs, cols, 1];
    return view(data, [B, rows, cols], strides, 3);
  };
  let a = mk(M, K, ta, bcast === 'a' ? 1 : B);
  const b = mk(K, N, tb, bcast === 'b' ? 1 : B);
  if (flip && M > 0 && K > 0) {
    // a reversed along M: negative row stride, offset at the last row
    a = { ...a, strides: [a.strides[0], -a.strides[1], a.strides[2]], offset: a.offset + (M - 1) * a.strides[1] };
  }
  const o1 = new ctor(B * M * N).fill(NaN);
  const o2 = new ctor(B * M * N).fill(NaN);
  nb.matmul(a, b, o1);
  js.matmul(a, b, o2);
  const [r, at] = ctor === Float32Array ? [2e-5, 2e-5 * Math.sqrt(Math.max(K, 1)) * 4] : [1e-12, 1e-12 * Math.max(K, 1)];
  close(o1, o2, r, at, `matmul ${ctor.name} B${B} ${M}x${K}x${N} ta=${ta} tb=${tb} bcast=${bcast} flip=${flip}`);
}

ntest('matmul: transpose variants, awkward sizes, batch and broadcast', (nb) => {
  const sizes: [number, number, number, number][] = [
    [1, 1, 1, 1], [1, 7, 13, 31], [2, 13, 7, 1], [1, 65, 257, 13], [3, 31, 65, 33],
    [1, 15, 300, 47], [2, 257, 31, 65], [1, 1, 513, 1], [1, 29, 17, 97],
    [2, 5, 300, 200], [1, 8, 70, 130], [3, 2, 1, 65], [1, 3, 40, 2100], // few-row path
  ];
  for (const [, ctor] of FLOATS) {
    for (const [B, M, K, N] of sizes) {
      for (const ta of [false, true]) {
        for (const tb of [false, true]) gemmCase(nb, ctor, B, M, K, N, ta, tb, 'none');
      }
      if (B > 1) { gemmCase(nb, ctor, B, M, K, N, false, true, 'a'); gemmCase(nb, ctor, B, M, K, N, true, false, 'b'); }
      gemmCase(nb, ctor, B, M, K, N, false, false, 'none', true);
    }
  }
});

ntest('matmul: sizes that split across threads and cache blocks', (nb) => {
  gemmCase(nb, Float32Array, 1, 700, 300, 530, false, false, 'none');
  gemmCase(nb, Float32Array, 1, 130, 600, 4200, true, true, 'none');
  gemmCase(nb, Float64Array, 1, 333, 290, 301, false, true, 'none');
  gemmCase(nb, Float32Array, 40, 33, 20, 17, false, false, 'b');
  gemmCase(nb, Float32Array, 6, 128, 64, 128, false, false, 'none');
});

ntest('matmul: matrix-vector products with strided and transposed operands', (nb) => {
  for (const [, ctor] of FLOATS) {
    const big = fill(new ctor(40000));
    const cases: [View, View][] = [
      [view(big, [1, 1, 300], [0, 7, 3], 5), view(big, [1, 300, 70], [0, 70, 1], 100)],     // strided vector, row-major B
      [view(big, [1, 1, 300], [0, 7, 1], 5), view(big, [1, 300, 70], [0, 1, 300], 100)],    // B transposed: dots
      [view(big, [1, 90, 200], [0, 200, 1]), view(big, [1, 200, 1], [0, 2, 1], 3)],          // N = 1, strided vector
      [view(big, [1, 90, 200], [0, 1, 90]), view(big, [1, 200, 1], [0, 1, 1], 3)],           // A transposed: axpy
      [view(big, [4, 1, 100], [100, 100, 1]), view(big, [4, 100, 33], [0, 33, 1], 7)],      // batched, broadcast B
      [view(big, [1, 1, 5000], [0, 5000, 1]), view(big, [1, 5000, 7], [0, 1, 5000])],       // long dots
      [view(big, [1, 3000, 9], [0, 9, 1]), view(big, [1, 9, 1], [0, 1, 1], 11)],            // long output, threaded
    ];
    for (const [a, b] of cases) {
      const n = a.shape[0] * a.shape[1] * b.shape[2];
      const o1 = new ctor(n), o2 = new ctor(n);
      nb.matmul(a, b, o1);
      js.matmul(a, b, o2);
      const K = a.shape[2];
      close(o1, o2, ctor === Float32Array ? 2e-5 : 1e-12, ctor === Float32Array ? 1e-4 * Math.sqrt(K) : 1e-11, `gemv ${JSON.stringify(a.shape)}x${JSON.stringify(b.shape)} strides ${JSON.stringify(a.strides)} ${JSON.stringify(b.strides)}`);
    }
  }
});

ntest('matmul: zero sizes and K = 0', (nb) => {
  for (const [, ctor] of FLOATS) {
    gemmCase(nb, ctor, 1, 5, 0, 3, false, false, 'none');
    gemmCase(nb, ctor, 0, 5, 4, 3, false, false, 'none');
    gemmCase(nb, ctor, 2, 0, 4, 3, false, false, 'none');
    gemmCase(nb, ctor, 2, 4, 4, 0, false, false, 'none');
  }
});

// ---- copy -----------------------------------------------------------------------------------

ntest('copy: strided views into every dtype', (nb) => {
  const special = [0, -0, 1.5, -2.7, 3e9, -3e9, 2 ** 31, -(2 ** 31) - 1, NaN, Infinity, -Infinity, 255, 256, -1];
  const srcs: TypedArray[] = [
    fill(new Float32Array(60), () => special[Math.floor(rand() * special.length)] * (rand() < 0.5 ? 1 : randn())),
    fill(new Float64Array(60), () => special[Math.floor(rand() * special.length)]),
    fill(new Int32Array(60), () => Math.floor(randn() * 1000)),
    fill(new Uint8Array(60), () => (rand() < 0.5 ? 0 : 1)),
  ];
  const outs = [Float32Array, Float64Array, Int32Array, Uint8Array] as const;
  for (const src of srcs) {
    for (const O of outs) {
      for (const v of [view(src, [60]), view(src, [3, 4, 5], [1, 15, 3]), view(src, [5, 3], [-6, 2], 54), view(src, [4, 3], [0, 5], 1)]) {
        const o1 = new O(numel(v.shape));
        const o2 = new O(numel(v.shape));
        nb.copy(v, o1);
        js.copy(v, o2);
        assert.deepEqual(Array.from(o1), Array.from(o2), `copy ${src.constructor.name} -> ${O.name} ${JSON.stringify(v.shape)}`);
      }
    }
  }
});

ntest('copy: transposing copies (tiled paths) at awkward sizes, batched, with conversion', (nb) => {
  const outs = [Float32Array, Float64Array, Int32Array, Uint8Array] as const;
  for (const shape of [[8, 8], [17, 33], [40, 9], [100, 130], [3, 37, 29], [2, 16, 48]]) {
    // Storage holds the reversed dims, so the view's last dim has the largest stride.
    const rev = [...shape].reverse();
    const sStrides = contiguousStrides(rev).reverse();
    for (const src of [fill(new Float32Array(numel(shape))), fill(new Float64Array(numel(shape))), fill(new Int32Array(numel(shape)), () => Math.floor(randn() * 50))]) {
      const views = [view(src, shape, sStrides)];
      if (shape.length === 3) views.push(view(src, shape, [shape[1] * shape[2], 1, shape[1]])); // batched transpose
      for (const v of views) for (const O of outs) {
        const o1 = new O(numel(shape)), o2 = new O(numel(shape));
        nb.copy(v, o1);
        js.copy(v, o2);
        assert.deepEqual(o1, o2, `transposed copy ${src.constructor.name} -> ${O.name} ${JSON.stringify(shape)}`);
      }
    }
  }
});

// ---- unary ----------------------------------------------------------------------------------

const UNARY_PARAMS: Partial<Record<UnaryOp, [number, number][]>> = {
  softplus: [[1, 20], [2, 3]],
  leakyRelu: [[0.01, 0]],
  elu: [[1, 0], [0.5, 0]],
  clamp: [[-0.5, 0.7], [-Infinity, 0.2], [0.1, Infinity]],
  powScalar: [[2, 0], [0.5, 0], [3, 0], [-1.5, 0], [2.5, 0]],
  rpowScalar: [[2.3, 0], [0.5, 0]],
  addScalar: [[1.5, 0]],
  mulScalar: [[-2, 0]],
};
const SPECIAL = [0, -0, NaN, Infinity, -Infinity, 1e-30, -1e-30, 100, -100, 88.5, -88.5, 0.5, -0.5, 2.5, -2.5, 1, -1, 1e30, -1e30, 0.625, -0.9277];

function unaryInput(ctor: FloatCtor, n: number): Float32Array | Float64Array {
  const a = new ctor(n);
  for (let i = 0; i < n; i++) {
    const r = rand();
    a[i] = i < SPECIAL.length ? SPECIAL[i] : r < 0.7 ? randn() * 3 : r < 0.85 ? randn() * 30 : Math.exp(randn() * 5);
  }
  return a;
}

ntest('unary: every op, float32 and float64, contiguous and strided', (nb) => {
  for (const [name, ctor] of FLOATS) {
    const [rt, at] = tol(ctor);
    for (const op of UNARY_OPS) {
      const pred = op === 'isnan' || op === 'isinf' || op === 'isfinite' || op === 'logicalNot';
      for (const [p0, p1] of UNARY_PARAMS[op] ?? [[0, 0]]) {
        const data = unaryInput(ctor, 4001);
        const views = [view(data, [4001]), view(data, [40, 25], [1, 40], 1), view(data, [3, 7], [0, 2], 5)];
        for (const v of views) {
          const n = numel(v.shape);
          const o1 = pred ? new Uint8Array(n) : new ctor(n);
          const o2 = pred ? new Uint8Array(n) : new ctor(n);
          nb.unary(op, v, o1, p0, p1);
          js.unary(op, v, o2, p0, p1);
          close(o1, o2, rt, at, `${op}(${p0}, ${p1}) ${name} shape ${JSON.stringify(v.shape)}`);
        }
      }
    }
  }
});

ntest('unary: large contiguous input (threaded path) and int32 fallback', (nb) => {
  const x = unaryInput(Float32Array, 300_001);
  for (const op of ['exp', 'log', 'tanh', 'sigmoid', 'erf', 'gelu', 'neg'] as const) {
    const o1 = new Float32Array(x.length), o2 = new Float32Array(x.length);
    nb.unary(op, view(x, [x.length]), o1);
    js.unary(op, view(x, [x.length]), o2);
    close(o1, o2, 1e-5, 1e-6, `${op} large`);
  }
  const xi = fill(new Int32Array(50), () => Math.floor(randn() * 100));
  const o1 = new Int32Array(50), o2 = new Int32Array(50);
  nb.unary('neg', view(xi, [50]), o1);
  js.unary('neg', view(xi, [50]), o2);
  assert.deepEqual(o1, o2);
});

// ---- binary ---------------------------------------------------------------------------------

function binaryInputs(ctor: FloatCtor, n: number, op: BinaryOp): Float32Array | Float64Array {
  const a = new ctor(n);
  for (let i = 0; i < n; i++) {
    const r = rand();
    // Rounded values make ties for comparisons; a few specials; positive bases for pow.
    let v = r < 0.3 ? Math.round(randn() * 4) / 2 : r < 0.35 ? SPECIAL[Math.floor(rand() * SPECIAL.length)] : randn() * 3;
    if (op === 'pow' && rand() < 0.7) v = Math.abs(v);
    a[i] = v;
  }
  return a;
}

ntest('binary: every op with same-shape, scalar-broadcast, general broadcast and strided operands', (nb) => {
  for (const [name, ctor] of FLOATS) {
    const [rt, at] = tol(ctor);
    for (const op of BINARY_OPS) {
      const pred = ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logicalAnd', 'logicalOr', 'logicalXor'].includes(op);
      const A = binaryInputs(ctor, 3000, op), B = binaryInputs(ctor, 3000, op);
      const cases: [View, View][] = [
        [view(A, [3000]), view(B, [3000])],
        [view(A, [3000]), view(B, [3000], [0], 7)],
        [view(A, [3000], [0], 11), view(B, [3000])],
        [view(A, [3, 4, 5], [5, 0, 1]), view(B, [3, 4, 5], [0, 5, 1])],
        [view(A, [20, 30], [1, 20], 2), view(B, [20, 30], [60, 2], 1)],
        [view(A, [6, 7, 8], [-56, 8, 1], 56 * 5), view(B, [6, 7, 8], [1, 6, 42])],
      ];
      for (const [a, b] of cases) {
        const n = numel(a.shape);
        const o1 = pred ? new Uint8Array(n) : new ctor(n);
        const o2 = pred ? new Uint8Array(n) : new ctor(n);
        nb.binary(op, a, b, o1);
        js.binary(op, a, b, o2);
        close(o1, o2, rt, at, `${op} ${name} shape ${JSON.stringify(a.shape)} strides ${JSON.stringify(a.strides)} / ${JSON.stringify(b.strides)}`);
      }
    }
  }
});

ntest('binary: large contiguous add/mul (threaded path)', (nb) => {
  const n = 500_003;
  const a = fill(new Float32Array(n)), b = fill(new Float32Array(n));
  for (const op of ['add', 'mul', 'div', 'maximum'] as const) {
    const o1 = new Float32Array(n), o2 = new Float32Array(n);
    nb.binary(op, view(a, [n]), view(b, [n]), o1);
    js.binary(op, view(a, [n]), view(b, [n]), o2);
    close(o1, o2, 0, 0, `${op} large`);
  }
});

ntest('where: broadcast condition and strided operands', (nb) => {
  for (const [, ctor] of FLOATS) {
    const c = fill(new Uint8Array(20), () => (rand() < 0.5 ? 1 : 0));
    const a = fill(new ctor(60)), b = fill(new ctor(60));
    const cv = view(c, [3, 4, 5], [0, 5, 1]);
    const av = view(a, [3, 4, 5], [1, 15, 3]);
    const bv = view(b, [3, 4, 5], [20, 5, 0]);
    const o1 = new ctor(60), o2 = new ctor(60);
    nb.where(cv, av, bv, o1);
    js.where(cv, av, bv, o2);
    close(o1, o2, 0, 0, 'where');
  }
});

// ---- reductions -----------------------------------------------------------------------------

const REDUCE_OPS: readonly ReduceOp[] = ['sum', 'prod', 'max', 'min', 'argmax', 'argmin', 'any', 'all'];

function reduceCase(nb: Backend, op: ReduceOp, x: View, dims: number[], ctor: FloatCtor): void {
  let outN = 1;
  x.shape.forEach((s, d) => { if (!dims.includes(d)) outN *= s; });
  const mk = (): TypedArray => (op === 'argmax' || op === 'argmin' ? new Int32Array(outN) : op === 'any' || op === 'all' ? new Uint8Array(outN) : new ctor(outN));
  const o1 = mk(), o2 = mk();
  nb.reduce(op, x, dims, o1);
  js.reduce(op, x, dims, o2);
  const [rt, at] = ctor === Float32Array ? [2e-5, 1e-5] : [1e-11, 1e-11];
  close(o1, o2, rt, at, `${op} ${ctor.name} shape ${JSON.stringify(x.shape)} strides ${JSON.stringify(x.strides)} dims ${JSON.stringify(dims)}`);
}

ntest('reduce: every op over several dim sets, contiguous and permuted', (nb) => {
  const dimSets = [[0], [1], [2], [0, 1], [0, 2], [1, 2], [0, 1, 2]];
  for (const [, ctor] of FLOATS) {
    const xs = [permuted(ctor, [4, 5, 6], [0, 1, 2]), permuted(ctor, [4, 5, 6], [2, 0, 1], 3), stepped(ctor, [3, 5, 7])];
    // ties and zeros for argmax/any/all
    for (const x of xs) for (let i = 0; i < x.data.length; i++) if (rand() < 0.3) x.data[i] = Math.round(x.data[i]);
    for (const op of REDUCE_OPS) {
      for (const x of xs) {
        for (const dims of dimSets) {
          if ((op === 'argmax' || op === 'argmin') && dims.length !== 1) continue;
          // prod over many values under- or overflows the same way on both backends; keep it small
          reduceCase(nb, op, x, dims, ctor);
        }
      }
    }
  }
});

ntest('reduce: large inputs (threaded paths), NaN propagation, empty reductions', (nb) => {
  for (const [, ctor] of FLOATS) {
    const big = permuted(ctor, [300, 517], [0, 1]);
    const bigT = permuted(ctor, [300, 517], [1, 0]);
    for (const op of ['sum', 'max', 'min', 'any', 'all'] as const) {
      for (const dims of [[0], [1], [0, 1]]) { reduceCase(nb, op, big, dims, ctor); reduceCase(nb, op, bigT, dims, ctor); }
    }
    reduceCase(nb, 'argmax', big, [1], ctor);
    reduceCase(nb, 'argmin', bigT, [0], ctor);
    const withNaN = permuted(ctor, [7, 9], [0, 1]);
    withNaN.data[10] = NaN; withNaN.data[40] = NaN;
    for (const op of REDUCE_OPS) for (const dims of [[0], [1]]) reduceCase(nb, op, withNaN, dims, ctor);
    const empty = view(new ctor(0), [3, 0, 4]);
    for (const op of ['sum', 'prod', 'max', 'min', 'any', 'all'] as const) reduceCase(nb, op, empty, [1], ctor);
    reduceCase(nb, 'sum', empty, [0], ctor);
  }
});

// ---- scan, softmax, logsumexp ---------------------------------------------------------------

ntest('scan: cumsum and cumprod along the middle axis', (nb) => {
  for (const [, ctor] of FLOATS) {
    for (const [outer, n, inner] of [[1, 10, 1], [3, 7, 5], [2, 1, 9], [0, 3, 2]]) {
      const x = fill(new ctor(outer * n * inner), () => 0.5 + rand());
      for (const op of ['sum', 'prod'] as const) {
        const o1 = new ctor(x.length), o2 = new ctor(x.length);
        nb.scan(op, x, outer, n, inner, o1);
        js.scan(op, x, outer, n, inner, o2);
        close(o1, o2, ...tol(ctor), `cum${op}`);
      }
    }
  }
});

ntest('softmax, logSoftmax and logsumexp over [outer, n, inner]', (nb) => {
  for (const [, ctor] of FLOATS) {
    const [rt, at] = tol(ctor);
    for (const [outer, n, inner] of [[4, 1000, 1], [3, 7, 5], [1, 1, 1], [2, 33, 1], [5, 16, 3], [0, 4, 1], [64, 2000, 1]]) {
      const x = fill(new ctor(outer * n * inner), () => randn() * 5);
      if (x.length > 20) { x[3] = -Infinity; x[7] = 1000; x[11] = -1000; }
      for (const log of [false, true]) {
        const o1 = new ctor(x.length), o2 = new ctor(x.length);
        nb.softmax(x, outer, n, inner, o1, log);
        js.softmax(x, outer, n, inner, o2, log);
        close(o1, o2, rt, at, `${log ? 'logSoftmax' : 'softmax'} [${outer}, ${n}, ${inner}]`);
      }
      const l1 = new ctor(outer * inner), l2 = new ctor(outer * inner);
      nb.logsumexp(x, outer, n, inner, l1);
      js.logsumexp(x, outer, n, inner, l2);
      close(l1, l2, rt, at, `logsumexp [${outer}, ${n}, ${inner}]`);
    }
    // rows of -inf, +inf and NaN
    const s = new ctor([-Infinity, -Infinity, -Infinity, 1, Infinity, 2, NaN, 0, 1]);
    for (const log of [false, true]) {
      const o1 = new ctor(9), o2 = new ctor(9);
      nb.softmax(s, 3, 3, 1, o1, log);
      js.softmax(s, 3, 3, 1, o2, log);
      close(o1, o2, rt, at, 'softmax specials');
    }
    const l1 = new ctor(3), l2 = new ctor(3);
    nb.logsumexp(s, 3, 3, 1, l1);
    js.logsumexp(s, 3, 3, 1, l2);
    close(l1, l2, rt, at, 'logsumexp specials');
  }
});

// ---- im2col / col2im / pooling --------------------------------------------------------------

function win(h: number, w: number, kH: number, kW: number, s: [number, number], p: [number, number], d: [number, number]): Window2d {
  return {
    kH, kW, strideH: s[0], strideW: s[1], padH: p[0], padW: p[1], dilationH: d[0], dilationW: d[1],
    outH: Math.floor((h + 2 * p[0] - d[0] * (kH - 1) - 1) / s[0]) + 1,
    outW: Math.floor((w + 2 * p[1] - d[1] * (kW - 1) - 1) / s[1]) + 1,
  };
}
const WINDOWS: [number, number, number, number, [number, number], [number, number], [number, number]][] = [
  [9, 11, 3, 3, [1, 1], [1, 1], [1, 1]],
  [9, 11, 3, 3, [2, 2], [0, 0], [1, 1]],
  [8, 7, 2, 3, [2, 1], [1, 1], [2, 2]],
  [5, 6, 1, 1, [1, 1], [0, 0], [1, 1]],
  [7, 7, 5, 2, [3, 2], [2, 1], [1, 3]],
  [4, 4, 4, 4, [1, 1], [0, 0], [1, 1]],
  // unit column stride, rows shorter and longer than a 16-lane vector (the AVX-512 row kernels)
  [28, 28, 5, 5, [1, 1], [2, 2], [1, 1]],
  [14, 14, 5, 5, [1, 1], [0, 0], [1, 1]],
  [3, 40, 3, 3, [1, 1], [1, 1], [1, 1]],
  [6, 17, 2, 3, [2, 1], [0, 2], [1, 2]],
  [5, 3, 3, 3, [1, 1], [2, 2], [1, 1]],
  [2, 2, 1, 1, [1, 1], [0, 0], [1, 1]],
  [9, 33, 4, 4, [1, 1], [3, 3], [2, 2]],
];

ntest('im2col and col2im match the js backend', (nb) => {
  for (const [, ctor] of FLOATS) {
    const [rt, at] = tol(ctor);
    for (const [h, w, kH, kW, s, p, d] of WINDOWS) {
      const g = win(h, w, kH, kW, s, p, d);
      const [n, c] = [2, 3];
      const x = fill(new ctor(n * c * h * w));
      const colsN = n * c * kH * kW * g.outH * g.outW;
      const c1 = new ctor(colsN).fill(NaN), c2 = new ctor(colsN).fill(NaN);
      for (const inner of [false, true]) {
        c1.fill(NaN);
        c2.fill(NaN);
        nb.im2col(x, n, c, h, w, g, c1, inner);
        js.im2col(x, n, c, h, w, g, c2, inner);
        close(c1, c2, 0, 0, `im2col ${JSON.stringify(g)} inner=${inner}`);
        const cols = fill(new ctor(colsN));
        const x1 = new ctor(x.length).fill(NaN), x2 = new ctor(x.length).fill(NaN);
        nb.col2im(cols, n, c, h, w, g, x1, inner);
        js.col2im(cols, n, c, h, w, g, x2, inner);
        close(x1, x2, rt, at, `col2im ${JSON.stringify(g)} inner=${inner}`);
      }
    }
  }
});

ntest('maxPool2d and avgPool2d, forward and backward', (nb) => {
  for (const [, ctor] of FLOATS) {
    const [rt, at] = tol(ctor);
    for (const [h, w, kH, kW, s, p, d] of WINDOWS) {
      if (p[0] * 2 > kH || p[1] * 2 > kW) continue; // pooling requires pad <= kernel / 2
      const g = win(h, w, kH, kW, s, p, d);
      const P = 5;
      const x = fill(new ctor(P * h * w), () => Math.round(randn() * 3) / 2); // ties
      x[4] = NaN;
      const L = P * g.outH * g.outW;
      const o1 = new ctor(L), o2 = new ctor(L), i1 = new Int32Array(L), i2 = new Int32Array(L);
      nb.maxPool2d(x, P, h, w, g, o1, i1);
      js.maxPool2d(x, P, h, w, g, o2, i2);
      close(o1, o2, 0, 0, `maxPool2d ${JSON.stringify(g)}`);
      assert.deepEqual(i1, i2, `maxPool2d indices ${JSON.stringify(g)}`);
      const go = fill(new ctor(L));
      const g1 = new ctor(P * h * w).fill(NaN), g2 = new ctor(P * h * w).fill(NaN);
      nb.maxPool2dBackward(go, i1, P, h, w, g, g1);
      js.maxPool2dBackward(go, i2, P, h, w, g, g2);
      close(g1, g2, rt, at, `maxPool2dBackward ${JSON.stringify(g)}`);
      if (d[0] !== 1 || d[1] !== 1) continue; // avg pooling has no dilation
      for (const cip of [true, false]) {
        const a1 = new ctor(L), a2 = new ctor(L);
        nb.avgPool2d(x, P, h, w, g, cip, a1);
        js.avgPool2d(x, P, h, w, g, cip, a2);
        close(a1, a2, rt, at, `avgPool2d cip=${cip} ${JSON.stringify(g)}`);
        const b1 = new ctor(P * h * w).fill(NaN), b2 = new ctor(P * h * w).fill(NaN);
        nb.avgPool2dBackward(go, P, h, w, g, cip, b1);
        js.avgPool2dBackward(go, P, h, w, g, cip, b2);
        close(b1, b2, rt, at, `avgPool2dBackward cip=${cip} ${JSON.stringify(g)}`);
      }
    }
  }
});

// The 2x2 / stride-2 kernels run 16 windows at a time (whole vectors, masked tails, rows of at most
// 8 windows two at a time), so widths cover full vectors, tails, odd leftovers (2 * outW < w) and
// more than one vector per row. Values are compared bit for bit (-0 vs +0) and indices exactly.
ntest('2x2 stride-2 maxPool2d: vector widths and tails, NaN, ties and signed zeros, exact', (nb) => {
  const bits = (a: TypedArray) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const SIZES: [number, number][] = [[28, 28], [10, 10], [34, 34], [66, 66], [5, 7], [7, 5], [9, 33], [3, 17], [11, 31], [2, 2], [13, 65], [6, 18], [20, 3]];
  const MODES: [string, () => number][] = [
    ['ties', () => Math.round(randn() * 2) / 2],
    ['nan', () => (rand() < 0.15 ? NaN : Math.round(randn() * 2) / 2)],
    ['zeros', () => (rand() < 0.5 ? 0 : -0)],
  ];
  for (const [, ctor] of FLOATS) {
    for (const [h, w] of SIZES) {
      const g = win(h, w, 2, 2, [2, 2], [0, 0], [1, 1]);
      const P = 3, hw = h * w, L = P * g.outH * g.outW;
      for (const [mode, f] of MODES) {
        const what = `${ctor.name} ${h}x${w} ${mode}`;
        const x = fill(new ctor(P * hw), f);
        const o1 = new ctor(L), o2 = new ctor(L), i1 = new Int32Array(L), i2 = new Int32Array(L);
        nb.maxPool2d(x, P, h, w, g, o1, i1);
        js.maxPool2d(x, P, h, w, g, o2, i2);
        assert.deepEqual(bits(o1), bits(o2), `maxPool2d values ${what}`);
        assert.deepEqual(i1, i2, `maxPool2d indices ${what}`);
        // the forward's indices; one moved to another position of the plane; one outside the plane
        const moved = Int32Array.from(i1), outside = Int32Array.from(i1);
        moved[Math.floor(rand() * L)] = Math.floor(rand() * hw);
        outside[Math.floor(rand() * L)] = rand() < 0.5 ? -1 : hw + Math.floor(rand() * 3);
        for (const [kind, idx] of [['forward', i1], ['moved', moved], ['outside', outside]] as const) {
          const go = fill(new ctor(L), () => (rand() < 0.1 ? -0 : randn()));
          const g1 = new ctor(P * hw).fill(NaN), g2 = new ctor(P * hw).fill(NaN);
          nb.maxPool2dBackward(go, idx, P, h, w, g, g1);
          // the js backend follows an index >= h * w into the next plane; the native one ignores it
          js.maxPool2dBackward(go, idx.map((k) => (k < hw ? k : -1)), P, h, w, g, g2);
          assert.deepEqual(bits(g1), bits(g2), `maxPool2dBackward ${kind} indices ${what}`);
        }
      }
    }
  }
});

// ---- gather / scatter / indexSelect / indexAdd / sort -----------------------------------------

type AnyCtor = Float32ArrayConstructor | Float64ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor;
const ALL: readonly AnyCtor[] = [Float32Array, Float64Array, Int32Array, Uint8Array];
function randOf(ctor: AnyCtor, n: number): TypedArray {
  const a = new ctor(n);
  for (let i = 0; i < n; i++) a[i] = ctor === Uint8Array ? (rand() < 0.5 ? 0 : 1) : ctor === Int32Array ? Math.floor(randn() * 100) : randn();
  return a;
}
function randIndex(n: number, size: number): Int32Array {
  return Int32Array.from({ length: n }, () => Math.floor(rand() * size));
}

ntest('gather and scatter (none / add) on every dtype, strided views', (nb) => {
  for (const ctor of ALL) {
    const x = randOf(ctor, 4 * 5 * 6 + 2);
    const xv = view(x, [4, 5, 6], [1, 24, 4], 2); // permuted storage
    for (const dim of [0, 1, 2]) {
      const ishape = [3, 4, 5];
      ishape[dim] = 7;
      const idx = randIndex(numel(ishape) * 2, [4, 5, 6][dim]);
      const iv = view(idx, ishape, contiguousStrides(ishape).map((s) => s * 2)); // every other entry
      const o1 = new ctor(numel(ishape)), o2 = new ctor(numel(ishape));
      nb.gather(xv, dim, iv, o1);
      js.gather(xv, dim, iv, o2);
      assert.deepEqual(o1, o2, `gather ${ctor.name} dim ${dim}`);
      const src = randOf(ctor, numel(ishape));
      for (const mode of ['none', 'add'] as const) {
        const base = randOf(ctor, 4 * 5 * 6);
        const s1 = base.slice(), s2 = base.slice();
        nb.scatter(s1, [4, 5, 6], dim, iv, view(src, ishape), mode);
        js.scatter(s2, [4, 5, 6], dim, iv, view(src, ishape), mode);
        close(Array.from(s1), Array.from(s2), 1e-6, 1e-6, `scatter ${mode} ${ctor.name} dim ${dim}`);
      }
    }
  }
});

ntest('indexSelect and indexAdd on every dtype, strided views', (nb) => {
  for (const ctor of ALL) {
    const x = randOf(ctor, 4 * 5 * 6);
    const xv = view(x, [4, 5, 6], [30, 1, 5]);
    for (const dim of [0, 1, 2]) {
      const idx = randIndex(9, [4, 5, 6][dim]);
      const oshape = [4, 5, 6];
      oshape[dim] = 9;
      const o1 = new ctor(numel(oshape)), o2 = new ctor(numel(oshape));
      nb.indexSelect(xv, dim, idx, o1);
      js.indexSelect(xv, dim, idx, o2);
      assert.deepEqual(o1, o2, `indexSelect ${ctor.name} dim ${dim}`);
      const src = randOf(ctor, numel(oshape) + 1);
      const sv = view(src, oshape, contiguousStrides(oshape), 1);
      const base = randOf(ctor, 120);
      const a1 = base.slice(), a2 = base.slice();
      nb.indexAdd(a1, [4, 5, 6], dim, idx, sv);
      js.indexAdd(a2, [4, 5, 6], dim, idx, sv);
      close(Array.from(a1), Array.from(a2), 1e-6, 1e-6, `indexAdd ${ctor.name} dim ${dim}`);
    }
  }
  // A large embedding-like lookup and its backward (threaded paths).
  const w = fill(new Float32Array(1000 * 64));
  const ids = randIndex(5000, 1000);
  const e1 = new Float32Array(5000 * 64), e2 = new Float32Array(5000 * 64);
  nb.indexSelect(view(w, [1000, 64]), 0, ids, e1);
  js.indexSelect(view(w, [1000, 64]), 0, ids, e2);
  assert.deepEqual(e1, e2);
  const g1 = new Float32Array(1000 * 64), g2 = new Float32Array(1000 * 64);
  nb.indexAdd(g1, [1000, 64], 0, ids, view(e1, [5000, 64]));
  js.indexAdd(g2, [1000, 64], 0, ids, view(e1, [5000, 64]));
  close(g1, g2, 1e-5, 1e-5, 'indexAdd large');
});

ntest('sort: stable, NaN largest, both directions, every dtype', (nb) => {
  for (const ctor of ALL) {
    for (const [outer, n] of [[5, 37], [3, 1], [1, 2000], [0, 4]]) {
      const x = randOf(ctor, outer * n);
      if (ctor !== Int32Array && ctor !== Uint8Array) {
        for (let i = 0; i < x.length; i += 7) x[i] = Math.round(x[i]); // ties
        if (x.length > 10) { x[3] = NaN; x[9] = NaN; x[5] = Infinity; x[6] = -Infinity; }
      }
      for (const desc of [false, true]) {
        const v1 = new ctor(x.length), v2 = new ctor(x.length), i1 = new Int32Array(x.length), i2 = new Int32Array(x.length);
        nb.sort(x, outer, n, desc, v1, i1);
        js.sort(x, outer, n, desc, v2, i2);
        assert.deepEqual(i1, i2, `sort indices ${ctor.name} [${outer}, ${n}] desc=${desc}`);
        close(Array.from(v1), Array.from(v2), 0, 0, `sort values ${ctor.name}`);
      }
    }
  }
});

ntest('indexing kernels reject out-of-range indices instead of reading outside', (nb) => {
  const x = fill(new Float32Array(12));
  const out = new Float32Array(12);
  assert.throws(() => nb.indexSelect(view(x, [3, 4]), 0, new Int32Array([0, 3]), out));
  assert.throws(() => nb.indexSelect(view(x, [3, 4]), 1, new Int32Array([-1]), out));
  assert.throws(() => nb.gather(view(x, [3, 4]), 1, view(new Int32Array([0, 4]), [1, 2]), out));
  assert.throws(() => nb.scatter(out, [3, 4], 0, view(new Int32Array([5]), [1, 1]), view(x, [1, 1]), 'add'));
  assert.throws(() => nb.indexAdd(out, [3, 4], 0, new Int32Array([7]), view(x, [1, 4])));
});

// ---- zero-size and bad input ----------------------------------------------------------------

ntest('zero-size inputs are no-ops', (nb) => {
  const e = new Float32Array(0);
  nb.copy(view(e, [0, 3]), new Float32Array(0));
  nb.unary('exp', view(e, [2, 0]), new Float32Array(0));
  nb.binary('add', view(e, [0]), view(e, [0]), new Float32Array(0));
  nb.matmul(view(e, [1, 0, 3]), view(e, [1, 3, 0]), new Float32Array(0));
  nb.softmax(e, 0, 10, 1, new Float32Array(0), false);
  nb.im2col(e, 0, 3, 4, 4, win(4, 4, 3, 3, [1, 1], [1, 1], [1, 1]), new Float32Array(0));
  nb.maxPool2d(e, 0, 4, 4, win(4, 4, 2, 2, [2, 2], [0, 0], [1, 1]), new Float32Array(0), new Int32Array(0));
  const out = new Float32Array(3);
  nb.reduce('sum', view(e, [0, 3]), [0], out);
  assert.deepEqual(Array.from(out), [0, 0, 0]);
});

ntest('views reaching outside their storage are rejected with a ValueError', (nb) => {
  const d = new Float32Array(12);
  const o = new Float32Array(64);
  const bad: View[] = [
    view(d, [12], [1], 1),          // one past the end
    view(d, [3, 4], [5, 1]),        // strides too large
    view(d, [4], [-1], 2),          // negative stride below 0
    view(d, [2], [1], -1),          // negative offset
    view(d, [13], [1]),             // too long
  ];
  for (const v of bad) {
    assert.throws(() => nb.copy(v, o), ValueError);
    assert.throws(() => nb.unary('exp', v, o), ValueError);
    assert.throws(() => nb.binary('add', v, v, o), ValueError);
    assert.throws(() => nb.reduce('sum', v, [0], o), ValueError);
  }
  assert.throws(() => nb.matmul(view(d, [1, 3, 4], [0, 4, 1], 1), view(d, [1, 4, 3]), o), ValueError);
  assert.throws(() => nb.matmul(view(d, [1, 3, 4]), view(d, [1, 4, 3]), new Float32Array(8)), ValueError);
  assert.throws(() => nb.softmax(d, 2, 7, 1, o, false), ValueError);
  assert.throws(() => nb.im2col(d, 1, 1, 4, 4, win(4, 4, 3, 3, [1, 1], [1, 1], [1, 1]), o), ValueError);
  assert.throws(() => nb.maxPool2dBackward(d, new Int32Array(1), 1, 2, 2, win(2, 2, 1, 1, [1, 1], [0, 0], [1, 1]), o), ValueError);
  // The addon checks again on its own: a raw call with a bad view description throws a RangeError.
  if ('addon' in loaded) {
    const meta = new Float64Array([1, 12, 1, 1]); // shape [12], offset 1, stride 1: one past the end
    assert.throws(() => loaded.addon.copy(d, o, meta), RangeError);
    assert.throws(() => loaded.addon.unary(3, d, o, new Float64Array([1, 5, 0, 3]), 0, 0), RangeError);
    assert.throws(() => loaded.addon.matmul(d, d, o, new Float64Array([1, 4, 4, 4, 0, 0, 4, 1, 0, 0, 4, 1])), RangeError);
  }
});

ntest('outputs that overlap an input give the result of computing from a copy', (nb) => {
  const fresh = (): Float32Array => Float32Array.from({ length: 64 }, (_, i) => Math.sin(i + 1));
  // copy of a flipped view of the same storage into itself
  let d = fresh();
  let ref = new Float32Array(32);
  nb.copy(view(fresh(), [32], [-1], 31), ref);
  nb.copy(view(d, [32], [-1], 31), d.subarray(0, 32));
  assert.deepEqual(d.subarray(0, 32), ref);
  // binary with the output shifted by one against an input
  d = fresh();
  ref = new Float32Array(32);
  nb.binary('add', view(fresh(), [32], [1], 0), view(fresh(), [32], [1], 32), ref);
  nb.binary('add', view(d, [32], [1], 0), view(d, [32], [1], 32), d.subarray(1, 33));
  assert.deepEqual(d.subarray(1, 33), ref);
  // exact in-place elementwise stays in place
  d = fresh();
  ref = new Float32Array(64);
  nb.unary('exp', view(fresh(), [64]), ref);
  nb.unary('exp', view(d, [64]), d);
  assert.deepEqual(d, ref);
  // in-place log-softmax and a matmul writing over its own operand
  d = fresh();
  ref = new Float32Array(64);
  nb.softmax(fresh(), 4, 4, 4, ref, true);
  nb.softmax(d, 4, 4, 4, d, true);
  assert.deepEqual(d, ref);
  d = fresh();
  ref = new Float32Array(64);
  nb.matmul(view(fresh(), [1, 8, 8]), view(fresh(), [1, 8, 8], [0, 1, 8]), ref);
  nb.matmul(view(d, [1, 8, 8]), view(d, [1, 8, 8], [0, 1, 8]), d);
  assert.deepEqual(d, ref);
});

ntest('maxPool2dBackward ignores indices outside the plane instead of following them', (nb) => {
  const g = win(2, 2, 1, 1, [1, 1], [0, 0], [1, 1]);
  const gi = new Float32Array(4);
  nb.maxPool2dBackward(new Float32Array([1, 2, 3, 4]), new Int32Array([0, 99, -5, 3]), 1, 2, 2, g, gi);
  assert.deepEqual(Array.from(gi), [1, 0, 0, 4]);
});
