import { TreeData } from '../tree/data.js';
import { compact, pruneByGamma, sampleFeatures, type GrowParams, type GrownTree } from './grower.js';
import { leafScore } from './split.js';

/** XGBoost's kRtEps: a split must reduce the loss by more than rounding noise. */
const RT_EPS = 1e-6;
const f32 = Math.fround;

/**
 * The training matrix prepared for exact split finding (XGBoost's 'exact', its colmaker): the
 * values as float32 (as XGBoost stores them) and every feature's rows sorted by value once per
 * fit (src/learn/tree's TreeData presort; missing values excluded, as from XGBoost's sorted CSC
 * columns).
 */
export class ExactData {
  /** sorted[f · n + k]: the k-th smallest non-missing value of feature f (float32). */
  readonly sorted: Float32Array;
  /** order[f · n + k]: its row. */
  readonly order: Int32Array;
  /** colX[f · n + i]: row i's value of feature f (float32, NaN missing). */
  readonly colX: Float32Array;
  /** Non-missing values per feature. */
  readonly nonMissing: Int32Array;

  constructor(x: Float64Array, readonly n: number, readonly p: number) {
    const td = new TreeData(x, n, p);
    this.colX = td.colX;
    this.order = td.order;
    this.sorted = new Float32Array(n * p);
    this.nonMissing = new Int32Array(p);
    for (let f = 0; f < p; f++) {
      let m = 0;
      for (let k = 0; k < n; k++) {
        const v = td.colX[f * n + td.order[f * n + k]];
        if (v !== v) break; // NaN rows come last
        this.sorted[f * n + k] = v;
        m++;
      }
      this.nonMissing[f] = m;
    }
  }
}

/**
 * Grows one tree by exact greedy split finding (XGBoost's colmaker, depth-wise): level by level,
 * each feature's presorted column is scanned once for all the level's nodes, accumulating the
 * gradient and Hessian sums of each node's rows; every change of value is a candidate threshold
 * at the float32 midpoint of the two values. The scan runs from the largest value down with
 * missing values on the left, and, for a feature with missing values in the training data, also
 * from the smallest up with them on the right (the learned default direction), each scan ending
 * with the split of all non-missing values from the missing ones. Gains are compared in float32
 * and ties keep the first candidate (lower feature, then scan order), as XGBoost does; the gain,
 * weight, lambda/alpha, gamma and minChildWeight rules are the hist grower's (split.ts, the shared
 * gamma pruner). Column sampling by node draws once per level, as XGBoost's colmaker does.
 * `rows` is permuted so each leaf's rows are a contiguous range (ascending).
 */
