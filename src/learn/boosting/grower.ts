import type { BinMapper } from './binning.js';
import { histogramSize as hist0Size, type HistogramPool } from './histogram.js';
import { boostingKernels } from './kernels.js';
import { leafWeight, type Split, type SplitParams } from './split.js';
import { BoostedTree } from './tree.js';
import { partitionByCategory } from './categorical.js';
import type { Bundles } from './bundling.js';

/** Options of growing one tree. */
export interface GrowParams extends SplitParams {
  /** Maximum depth (0 = unlimited, only with 'lossguide'). */
  maxDepth: number;
  /** Maximum number of leaves (0 = unlimited). */
  maxLeaves: number;
  /** 'depthwise' splits every node of a level (XGBoost's default); 'lossguide' always splits the leaf with the largest gain (LightGBM). */
  growPolicy: 'depthwise' | 'lossguide';
  /** Minimum loss reduction of a split (XGBoost `gamma`); splits below it are pruned bottom-up after growth. */
  gamma: number;
  /** Shrinkage of leaf weights (XGBoost `eta`). */
  learningRate: number;
  colsampleBylevel: number;
  colsampleBynode: number;
}

/** What training needs from a grown tree: the tree, and each leaf's rows as ranges of `rows`. */
export interface GrownTree {
  tree: BoostedTree;
  /** Per leaf: [start, end) into the rows array passed to growTree (which it permuted). */
  leafRanges: { node: number; start: number; end: number; value: number }[];
}

interface Pending {
  node: number;
  hist: Float64Array;
  split: Split | null;
}

/** The binned training data shared by every tree. */
export interface BinnedData {
  /** Codes, column-major [p × n] (partitions and binned prediction read one feature). */
  bins: Uint8Array;
  /** The same codes row-major, rows padded to `stride` codes (histogram building reads whole rows). */
  binsRow: Uint8Array;
  p: number;
  stride: number;
  n: number;
  mapper: BinMapper;
  maxBins: number;
  /** Exclusive feature bundles (bundling.ts): histograms are then built over their columns. */
  bundles?: Bundles | null;
}

/** Draws k of `from` without replacement (sorted), with rng uniform in [0, 1). */
export function sampleFeatures(from: Int32Array, fraction: number, rng: () => number): Int32Array {
  if (fraction >= 1) return from;
  const k = Math.max(1, Math.round(fraction * from.length));
  const a = Int32Array.from(from);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng() * (a.length - i));
    const t = a[i]; a[i] = a[j]; a[j] = t;
  }
  return a.subarray(0, k).sort();
}

/**
 * Grows one tree on the gradients `gh` (interleaved gradient, Hessian per row) of the rows in
 * `rows` (permuted in place so each node's rows are a contiguous range, in ascending order).
 * Histograms are built for the smaller child and derived for the larger by subtraction; their
 * buffers come from `pool` (shared by the trees of a fit) and go back to it.
 */
