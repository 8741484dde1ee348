import { nextDouble, nextInt } from '../../tensor/random.js';
import type { Criterion } from './criterion.js';
import type { TreeData } from './data.js';

/** Values closer than this are one value (scikit-learn's FEATURE_THRESHOLD). */
const FEATURE_THRESHOLD = 1e-7;

/** The split a node search found (`pos === end` when none is valid). */
export interface SplitRecord {
  feature: number;
  /** Start of the right child in the node's [start, end) range. */
  pos: number;
  threshold: number;
  missingGoToLeft: boolean;
  improvement: number;
  impurityLeft: number;
  impurityRight: number;
}

export interface SplitterOptions {
  /** 'best': every threshold of each drawn feature; 'random': one uniform threshold per feature. */
  random: boolean;
  maxFeatures: number;
  minSamplesLeaf: number;
  minWeightLeaf: number;
}

/**
 * Finds node splits over presorted samples. Every feature keeps its own copy of the sample
 * indices, sorted by that feature's value (NaN last), and each node owns the same [start, end)
 * range in all of them; a split stably partitions every feature's range, so children stay
 * sorted without sorting again (O(nFeatures · n) per tree level). X is held column-major as
 * float32, as scikit-learn's trees see it. Only the indices are partitioned: a drawn feature's
 * values are gathered for the node's range when it is searched (with maxFeatures 'sqrt' only a
 * few features are drawn per node, while every split partitions all of them; the values are the
 * same, so the trees are too). Features are drawn as scikit-learn's BestSplitter draws them
 * (Fisher–Yates over the non-constant ones, known-constant features skipped).
 *
 * Ties: a candidate replaces the best only when its proxy improvement is strictly larger, so
 * when two features give equally good splits the first visited wins, as in scikit-learn. The
 * visiting order comes from nabla's generator, not NumPy's, so where features tie the chosen
 * split can differ from scikit-learn's for the same randomState (even with maxFeatures null);
 * everywhere else the trees are identical (tools/parity_learn/tree.py checks exactly those nodes).
 */
export class Splitter {
  /** Number of samples with nonzero weight (the root's [0, n) range). */
  readonly n: number;
  readonly nFeatures: number;
  /** sorted[f * n + p]: sample at position p of feature f's order. */
  readonly sorted: Int32Array;
  /** xbuf[p]: the value of the sample at position p of the feature being searched (gathered per node). */
  private readonly xbuf: Float32Array;
  private readonly colX: Float32Array;
  private readonly nTotal: number;
  private readonly features: Int32Array;
  private readonly constantFeatures: Int32Array;
  private readonly goLeft: Uint8Array;
  private readonly tmp: Int32Array;

  constructor(data: TreeData, weights: Float64Array | null, readonly criterion: Criterion, private readonly opts: SplitterOptions) {
    const { colX, nTotal, nFeatures, order } = data;
    this.nFeatures = nFeatures;
    let n = nTotal;
    if (weights !== null) {
      n = 0;
      for (let s = 0; s < nTotal; s++) if (weights[s] !== 0) n++;
    }
    this.n = n;
    this.sorted = new Int32Array(nFeatures * n);
    this.colX = colX;
    this.nTotal = nTotal;
    // Each feature's order restricted to the samples with nonzero weight: O(nFeatures · nTotal), no sorting.
    for (let f = 0; f < nFeatures; f++) {
      const src = order.subarray(f * nTotal, (f + 1) * nTotal);
      const dst = this.sorted.subarray(f * n, (f + 1) * n);
      if (weights === null) dst.set(src);
      else {
        let m = 0;
        for (let p = 0; p < nTotal; p++) {
          const s = src[p];
          if (weights[s] !== 0) dst[m++] = s;
        }
      }
    }
    this.features = Int32Array.from({ length: nFeatures }, (_, i) => i);
    this.constantFeatures = new Int32Array(nFeatures);
    this.goLeft = new Uint8Array(nTotal);
    this.tmp = new Int32Array(n);
    this.xbuf = new Float32Array(n);
  }