export function growExactTree(data: ExactData, gh: Float64Array, rows: Int32Array, features: Int32Array, p: GrowParams, rng: () => number): GrownTree {
  const { n, sorted, order, colX, nonMissing } = data;
  const mcw = p.minChildWeight;
  const pos = new Int32Array(n).fill(-1);
  for (let k = 0; k < rows.length; k++) pos[rows[k]] = 0;
  const feature: number[] = [], bin: number[] = [], thr: number[] = [], dl: number[] = [], left: number[] = [], right: number[] = [];
  const gsum: number[] = [], hsum: number[] = [], gain: number[] = [], start: number[] = [], end: number[] = [];
  const newNode = (): number => {
    feature.push(-1); bin.push(-1); thr.push(0); dl.push(0); left.push(-1); right.push(-1);
    gsum.push(0); hsum.push(0); gain.push(0); start.push(0); end.push(0);
    return left.length - 1;
  };
  newNode();
  for (let k = 0; k < rows.length; k++) { gsum[0] += gh[2 * rows[k]]; hsum[0] += gh[2 * rows[k] + 1]; }
  const score = (g: number, h: number): number => (h <= 0 ? 0 : f32(leafScore(g, h, p)));
  let expand = [0];
  for (let depth = 0; expand.length > 0 && (p.maxDepth <= 0 || depth < p.maxDepth); depth++) {
    const m = left.length;
    const active = new Uint8Array(m);
    const rootGain = new Float64Array(m);
    for (const v of expand) { active[v] = 1; rootGain[v] = score(gsum[v], hsum[v]); }
    const G = Float64Array.from(gsum), H = Float64Array.from(hsum);
    // Per node: the running sums of the scan and the best candidate so far.
    const eG = new Float64Array(m), eH = new Float64Array(m), last = new Float64Array(m);
    const bGain = new Float64Array(m), bFeat = new Int32Array(m).fill(-1), bThr = new Float64Array(m), bDl = new Uint8Array(m);
    const offer = (v: number, loss: number, f: number, t: number, missingLeft: boolean): void => {
      if (loss > bGain[v]) { bGain[v] = loss; bFeat[v] = f; bThr[v] = t; bDl[v] = missingLeft ? 1 : 0; }
    };
    // Missing values left: the scanned (high) side is the right child.
    const lossOf = (v: number, missingLeft: boolean): number => {
      const cG = gsum[v] - eG[v], cH = hsum[v] - eH[v];
      const s = missingLeft ? f32(score(cG, cH) + score(eG[v], eH[v])) : f32(score(eG[v], eH[v]) + score(cG, cH));
      return f32(s - rootGain[v]);
    };
    const feats = sampleFeatures(sampleFeatures(features, p.colsampleBylevel, rng), p.colsampleBynode, rng);
    for (let j = 0; j < feats.length; j++) {
      const f = feats[j], base = f * n, nm = nonMissing[f];
      const indicator = nm > 0 && sorted[base] === sorted[base + nm - 1];
      for (const dir of nm < n && !indicator ? [1, -1] : [-1]) {
        for (const v of expand) { eG[v] = 0; eH[v] = 0; }
        const missingLeft = dir < 0;
        for (let k = dir > 0 ? 0 : nm - 1; k >= 0 && k < nm; k += dir) {
          const r = order[base + k], v = pos[r];
          if (v < 0 || active[v] === 0) continue;
          const fv = sorted[base + k], h = eH[v];
          if (h !== 0 && fv !== last[v] && h >= mcw) {
            const cH = H[v] - h;
            if (cH >= mcw) {
              const g = eG[v], cG = G[v] - g;
              const loss = f32(f32(score(g, h) + score(cG, cH)) - rootGain[v]);
              if (loss > bGain[v]) {
                const a = Math.min(fv, last[v]), b = Math.max(fv, last[v]);
                const mid = f32(f32(a + b) * 0.5);
                bGain[v] = loss; bFeat[v] = f; bThr[v] = mid > a && mid < b ? mid : a; bDl[v] = missingLeft ? 1 : 0;
              }
            }
          }
          eG[v] += gh[2 * r]; eH[v] += gh[2 * r + 1];
          last[v] = fv;
        }
        // Every non-missing value on one side, the missing ones on the other.
        for (const v of expand) {
          if (!(eH[v] >= mcw && hsum[v] - eH[v] >= mcw)) continue;
          const gap = f32(Math.abs(last[v]) + f32(RT_EPS));
          offer(v, lossOf(v, missingLeft), f, f32(last[v] + dir * gap), missingLeft);
        }
      }
    }
    const next: number[] = [];
    for (const v of expand) {
      if (!(bGain[v] > RT_EPS)) continue;
      feature[v] = bFeat[v]; thr[v] = bThr[v]; dl[v] = bDl[v]; gain[v] = bGain[v];
      left[v] = newNode();
      right[v] = newNode();
      next.push(left[v], right[v]);
    }
    // Move each row of a split node to its child and sum the children's gradients in row order.
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k], v = pos[r];
      if (v < 0 || !active[v] || left[v] < 0) continue;
      const x = colX[feature[v] * n + r];
      const c = (x !== x ? dl[v] === 1 : x <= thr[v]) ? left[v] : right[v];
      pos[r] = c;
      gsum[c] += gh[2 * r]; hsum[c] += gh[2 * r + 1];
    }
    expand = next;
  }
  // Rows grouped by leaf: a row's node may lie below a pruned split, so walk up to its leaf.
  const parent = new Int32Array(left.length).fill(-1);
  for (let v = 0; v < left.length; v++) if (left[v] >= 0) { parent[left[v]] = v; parent[right[v]] = v; }
  pruneByGamma({ feature, left, right, gain }, p.gamma);
  const leafOf = (v: number): number => {
    let leaf = v;
    for (let u = v; u >= 0; u = parent[u]) if (left[u] < 0) leaf = u; // the highest leaf on the path
    return leaf;
  };
  const leafCache = new Int32Array(left.length).fill(-1);
  const counts = new Int32Array(left.length + 1);
  const rowLeaf = new Int32Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    const v = pos[rows[k]];
    if (leafCache[v] < 0) leafCache[v] = leafOf(v);
    rowLeaf[k] = leafCache[v];
    counts[rowLeaf[k] + 1]++;
  }
  for (let v = 0; v < left.length; v++) { counts[v + 1] += counts[v]; start[v] = counts[v]; end[v] = counts[v + 1]; }
  const sortedRows = new Int32Array(rows.length);
  for (let k = 0; k < rows.length; k++) sortedRows[counts[rowLeaf[k]]++] = rows[k];
  rows.set(sortedRows);
  return compact(null, { feature, bin, dl, left, right, gsum, hsum, gain, start, end, threshold: thr }, p);
}
