import type { TypedArray } from '../../tensor/dtype.js';
import { BINARY_OPS, REDUCE_OPS, UNARY_OPS } from './ops.js';

type FloatArr = Float32Array | Float64Array;

/** What the addon reports about itself. */
export interface NativeInfo {
  /** The SIMD kernels chosen for this CPU at load time. */
  readonly simd: 'avx512' | 'avx2' | 'scalar';
  /** Threads that run kernels (NABLA_THREADS, else the machine's cores). */
  readonly threads: number;
}

/** The addon's own info, with its op tables (names in code order). */
export interface NativeAddonInfo extends NativeInfo {
  readonly unaryOps: readonly string[];
  readonly binaryOps: readonly string[];
  readonly reduceOps: readonly string[];
}

/**
 * The functions of build/Release/nabla_native.node (src/backend/native/cpp/addon.cc). Views are
 * described in a Float64Array `meta` (layouts in ./backend.ts); `geo` is
 * [n, c, h, w, kH, kW, strideH, strideW, padH, padW, dilationH, dilationW, outH, outW].
 * Every function throws a RangeError instead of touching memory outside its arrays.
 */
export interface NativeAddon {
  info(): NativeAddonInfo;
  copy(src: TypedArray, out: TypedArray, meta: Float64Array): void;
  unary(op: number, x: TypedArray, out: TypedArray, meta: Float64Array, p0: number, p1: number): void;
  binary(op: number, a: TypedArray, b: TypedArray, out: TypedArray, meta: Float64Array): void;
  where(cond: TypedArray, a: TypedArray, b: TypedArray, out: TypedArray, meta: Float64Array): void;
  reduce(op: number, x: TypedArray, out: TypedArray, meta: Float64Array): void;
  scan(op: number, x: TypedArray, out: TypedArray, outer: number, n: number, inner: number): void;
  matmul(a: TypedArray, b: TypedArray, out: TypedArray, meta: Float64Array): void;
  softmax(x: TypedArray, out: TypedArray, outer: number, n: number, inner: number, log: boolean): void;
  logsumexp(x: TypedArray, out: TypedArray, outer: number, n: number, inner: number): void;
  gather(x: TypedArray, index: Int32Array, out: TypedArray, meta: Float64Array): void;
  scatter(out: TypedArray, index: Int32Array, src: TypedArray, meta: Float64Array, add: boolean): void;
  indexSelect(x: TypedArray, index: Int32Array, out: TypedArray, meta: Float64Array): void;
  indexAdd(out: TypedArray, index: Int32Array, src: TypedArray, meta: Float64Array): void;
  sort(x: TypedArray, values: TypedArray, indices: Int32Array, outer: number, n: number, descending: boolean): void;
  im2col(x: TypedArray, out: TypedArray, geo: Float64Array, inner?: boolean): void;
  col2im(cols: TypedArray, out: TypedArray, geo: Float64Array, inner?: boolean): void;
  maxPool2d(x: TypedArray, out: TypedArray, indices: Int32Array, geo: Float64Array): void;
  maxPool2dBackward(gradOut: TypedArray, indices: Int32Array, gradIn: TypedArray, geo: Float64Array): void;
  avgPool2d(x: TypedArray, out: TypedArray, geo: Float64Array, countIncludePad: boolean): void;
  avgPool2dBackward(gradOut: TypedArray, gradIn: TypedArray, geo: Float64Array, countIncludePad: boolean): void;
  /** Fused optimizer update (cpp/optim.cc); optional: an older build runs the js kernel instead. */
  optimizerStep?(kind: number, param: Float32Array | Float64Array, grad: Float32Array | Float64Array, state: (Float32Array | Float64Array)[], hp: Float64Array): void;
  /** Fused attention (cpp/attention.cc; layout of meta in src/ops/nn/attention-fused.ts); optional. */
  attentionForward?(q: FloatArr, k: FloatArr, v: FloatArr, m1: FloatArr | null, m2: FloatArr | null, out: FloatArr, meta: Float64Array, keepProbs?: FloatArr | null): void;
  attentionBackward?(q: FloatArr, k: FloatArr, v: FloatArr, m1: FloatArr | null, m2: FloatArr | null, dOut: FloatArr, dq: FloatArr, dk: FloatArr, dv: FloatArr, meta: Float64Array, keptProbs?: FloatArr | null): void;
  /** Fused layer norm over contiguous rows (cpp/norm.cc); optional. */
  layerNormForward?(x: FloatArr, weight: FloatArr | null, bias: FloatArr | null, out: FloatArr, mean: FloatArr, rstd: FloatArr, rows: number, n: number, eps: number): void;
  layerNormBackward?(g: FloatArr, x: FloatArr, mean: FloatArr, rstd: FloatArr, weight: FloatArr | null, dx: FloatArr, dweight: FloatArr | null, dbias: FloatArr | null, rows: number, n: number): void;
  /** dx = g · gelu'(x) over n contiguous elements, approximate 0 exact / 1 tanh (cpp/act.cc); optional. */
  geluBackward?(g: FloatArr, x: FloatArr, dx: FloatArr, n: number, approximate: number): void;
  /** relu's first-order backward, dx = x <= 0 ? 0 : g (cpp/relu_back.cc); optional: src/ops/relu-backward.ts has the js twin. */
  reluBackward?(g: FloatArr, x: FloatArr, dx: FloatArr, n: number): void;
  /** Direct float32 convolution, groups 1, stride 1 (cpp/conv_direct.cc; dims [N, C, H, W, O, kH, kW, pH, pW, dH, dW]); optional: the im2col + GEMM path runs instead. */
  convDirectAvailable?(): boolean;
  convDirectSuits?(dims: Float64Array): boolean;
  convDirectForward?(x: Float32Array, w: Float32Array, bias: Float32Array | null, out: Float32Array, dims: Float64Array): void;
  convDirectWeightGrad?(x: Float32Array, gy: Float32Array, dw: Float32Array, dims: Float64Array): void;
  /** out[c] = Σ_r x[r, c] over a contiguous [rows, cols] array, in double (cpp/act.cc); optional. */
  colSum?(x: FloatArr, out: FloatArr, rows: number, cols: number): void;
  /** Whole-sequence LSTM layer (cpp/rnn.cc; layouts there); optional: an older build runs src/nn/rnn-kernels.ts instead. */
  lstmForward?(dims: Float64Array, x: FloatArr, wIh: FloatArr, wHh: FloatArr, bIh: FloatArr | null, bHh: FloatArr | null, h0: FloatArr | null, c0: FloatArr | null, gates: FloatArr, cs: FloatArr, out: FloatArr): void;
  lstmBackward?(dims: Float64Array, x: FloatArr, wIh: FloatArr, wHh: FloatArr, h0: FloatArr | null, c0: FloatArr | null, gates: FloatArr, cs: FloatArr, out: FloatArr, gOut: FloatArr,
    dx: FloatArr | null, dWih: FloatArr, dWhh: FloatArr, dBias: FloatArr | null, dh0: FloatArr | null, dc0: FloatArr | null): void;
  /** Whole-sequence GRU layer (cpp/rnn.cc); optional like the LSTM's. */
  gruForward?(dims: Float64Array, x: FloatArr, wIh: FloatArr, wHh: FloatArr, bIh: FloatArr | null, bHh: FloatArr | null, h0: FloatArr | null, gates: FloatArr, ghn: FloatArr, out: FloatArr): void;
  gruBackward?(dims: Float64Array, x: FloatArr, wIh: FloatArr, wHh: FloatArr, h0: FloatArr | null, gates: FloatArr, ghn: FloatArr, out: FloatArr, gOut: FloatArr,
    dx: FloatArr | null, dWih: FloatArr, dWhh: FloatArr, dBih: FloatArr | null, dBhh: FloatArr | null, dh0: FloatArr | null): void;
  /** Gradient-boosting kernels (cpp/gbm.cc; twins of src/learn/boosting/kernels.ts's js ones); optional: an older build runs the js kernels instead. */
  gbmHistogram?(hist: Float64Array, codes: Uint8Array, p: number, stride: number, maxBins: number, rows: Int32Array, start: number, end: number, gh: Float64Array, features: Int32Array): void;
  gbmSubtract?(parent: Float64Array, child: Float64Array, maxBins: number, features: Int32Array): void;
  gbmPartition?(rows: Int32Array, scratch: Int32Array, start: number, end: number, bins: Uint8Array, n: number, feature: number, bin: number, missingBin: number, defaultLeft: number): number;
  gbmBinCodes?(x: Float64Array, n: number, p: number, padded: Float64Array, missingBin: number, rowOut: Uint8Array, stride: number, colOut: Uint8Array | null): void;
  gbmSortColumns?(cols: Float64Array, n: number, counts: Int32Array): void;
  gbmBestSplit?(hist: Float64Array, nBins: Int32Array, maxBins: number, missingBin: number, features: Int32Array, G: number, H: number, lambda: number, alpha: number, minChildWeight: number, out: Float64Array): boolean;
}