export function growTree(data: BinnedData, gh: Float64Array, rows: Int32Array, features: Int32Array, p: GrowParams, rng: () => number, pool: HistogramPool): GrownTree {
  const { bins, binsRow, n, mapper, maxBins } = data;
  const nf = data.p;
  const scratch = new Int32Array(rows.length);
  const kern = boostingKernels();
  // EFB: histograms over the bundle columns, unpacked into per-feature histograms for the split search.
  const eb = data.bundles ?? null;
  const hRows = eb ? eb.binsRow : binsRow, hP = eb ? eb.nCols : nf, hStride = eb ? eb.stride : data.stride;
  const hCols = eb ? eb.columnsOf(features) : features;
  const unpacked = eb ? new Float64Array(hist0Size(nf, maxBins)) : null;
  // Node arrays (grown as nodes appear).
  const feature: number[] = [], bin: number[] = [], dl: number[] = [], left: number[] = [], right: number[] = [];
  const gsum: number[] = [], hsum: number[] = [], gain: number[] = [], depth: number[] = [], start: number[] = [], end: number[] = [];
  const cats = new Map<number, Uint8Array>(); // categorical splits' direction tables
  const newNode = (s: number, e: number, g: number, h: number, d: number): number => {
    feature.push(-1); bin.push(0); dl.push(0); left.push(-1); right.push(-1);
    gsum.push(g); hsum.push(h); gain.push(0); depth.push(d); start.push(s); end.push(e);
    return left.length - 1;
  };
  const levelFeatures = new Map<number, Int32Array>();
  const featuresFor = (d: number): Int32Array => {
    let lf = levelFeatures.get(d);
    if (!lf) { lf = sampleFeatures(features, p.colsampleBylevel, rng); levelFeatures.set(d, lf); }
    return sampleFeatures(lf, p.colsampleBynode, rng);
  };
  const evaluate = (node: number, hist: Float64Array): Pending => {
    const canSplit = (p.maxDepth <= 0 || depth[node] < p.maxDepth) && end[node] - start[node] >= 2;
    const fs = canSplit ? featuresFor(depth[node]) : null;
    const fh = eb && fs ? eb.unpack(hist, unpacked as Float64Array, fs, gsum[node], hsum[node]) : hist;
    const split = fs ? kern.bestSplit(fh, mapper, maxBins, fs, gsum[node], hsum[node], p) : null;
    return { node, hist, split };
  };

  let g0 = 0, h0 = 0;
  for (let k = 0; k < rows.length; k++) { g0 += gh[2 * rows[k]]; h0 += gh[2 * rows[k] + 1]; }
  const root = newNode(0, rows.length, g0, h0, 0);
  const rootHist = pool.take();
  kern.histogram(rootHist, hRows, hP, hStride, maxBins, rows, 0, rows.length, gh, hCols);
  let queue: Pending[] = [evaluate(root, rootHist)];
  let nLeaves = 1;
  while (queue.length > 0 && (p.maxLeaves <= 0 || nLeaves < p.maxLeaves)) {
    // depthwise: first in, first out (level by level); lossguide: the largest gain first.
    let pick = 0;
    if (p.growPolicy === 'lossguide') {
      for (let i = 1; i < queue.length; i++) if ((queue[i].split?.gain ?? -1) > (queue[pick].split?.gain ?? -1)) pick = i;
    }
    const cand = queue[pick];
    queue.splice(pick, 1);
    const s = cand.split;
    if (!s) { pool.give(cand.hist); continue; }
    const node = cand.node;
    // Stable partition of the node's rows: left rows first, both sides keep ascending order.
    const b = s.bin, goLeftMissing = s.defaultLeft;
    const l = s.cats
      ? partitionByCategory(rows, scratch, start[node], end[node], bins, n, s.feature, s.cats, mapper.missingBin, goLeftMissing)
      : kern.partition(rows, scratch, start[node], end[node], bins, n, s.feature, b, mapper.missingBin, goLeftMissing);
    if (s.cats) cats.set(node, s.cats);
    feature[node] = s.feature; bin[node] = b; dl[node] = goLeftMissing ? 1 : 0; gain[node] = s.gain;
    // Bundles with conflicts give approximate histograms: then the left child's sums come from its rows.
    let gL = s.gLeft, hL = s.hLeft;
    if (eb && eb.conflicts > 0) { gL = 0; hL = 0; for (let k = start[node]; k < l; k++) { gL += gh[2 * rows[k]]; hL += gh[2 * rows[k] + 1]; } }
    const ln = newNode(start[node], l, gL, hL, depth[node] + 1);
    const rn = newNode(l, end[node], gsum[node] - gL, hsum[node] - hL, depth[node] + 1);
    left[node] = ln; right[node] = rn;
    nLeaves++;
    // Children that cannot split (at maxDepth, too light) need no histogram.
    const childDepth = depth[node] + 1;
    if (p.maxDepth > 0 && childDepth >= p.maxDepth) {
      pool.give(cand.hist);
      continue;
    }
    // Build the smaller child's histogram; the parent's buffer becomes the larger child's.
    const small = l - start[node] <= end[node] - l ? ln : rn;
    const large = small === ln ? rn : ln;
    const hs = pool.take();
    kern.histogram(hs, hRows, hP, hStride, maxBins, rows, start[small], end[small], gh, hCols);
    const hp = cand.hist;
    kern.subtract(hp, hs, maxBins, hCols);
    const next = [evaluate(ln, small === ln ? hs : hp), evaluate(rn, small === rn ? hs : hp)];
    queue = queue.concat(next);
  }
  for (const c of queue) pool.give(c.hist);
  pruneByGamma({ feature, left, right, gain }, p.gamma);
  return compact(mapper, { feature, bin, dl, left, right, gsum, hsum, gain, start, end, cats }, p);
}

