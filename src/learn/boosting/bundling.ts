import { rowStride } from './histogram.js';
import type { BinMapper } from './binning.js';

/**
 * Exclusive feature bundling (LightGBM's EFB): sparse features that are (almost) never non-default
 * in the same row share one histogram column. Each bundled feature keeps its non-default bins at
 * an offset inside the column (code 0 is "every feature at its default bin"), so histograms are
 * built over fewer columns; before the split search a node's column histograms are unpacked back
 * into per-feature histograms (a feature's default bin is the node's total minus its other bins,
 * as LightGBM does), and trees, predictions and importances stay in terms of the original
 * features. Partitions and binned predictions read the original codes.
 */
export class Bundles {
  constructor(
    /** Bundled codes, row-major with rows padded to `stride` (what the histogram kernels read). */
    readonly binsRow: Uint8Array,
    readonly nCols: number,
    readonly stride: number,
    /** Per feature: its column, the offset of its first non-default bin there (0: alone in its column, codes as is), and its default bin. */
    readonly col: Int32Array,
    readonly offset: Int32Array,
    readonly defaultBin: Int32Array,
    private readonly mapper: BinMapper,
    private readonly maxBins: number,
    /** Rows where two features of a bundle are both non-default (0 with maxConflictRate 0). */
    readonly conflicts = 0,
  ) {}

  /** Features grouped into multi-feature columns. */
  get nBundled(): number {
    let c = 0;
    for (const o of this.offset) if (o > 0) c++;
    return c;
  }

  /** The columns holding any of `features`, ascending. */
  columnsOf(features: Int32Array): Int32Array {
    const seen = new Uint8Array(this.nCols);
    for (const f of features) seen[this.col[f]] = 1;
    const out: number[] = [];
    for (let c = 0; c < this.nCols; c++) if (seen[c]) out.push(c);
    return Int32Array.from(out);
  }

  /**
   * Writes the per-feature histograms of `features` ([f · maxBins + b] · 2 layout, value bins and
   * the missing bin) into `out` from the column histograms `hist` of a node with totals (G, H).
   */
  unpack(hist: Float64Array, out: Float64Array, features: Int32Array | number[], G: number, H: number): Float64Array {
    const w = this.maxBins * 2, miss = this.mapper.missingBin;
    for (let j = 0; j < features.length; j++) {
      const f = features[j];
      const nb = this.mapper.nBins(f), src = this.col[f] * w, dst = f * w, off = this.offset[f];
      if (off === 0) {
        out.set(hist.subarray(src, src + 2 * nb), dst);
        out[dst + 2 * miss] = hist[src + 2 * miss];
        out[dst + 2 * miss + 1] = hist[src + 2 * miss + 1];
        continue;
      }
      const d = this.defaultBin[f];
      let g = 0, h = 0;
      for (let b = 0; b < nb; b++) {
        if (b === d) continue;
        const k = src + 2 * (off + (b < d ? b : b - 1));
        out[dst + 2 * b] = hist[k];
        out[dst + 2 * b + 1] = hist[k + 1];
        g += hist[k];
        h += hist[k + 1];
      }
      out[dst + 2 * d] = G - g;
      out[dst + 2 * d + 1] = H - h;
      out[dst + 2 * miss] = 0;
      out[dst + 2 * miss + 1] = 0;
    }
    return out;
  }
}

/**
 * Greedy bundling (LightGBM's FindGroups): the candidates are the features without missing
 * values, not excluded, that sit at their most frequent bin in more than half of the rows; in
 * decreasing order of non-default rows, each joins the first bundle where it adds at most
 * maxConflictRate · n conflicting rows in total and its non-default bins still fit the column's
 * maxBins − 2 codes, else opens one. Null when no bundle gets two features. On conflicting rows
 * the higher-indexed feature's code wins, so with conflicts the histograms are approximate (the
 * grower then sums each child's gradients from its rows, so leaf values stay exact).
 */
export function bundleFeatures(bins: Uint8Array, n: number, p: number, mapper: BinMapper, maxBins: number, maxConflictRate: number, exclude: Uint8Array | null): Bundles | null {
  const miss = mapper.missingBin;
  const defaultBin = new Int32Array(p);
  const nz: (Int32Array | null)[] = new Array(p).fill(null);
  const count = new Int32Array(256);
  for (let f = 0; f < p; f++) {
    if (exclude && exclude[f]) continue;
    const col = bins.subarray(f * n, f * n + n);
    count.fill(0);
    for (let i = 0; i < n; i++) count[col[i]]++;
    if (count[miss] > 0 || mapper.nBins(f) < 2) continue;
    let d = 0;
    for (let b = 1; b < 256; b++) if (count[b] > count[d]) d = b;
    if (2 * count[d] <= n) continue;
    defaultBin[f] = d;
    const rows = new Int32Array(n - count[d]);
    for (let i = 0, k = 0; i < n; i++) if (col[i] !== d) rows[k++] = i;
    nz[f] = rows;
  }
  const cand = Array.from({ length: p }, (_, f) => f).filter((f) => nz[f] !== null);
  cand.sort((a, b) => (nz[b] as Int32Array).length - (nz[a] as Int32Array).length || a - b);
  const maxConflict = Math.floor(maxConflictRate * n);
  const bundles: { features: number[]; used: number; conflicts: number; mark: Uint8Array }[] = [];
  for (const f of cand) {
    const rows = nz[f] as Int32Array, need = mapper.nBins(f) - 1;
    let home = -1;
    for (let j = 0; j < bundles.length && home < 0; j++) {
      const bd = bundles[j];
      if (bd.used + need > maxBins - 2) continue;
      let c = 0;
      for (let k = 0; k < rows.length && bd.conflicts + c <= maxConflict; k++) c += bd.mark[rows[k]];
      if (bd.conflicts + c <= maxConflict) { home = j; bd.conflicts += c; }
    }
    if (home < 0) { bundles.push({ features: [], used: 0, conflicts: 0, mark: new Uint8Array(n) }); home = bundles.length - 1; }
    const bd = bundles[home];
    bd.features.push(f);
    bd.used += need;
    for (const r of rows) bd.mark[r] = 1;
  }
  const multi = bundles.filter((b) => b.features.length >= 2);
  if (multi.length === 0) return null;
  // Columns: the features left alone first (in order), then the bundles.
  const col = new Int32Array(p).fill(-1), offset = new Int32Array(p);
  let nCols = 0;
  const inBundle = new Uint8Array(p);
  for (const b of multi) for (const f of b.features) inBundle[f] = 1;
  for (let f = 0; f < p; f++) if (!inBundle[f]) col[f] = nCols++;
  for (const b of multi) {
    let next = 1;
    for (const f of b.features) { col[f] = nCols; offset[f] = next; next += mapper.nBins(f) - 1; }
    nCols++;
  }
  const stride = rowStride(nCols);
  const binsRow = new Uint8Array(n * stride);
  for (let f = 0; f < p; f++) {
    const src = bins.subarray(f * n, f * n + n), c = col[f];
    if (offset[f] === 0) { for (let i = 0; i < n; i++) binsRow[i * stride + c] = src[i]; continue; }
    const d = defaultBin[f], off = offset[f];
    for (const i of nz[f] as Int32Array) { const b = src[i]; binsRow[i * stride + c] = off + (b < d ? b : b - 1); }
  }
  const conflicts = multi.reduce((c, b) => c + b.conflicts, 0);
  return new Bundles(binsRow, nCols, stride, col, offset, defaultBin, mapper, maxBins, conflicts);
}