const FUNCTIONS: readonly (keyof NativeAddon)[] = [
  'info', 'copy', 'unary', 'binary', 'where', 'reduce', 'scan', 'matmul', 'softmax', 'logsumexp',
  'gather', 'scatter', 'indexSelect', 'indexAdd', 'sort', 'im2col', 'col2im', 'maxPool2d', 'maxPool2dBackward', 'avgPool2d', 'avgPool2dBackward',
];

interface NodeModuleApi { createRequire(path: string | URL): (id: string) => unknown }
interface NodeUrlApi { fileURLToPath(url: URL): string }
interface NodeFsApi { existsSync(path: string | URL): boolean; readFileSync(path: string | URL, encoding: 'utf8'): string }
interface NodeProcess { getBuiltinModule?: (id: string) => unknown; versions?: { node?: string } }

let cached: { addon: NativeAddon } | { error: string } | undefined;

/**
 * Loads the compiled addon, once. Uses no static `node:` import (the engine stays browser-safe):
 * Node's modules come from `process.getBuiltinModule`. Returns the reason when it cannot load.
 */
export function loadNative(): { addon: NativeAddon } | { error: string } {
  if (!cached) cached = tryLoad();
  return cached;
}

/** The native backend's SIMD level and thread count, or null when the addon is not loaded. */
export function nativeInfo(): NativeInfo | null {
  const r = loadNative();
  if (!('addon' in r)) return null;
  const i = r.addon.info();
  return { simd: i.simd, threads: i.threads };
}