/** Prunes bottom-up the splits whose gain is below gamma (XGBoost's pruner); shared with the exact grower. */
export function pruneByGamma(t: { feature: number[]; left: number[]; right: number[]; gain: number[] }, gamma: number): void {
  if (!(gamma > 0)) return;
  const prune = (node: number): boolean => {
    if (t.left[node] < 0) return true;
    const lLeaf = prune(t.left[node]), rLeaf = prune(t.right[node]);
    if (lLeaf && rLeaf && t.gain[node] < gamma) { t.left[node] = -1; t.right[node] = -1; t.feature[node] = -1; return true; }
    return false;
  };
  prune(0);
}

/**
 * Renumbers the reachable nodes (pruning leaves orphans) into a BoostedTree with leaf values.
 * Thresholds come from the bin cuts, or from `t.threshold` when given (the exact grower).
 */
export function compact(
  mapper: BinMapper | null,
  t: { feature: number[]; bin: number[]; dl: number[]; left: number[]; right: number[]; gsum: number[]; hsum: number[]; gain: number[]; start: number[]; end: number[]; threshold?: number[]; cats?: Map<number, Uint8Array> },
  p: GrowParams,
): GrownTree {
  const order: number[] = [];
  const stack = [0];
  while (stack.length > 0) {
    const v = stack.pop() as number;
    order.push(v);
    if (t.left[v] >= 0) stack.push(t.right[v], t.left[v]);
  }
  const id = new Map<number, number>();
  order.forEach((v, i) => id.set(v, i));
  const m = order.length;
  const tree = new BoostedTree(new Int32Array(m), new Int32Array(m), new Float64Array(m), new Uint8Array(m), new Int32Array(m),
    new Int32Array(m), new Float64Array(m), new Float64Array(m), new Float64Array(m));
  const leafRanges: GrownTree['leafRanges'] = [];
  order.forEach((v, i) => {
    tree.cover[i] = t.hsum[v];
    tree.value[i] = leafWeight(t.gsum[v], t.hsum[v], p) * p.learningRate;
    if (t.left[v] >= 0) {
      tree.feature[i] = t.feature[v];
      tree.bin[i] = t.bin[v];
      tree.threshold[i] = t.threshold ? t.threshold[v] : t.bin[v] < (mapper as BinMapper).cuts[t.feature[v]].length ? (mapper as BinMapper).cuts[t.feature[v]][t.bin[v]] : Infinity;
      tree.defaultLeft[i] = t.dl[v];
      tree.left[i] = id.get(t.left[v]) as number;
      tree.right[i] = id.get(t.right[v]) as number;
      tree.gain[i] = t.gain[v];
      const c = t.cats?.get(v);
      if (c) tree.setCategories(i, c);
    } else {
      tree.feature[i] = -1;
      tree.left[i] = -1;
      tree.right[i] = -1;
      leafRanges.push({ node: i, start: t.start[v], end: t.end[v], value: tree.value[i] });
    }
  });
  return { tree, leafRanges };
}
