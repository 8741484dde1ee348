import { getBackend } from '../../backend/index.js';
import { loadNative, type NativeAddon } from '../../backend/native/load.js';
import { binCodes, sortColumnsJs, type BinMapper } from './binning.js';
import { buildHistogram } from './histogram.js';
import { findBestSplit, type Split, type SplitParams } from './split.js';

/**
 * The hot loops of histogram boosting: on the native backend the C++ kernels of
 * src/backend/native/cpp/gbm.cc, otherwise (NABLA_BACKEND=js, browsers, an addon without them)
 * the TypeScript ones here and in histogram.ts / binning.ts. Both give the same bits: each bin
 * sums its rows' gradients in row order, in float64.
 */
export interface BoostingKernels {
  readonly name: 'js' | 'native';
  /** Fills the histogram of rows[start:end) over `features` (see buildHistogram in histogram.ts). */
  histogram(hist: Float64Array, binsRow: Uint8Array, p: number, stride: number, maxBins: number, rows: Int32Array, start: number, end: number, gh: Float64Array, features: Int32Array): void;
  /** parent −= child over the bins of `features` (the parent's buffer becomes the larger child's histogram). */
  subtract(parent: Float64Array, child: Float64Array, maxBins: number, features: Int32Array): void;
  /**
   * Stable partition of rows[start:end) by feature's code (column-major `bins`, [p × n]): rows with
   * code ≤ bin, or the missing code when defaultLeft, first. `scratch` holds ≥ end − start rows.
   * Returns the first right row's position.
   */
  partition(rows: Int32Array, scratch: Int32Array, start: number, end: number, bins: Uint8Array, n: number, feature: number, bin: number, missingBin: number, defaultLeft: boolean): number;
  /** The best split of a node from its histogram: findBestSplit of split.ts (the native twin covers numeric features; categorical ones stay in js). */
  bestSplit(hist: Float64Array, mapper: BinMapper, maxBins: number, features: Int32Array, G: number, H: number, p: SplitParams): Split | null;
  /** Sorts cols[f · n, f · n + counts[f]) ascending for every f (no NaN): the bin cuts' sort. */
  sortColumns(cols: Float64Array, n: number, counts: Int32Array): void;
  /** The codes of a row-major [n, p] matrix: row-major with rows padded to `stride`, and column-major [p × n]. */
  encode(mapper: BinMapper, x: Float64Array, n: number, p: number, stride: number): { binsRow: Uint8Array; bins: Uint8Array };
}

/** parent −= child over the bins of `features`. */
export function subtractInPlace(parent: Float64Array, child: Float64Array, maxBins: number, features: Int32Array): void {
  const w = maxBins * 2;
  for (let j = 0; j < features.length; j++) {
    const base = features[j] * w;
    for (let i = base; i < base + w; i++) parent[i] -= child[i];
  }
}

/**
 * The js partition. Branch-free: every row is written to both sides and only one cursor moves
 * (a 50/50 branch here would mispredict half the time). The missing code exceeds every split bin.
 */
export function partitionRows(rows: Int32Array, scratch: Int32Array, start: number, end: number, bins: Uint8Array, n: number, feature: number, bin: number, missingBin: number, defaultLeft: boolean): number {
  const col = feature * n, dlBit = defaultLeft ? 1 : 0;
  let l = start, r = 0;
  for (let k = start; k < end; k++) {
    const row = rows[k];
    const code = bins[col + row];
    const isLeft = (((bin - code) >>> 31) ^ 1) | ((((code ^ missingBin) - 1) >>> 31) & dlBit);
    rows[l] = row;
    scratch[r] = row;
    l += isLeft;
    r += isLeft ^ 1;
  }
  rows.set(scratch.subarray(0, r), l);
  return l;
}

export const jsKernels: BoostingKernels = {
  name: 'js',
  histogram: buildHistogram,
  subtract: subtractInPlace,
  partition: partitionRows,
  bestSplit: findBestSplit,
  sortColumns: sortColumnsJs,
  encode(mapper, x, n, p, stride) {
    const binsRow = new Uint8Array(n * stride), bins = new Uint8Array(n * p);
    binCodes(x, n, p, mapper.paddedCuts(p), mapper.missingBin, binsRow, stride, bins);
    return { binsRow, bins };
  },
};

type GbmAddon = Required<Pick<NativeAddon, 'gbmHistogram' | 'gbmSubtract' | 'gbmPartition' | 'gbmBinCodes' | 'gbmSortColumns' | 'gbmBestSplit'>>;

/** Per BinMapper, its features' value-bin counts (what gbmBestSplit reads of it). */
const binCounts = new WeakMap<BinMapper, Int32Array>();
const splitOut = new Float64Array(6);

/** Whether any feature is categorical (the categorical split search is js only). */
function anyCategorical(p: SplitParams): boolean {
  const c = (p as { categorical?: ArrayLike<number> | null }).categorical;
  if (!c) return false;
  for (let i = 0; i < c.length; i++) if (c[i]) return true;
  return false;
}

function nativeKernels(a: GbmAddon): BoostingKernels {
  return {
    name: 'native',
    histogram: (hist, binsRow, p, stride, maxBins, rows, start, end, gh, features) => a.gbmHistogram(hist, binsRow, p, stride, maxBins, rows, start, end, gh, features),
    subtract: (parent, child, maxBins, features) => a.gbmSubtract(parent, child, maxBins, features),
    partition: (rows, scratch, start, end, bins, n, feature, bin, missingBin, defaultLeft) =>
      a.gbmPartition(rows, scratch, start, end, bins, n, feature, bin, missingBin, defaultLeft ? 1 : 0),
    sortColumns: (cols, n, counts) => a.gbmSortColumns(cols, n, counts),
    bestSplit(hist, mapper, maxBins, features, G, H, p) {
      if (anyCategorical(p)) return findBestSplit(hist, mapper, maxBins, features, G, H, p);
      let nb = binCounts.get(mapper);
      if (!nb) { nb = Int32Array.from(mapper.cuts, (c) => c.length + 1); binCounts.set(mapper, nb); }
      if (!a.gbmBestSplit(hist, nb, maxBins, mapper.missingBin, features, G, H, p.regLambda, p.regAlpha, p.minChildWeight, splitOut)) return null;
      const o = splitOut;
      return { feature: o[0], bin: o[1], defaultLeft: o[2] === 1, gain: o[3], gLeft: o[4], hLeft: o[5] };
    },
    encode(mapper, x, n, p, stride) {
      const binsRow = new Uint8Array(n * stride), bins = new Uint8Array(n * p);
      a.gbmBinCodes(x, n, p, mapper.paddedCuts(p), mapper.missingBin, binsRow, stride, bins);
      return { binsRow, bins };
    },
  };
}

let native: BoostingKernels | null | undefined;

/** The native kernels when the addon provides them (whatever the active backend), else null. */
export function nativeBoostingKernels(): BoostingKernels | null {
  if (native === undefined) {
    const r = loadNative();
    const a = 'addon' in r ? r.addon : null;
    native = a && a.gbmHistogram && a.gbmSubtract && a.gbmPartition && a.gbmBinCodes && a.gbmSortColumns && a.gbmBestSplit ? nativeKernels(a as GbmAddon) : null;
  }
  return native;
}

/** The kernels of the active backend: native ones on the native backend (when the addon has them), else js. */
export function boostingKernels(): BoostingKernels {
  return getBackend() === 'native' ? (nativeBoostingKernels() ?? jsKernels) : jsKernels;
}