function tryLoad(): { addon: NativeAddon } | { error: string } {
  const proc = (globalThis as { process?: NodeProcess }).process;
  if (!proc?.versions?.node) return { error: 'not running in Node.js' };
  if (typeof proc.getBuiltinModule !== 'function') {
    return { error: `this Node.js (${proc.versions.node}) lacks process.getBuiltinModule (needs >= 20.16)` };
  }
  try {
    const mod = proc.getBuiltinModule('node:module') as NodeModuleApi | undefined;
    const fs = proc.getBuiltinModule('node:fs') as NodeFsApi | undefined;
    const url = proc.getBuiltinModule('node:url') as NodeUrlApi | undefined;
    if (!mod || !fs || !url) return { error: 'node:module, node:fs or node:url unavailable' };
    const root = packageRoot(fs);
    if (!root) return { error: 'could not find the nabla package root from ' + import.meta.url };
    const file = new URL('build/Release/nabla_native.node', root);
    if (!fs.existsSync(file)) return { error: 'the addon was not built (build/Release/nabla_native.node is missing; run `npm run build:native`)' };
    const req = mod.createRequire(new URL('package.json', root));
    const addon = req(url.fileURLToPath(file)) as Partial<NativeAddon>;
    for (const f of FUNCTIONS) {
      if (typeof addon[f] !== 'function') return { error: `the addon lacks ${f}() (stale build? run \`npm run build:native\`)` };
    }
    const full = addon as NativeAddon;
    const info = full.info();
    const mismatch = checkTables(info);
    if (mismatch) return { error: `the addon's op table differs from this version's (${mismatch}); rebuild it` };
    return { addon: full };
  } catch (e) {
    return { error: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  }
}

/** Walks up from this file to the directory whose package.json is named "nabla". */
function packageRoot(fs: NodeFsApi): URL | null {
  let dir = new URL('./', import.meta.url);
  for (let i = 0; i < 12; i++) {
    const pkg = new URL('package.json', dir);
    if (fs.existsSync(pkg)) {
      try {
        const name = (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: unknown }).name;
        if (name === 'nabla') return dir;
      } catch {
        // not JSON: keep walking
      }
    }
    const up = new URL('../', dir);
    if (up.href === dir.href) break;
    dir = up;
  }
  return null;
}

function checkTables(info: NativeAddonInfo): string {
  const same = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
  if (!Array.isArray(info.unaryOps) || !same(info.unaryOps, UNARY_OPS)) return 'unary ops';
  if (!Array.isArray(info.binaryOps) || !same(info.binaryOps, BINARY_OPS)) return 'binary ops';
  if (!Array.isArray(info.reduceOps) || !same(info.reduceOps, REDUCE_OPS)) return 'reduce ops';
  if (info.simd !== 'avx512' && info.simd !== 'avx2' && info.simd !== 'scalar') return 'simd';
  return '';
}