  // The best candidate so far (fields, not closure variables: this loop is the hot path).
  private bProxy = -Infinity;
  private bFeature = -1;
  private bPos = 0;
  private bThreshold = 0;
  private bMgl = false;
  private bNMissing = 0;
  private xf: Float32Array = new Float32Array(0);

  private consider(f: number, start: number, total: number, nLeft: number, threshold: number, mgl: boolean, nMissing: number): void {
    const { minSamplesLeaf, minWeightLeaf } = this.opts;
    if (nLeft < minSamplesLeaf || total - nLeft < minSamplesLeaf) return;
    const crit = this.criterion;
    if (crit.weightedNLeft < minWeightLeaf || crit.weightedNRight < minWeightLeaf) return;
    const proxy = crit.proxyImprovement();
    if (proxy > this.bProxy) {
      this.bProxy = proxy;
      this.bFeature = f;
      this.bPos = start + nLeft;
      this.bThreshold = threshold;
      this.bMgl = mgl;
      this.bNMissing = nMissing;
    }
  }

  /** Scans every boundary between distinct values of xf[start..endNM) (NaNs at [endNM, end) left when mgl). */
  private scanBest(f: number, seg: Int32Array, start: number, endNM: number, end: number, mgl: boolean): void {
    const crit = this.criterion;
    const xf = this.xf;
    const total = end - start;
    const nMissing = end - endNM;
    crit.reset();
    if (mgl) for (let p = endNM; p < end; p++) crit.add(seg[p]);
    const extra = mgl ? nMissing : 0;
    const minLeaf = this.opts.minSamplesLeaf;
    let p = start;
    while (p < endNM) {
      while (p + 1 < endNM && xf[p + 1] <= xf[p] + FEATURE_THRESHOLD) crit.add(seg[p++]);
      crit.add(seg[p++]);
      if (p < endNM) {
        const nLeft = p - start + extra;
        if (nLeft < minLeaf || total - nLeft < minLeaf) continue;
        const a = xf[p - 1], b = xf[p];
        let threshold = a / 2.0 + b / 2.0;
        if (threshold === b || threshold === Infinity || threshold === -Infinity) threshold = a;
        this.consider(f, start, total, nLeft, threshold, mgl, nMissing);
      }
    }
    // All non-missing values left, the missing ones right.
    if (nMissing > 0 && !mgl && endNM > start) this.consider(f, start, total, endNM - start, Infinity, false, nMissing);
  }

