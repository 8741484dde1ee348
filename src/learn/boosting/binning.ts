import { ValueError } from '../../tensor/errors.js';
import { radixSortFloat64 } from './radix.js';

/**
 * Quantile binning of a feature matrix into small integer codes (XGBoost 'hist', LightGBM).
 *
 * Each feature gets at most `maxBins − 1` value bins plus one missing-value bin, always the code
 * `maxBins − 1`, so every code fits a uint8 when maxBins ≤ 256. Value bin `b` holds the values
 * `v` with `cuts[b − 1] < v ≤ cuts[b]`; the last value bin is open above. With few distinct
 * values the cuts are the midpoints between consecutive values (as scikit-learn's
 * HistGradientBoosting); otherwise they are midpoints at evenly spaced ranks of the sorted
 * values (unweighted quantiles, so they can differ slightly from XGBoost's weighted sketch).
 * `bin(v) ≤ b` exactly when `v ≤ cuts[b]`, so a tree learned on codes predicts raw data by
 * comparing with `cuts[b]`.
 */
export class BinMapper {
  /** Per feature, the upper bounds of its value bins except the last (ascending). */
  readonly cuts: Float64Array[];
  /** The code of the missing-value bin (maxBins − 1). */
  readonly missingBin: number;

  constructor(cuts: Float64Array[], maxBins: number) {
    this.cuts = cuts;
    this.missingBin = maxBins - 1;
  }

  /** Number of value bins of feature f. */
  nBins(f: number): number {
    return this.cuts[f].length + 1;
  }

  /**
   * Learns the cuts from a row-major [n, p] matrix (NaN is missing). `sortColumns` sorts the
   * columns' values (the native kernel passes its own; same order).
   */
  static fit(x: Float64Array, n: number, p: number, maxBins: number, sortColumns: (cols: Float64Array, n: number, counts: Int32Array) => void = sortColumnsJs): BinMapper {
    if (!Number.isInteger(maxBins) || maxBins < 3 || maxBins > 256) throw new ValueError(`maxBins: expected an integer in [3, 256], got ${maxBins}`);
    const nValueBins = maxBins - 1;
    const cuts: Float64Array[] = [];
    // One sequential pass splits the rows into columns (NaN dropped); striding through the
    // row-major matrix once per feature would read it p times.
    const cols = new Float64Array(n * p);
    const counts = new Int32Array(p);
    for (let i = 0, o = 0; i < n; i++) {
      for (let f = 0; f < p; f++, o++) {
        const v = x[o];
        if (v === v) cols[f * n + counts[f]++] = v;
      }
    }
    sortColumns(cols, n, counts);
    for (let f = 0; f < p; f++) {
      const m = counts[f];
      const sorted = cols.subarray(f * n, f * n + m);
      // Distinct values, in order (only needed when there are few).
      const distinct: number[] = [];
      for (let i = 0; i < m && distinct.length <= nValueBins; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
      const c: number[] = [];
      if (distinct.length <= nValueBins) {
        for (let i = 1; i < distinct.length; i++) c.push(midpoint(distinct[i - 1], distinct[i]));
      } else {
        for (let b = 1; b < nValueBins; b++) {
          const k = Math.floor((b * m) / nValueBins);
          const lo = sorted[k - 1], hi = sorted[k];
          const cut = lo === hi ? lo : midpoint(lo, hi);
          if (c.length === 0 || cut > c[c.length - 1]) c.push(cut);
        }
        // Equal neighbours at a rank give a cut at a data value; keep cuts strictly below the max.
        while (c.length > 0 && c[c.length - 1] >= sorted[m - 1]) c.pop();
      }
      cuts.push(Float64Array.from(c));
    }
    return new BinMapper(cuts, maxBins);
  }

  /** Codes of a row-major [n, p] matrix, row-major too: out[i · stride + f] (padding codes 0). */
  transform(x: Float64Array, n: number, p: number, stride = p): Uint8Array {
    const out = new Uint8Array(n * stride);
    binCodes(x, n, p, this.paddedCuts(p), this.missingBin, out, stride, null);
    return out;
  }

  /** The cuts padded with +Infinity to 256 per feature (`[256 · f + b]`): a fixed 8-step search with no early exit. */
  paddedCuts(p = this.cuts.length): Float64Array {
    const padded = new Float64Array(256 * p).fill(Infinity);
    for (let f = 0; f < p; f++) padded.set(this.cuts[f], 256 * f);
    return padded;
  }
}

/**
 * The codes of a row-major [n, p] matrix by the padded cuts of {@link BinMapper.paddedCuts}
 * (NaN → missingBin), written row-major to rowOut[i · stride + f] and, when colOut is given,
 * column-major to colOut[f · n + i] too. The twin of the native gbmBinCodes.
 */
export function binCodes(x: Float64Array, n: number, p: number, padded: Float64Array, missingBin: number, rowOut: Uint8Array, stride: number, colOut: Uint8Array | null): void {
  for (let i = 0; i < n; i++) {
    const row = i * stride, xrow = i * p;
    for (let f = 0; f < p; f++) {
      const v = x[xrow + f];
      let code = missingBin;
      if (v === v) {
        const c = 256 * f;
        let lo = c;
        if (padded[lo + 127] < v) lo += 128;
        if (padded[lo + 63] < v) lo += 64;
        if (padded[lo + 31] < v) lo += 32;
        if (padded[lo + 15] < v) lo += 16;
        if (padded[lo + 7] < v) lo += 8;
        if (padded[lo + 3] < v) lo += 4;
        if (padded[lo + 1] < v) lo += 2;
        if (padded[lo] < v) lo += 1;
        code = lo - c;
      }
      rowOut[row + f] = code;
      if (colOut) colOut[f * n + i] = code;
    }
  }
}

/** Sorts cols[f · n, f · n + counts[f]) ascending for every feature f (no NaN). */
export function sortColumnsJs(cols: Float64Array, n: number, counts: Int32Array): void {
  for (let f = 0; f < counts.length; f++) radixSortFloat64(cols.subarray(f * n, f * n + counts[f]));
}

/** Row-major [n × stride] codes as column-major [p × n]. */
export function transposeCodes(rowMajor: Uint8Array, n: number, p: number, stride = p): Uint8Array {
  const out = new Uint8Array(n * p);
  for (let i = 0; i < n; i++) for (let f = 0; f < p; f++) out[f * n + i] = rowMajor[i * stride + f];
  return out;
}

function midpoint(a: number, b: number): number {
  const m = a + (b - a) / 2;
  // Guard against rounding up to b (then b would fall in the lower bin).
  return m < b ? m : a;
}

/** The first index j with v ≤ cuts[j], or cuts.length. */
export function searchBin(cuts: Float64Array, v: number): number {
  let lo = 0, hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v <= cuts[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