  /** One uniform threshold between the node's min and max of the feature (NaN right). */
  private scanRandom(f: number, seg: Int32Array, start: number, endNM: number, end: number): void {
    if (endNM === start) return;
    const xf = this.xf, crit = this.criterion;
    const lo = xf[start], hi = xf[endNM - 1];
    let threshold = lo + (hi - lo) * nextDouble();
    if (threshold === hi) threshold = lo;
    // First position whose value exceeds the threshold (binary search over the sorted non-missing part).
    let a = start, b = endNM;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (xf[mid] <= threshold) a = mid + 1; else b = mid;
    }
    const minLeaf = this.opts.minSamplesLeaf;
    if (a - start < minLeaf || end - a < minLeaf) return;
    crit.reset();
    for (let p = start; p < a; p++) crit.add(seg[p]);
    this.consider(f, start, end - start, a - start, threshold, false, end - endNM);
  }

  /**
   * Best split of the node [start, end) with parent impurity `impurity`, given the number of
   * features already known constant there; returns the split and the updated constant count.
   */
  nodeSplit(start: number, end: number, impurity: number, nKnownConstants: number): { split: SplitRecord; nConstant: number } {
    const { features, constantFeatures, opts, criterion: crit, n } = this;
    this.bProxy = -Infinity;
    this.bFeature = -1;
    this.bPos = end;
    let nVisited = 0, nFound = 0, nDrawn = 0, nTotalConst = nKnownConstants;
    let fI = this.nFeatures;
    const total = end - start;

    while (fI > nTotalConst && (nVisited < opts.maxFeatures || nVisited <= nFound + nDrawn)) {
      nVisited++;
      let fJ = nDrawn + nextInt(fI - nFound - nDrawn);
      if (fJ < nKnownConstants) {
        const t = features[nDrawn]; features[nDrawn] = features[fJ]; features[fJ] = t;
        nDrawn++;
        continue;
      }
      fJ += nFound;
      const f = features[fJ];
      const seg = this.sorted.subarray(f * n, (f + 1) * n);
      const xf = (this.xf = this.xbuf);
      const colX = this.colX, base = f * this.nTotal;
      for (let p = start; p < end; p++) xf[p] = colX[base + seg[p]];
      let endNM = end;
      while (endNM > start && Number.isNaN(xf[endNM - 1])) endNM--;
      const nMissing = end - endNM;
      const flat = endNM === start || xf[endNM - 1] <= xf[start] + FEATURE_THRESHOLD;
      if (flat && (nMissing === 0 || nMissing === total)) {
        features[fJ] = features[nTotalConst]; features[nTotalConst] = f;
        nFound++;
        nTotalConst++;
        continue;
      }
      fI--;
      features[fJ] = features[fI]; features[fI] = f;
      if (opts.random) this.scanRandom(f, seg, start, endNM, end);
      else {
        this.scanBest(f, seg, start, endNM, end, false);
        if (nMissing > 0) this.scanBest(f, seg, start, endNM, end, true);
      }
    }

    const best: SplitRecord = { feature: this.bFeature, pos: this.bPos, threshold: this.bThreshold, missingGoToLeft: this.bMgl,
      improvement: -Infinity, impurityLeft: Infinity, impurityRight: Infinity };
    if (best.pos < end) {
      // No NaN seen at fit: NaN at predict time follows the larger child.
      if (this.bNMissing === 0) best.missingGoToLeft = best.pos - start > end - best.pos;
      this.markLeft(best, start, end);
      crit.reset();
      const seg = this.sorted.subarray(best.feature * n, (best.feature + 1) * n);
      for (let p = start; p < end; p++) if (this.goLeft[seg[p]]) crit.add(seg[p]);
      crit.childrenImpurity();
      best.impurityLeft = crit.impurityLeft;
      best.impurityRight = crit.impurityRight;
      best.improvement = crit.impurityImprovement(impurity, best.impurityLeft, best.impurityRight);
    }
    // Keep the constant features at the front for the children (scikit-learn's invariant).
    features.set(constantFeatures.subarray(0, nKnownConstants), 0);
    constantFeatures.set(features.subarray(nKnownConstants, nKnownConstants + nFound), nKnownConstants);
    return { split: best, nConstant: nKnownConstants + nFound };
  }

  private markLeft(split: SplitRecord, start: number, end: number): void {
    const { n, goLeft, colX } = this;
    const seg = this.sorted.subarray(split.feature * n, (split.feature + 1) * n);
    const base = split.feature * this.nTotal;
    for (let p = start; p < end; p++) {
      const s = seg[p];
      const x = colX[base + s];
      goLeft[s] = (x !== x ? split.missingGoToLeft : x <= split.threshold) ? 1 : 0;
    }
  }

  /**
   * Stably partitions every feature's [start, end) range by the split last returned by nodeSplit
   * (only feature 0's, which the criterion reads, when `onlyFirst`: both children are leaves).
   */
  partition(start: number, end: number, pos: number, onlyFirst = false): void {
    const { n, goLeft, tmp, sorted } = this;
    const nf = onlyFirst ? 1 : this.nFeatures;
    for (let f = 0; f < nf; f++) {
      const o = f * n;
      let l = o + start, r = 0;
      for (let p = o + start; p < o + end; p++) {
        const s = sorted[p];
        if (goLeft[s]) sorted[l++] = s; else tmp[r++] = s;
      }
      if (l !== o + pos) throw new Error(`Splitter.partition: feature ${f} put ${l - o - start} samples left, expected ${pos - start}`);
      sorted.set(tmp.subarray(0, r), l);
    }
  }

  /** Initializes the criterion on the node [start, end) (feature 0's order; any order holds the same samples). */
  nodeReset(start: number, end: number): void {
    this.criterion.init(this.sorted, start, end);
  }
}
