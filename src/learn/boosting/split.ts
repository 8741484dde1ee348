import type { BinMapper } from './binning.js';

/** Regularisation of leaf weights and the constraints a split must meet (XGBoost's names). */
export interface SplitParams {
  /** L2 penalty on leaf weights (XGBoost `lambda`). */
  regLambda: number;
  /** L1 penalty on leaf weights (XGBoost `alpha`): gradients are soft-thresholded. */
  regAlpha: number;
  /** Minimum Hessian sum in each child. */
  minChildWeight: number;
  /** Per feature, 1 when its codes are categories (native categorical splits); null or absent: none. */
  categorical?: Uint8Array | null;
  /** Categorical features with fewer categories than this split one category against the rest (XGBoost `max_cat_to_onehot`). */
  maxCatToOnehot?: number;
  /** Added to each category's Hessian sum when ordering categories for a partition split (LightGBM `cat_smooth`; 0 = XGBoost's order). */
  catSmooth?: number;
}

/**
 * The best split of a node: rows with code ≤ bin go left, missing values to defaultLeft's side;
 * for a categorical feature, rows whose category c has cats[c] = 1 go left (bin is −1).
 */
export interface Split {
  feature: number;
  bin: number;
  defaultLeft: boolean;
  /** Loss reduction: score(left) + score(right) − score(node), score = T(G)² / (H + λ). */
  gain: number;
  gLeft: number;
  hLeft: number;
  /** Categorical splits: per category code of the feature, 1 = left (absent categories take the default side). */
  cats?: Uint8Array;
}

/** Soft-thresholding of a gradient sum by alpha (the L1 penalty). */
export function thresholdL1(g: number, alpha: number): number {
  if (g > alpha) return g - alpha;
  if (g < -alpha) return g + alpha;
  return 0;
}

/** T(G)² / (H + λ): twice the loss reduction of a leaf with the optimal weight. */
export function leafScore(g: number, h: number, p: SplitParams): number {
  const t = p.regAlpha > 0 ? thresholdL1(g, p.regAlpha) : g;
  return (t * t) / (h + p.regLambda);
}

/** The optimal leaf weight −T(G) / (H + λ) (before the learning rate). */
export function leafWeight(g: number, h: number, p: SplitParams): number {
  const t = p.regAlpha > 0 ? thresholdL1(g, p.regAlpha) : g;
  return -t / (h + p.regLambda);
}

/**
 * The best split over `features` of a node with totals (G, H), from its histogram; null when no
 * split meets minChildWeight or improves the loss. Each threshold is tried with the missing
 * values on the left and on the right (the learned default direction); ties keep the first
 * candidate in feature, then bin order.
 */
export function findBestSplit(
  hist: Float64Array, mapper: BinMapper, maxBins: number, features: Int32Array | number[],
  G: number, H: number, p: SplitParams,
): Split | null {
  const parent = leafScore(G, H, p);
  const mcw = p.minChildWeight;
  const miss = mapper.missingBin;
  let best: Split | null = null;
  let bestGain = 1e-6; // XGBoost's kRtEps: a split must reduce the loss by more than rounding noise
  for (let j = 0; j < features.length; j++) {
    const f = features[j];
    if (p.categorical && p.categorical[f]) {
      const c = bestCategoricalSplit(hist, f, mapper.nBins(f), maxBins, miss, G, H, parent, bestGain, p);
      if (c) { best = c; bestGain = c.gain; }
      continue;
    }
    const base = f * maxBins * 2;
    const nb = mapper.nBins(f);
    const gm = hist[base + 2 * miss], hm = hist[base + 2 * miss + 1];
    const hasMissing = hm > 0 || gm !== 0;
    // Without missing values both directions give the same split; like XGBoost, record it as left.
    let gl = 0, hl = 0;
    for (let b = 0; b < nb - 1; b++) {
      gl += hist[base + 2 * b];
      hl += hist[base + 2 * b + 1];
      // Missing values right.
      let hr = H - hl;
      if (hl >= mcw && hr >= mcw) {
        const gain = leafScore(gl, hl, p) + leafScore(G - gl, hr, p) - parent;
        if (gain > bestGain) {
          bestGain = gain;
          best = { feature: f, bin: b, defaultLeft: !hasMissing, gain, gLeft: gl, hLeft: hl };
        }
      }
      if (!hasMissing) continue;
      // Missing values left.
      const gl2 = gl + gm, hl2 = hl + hm;
      hr = H - hl2;
      if (hl2 >= mcw && hr >= mcw) {
        const gain = leafScore(gl2, hl2, p) + leafScore(G - gl2, hr, p) - parent;
        if (gain > bestGain) {
          bestGain = gain;
          best = { feature: f, bin: b, defaultLeft: true, gain, gLeft: gl2, hLeft: hl2 };
        }
      }
    }
  }
  return best;
}

/**
 * The best split of categorical feature f (categories = its codes 0..K−1) better than `minGain`
 * (LightGBM / XGBoost): with fewer than maxCatToOnehot categories, each category present against
 * the rest; otherwise the categories present are sorted by their leaf weight −T(G)/(H + catSmooth
 * + λ) and every prefix of that order is tried as the left set. Both try missing values on each
 * side; categories absent from the node go to the missing values' (default) side.
 */
function bestCategoricalSplit(
  hist: Float64Array, f: number, K: number, maxBins: number, miss: number, G: number, H: number, parent: number, minGain: number, p: SplitParams,
): Split | null {
  const base = f * maxBins * 2;
  const mcw = p.minChildWeight;
  const gm = hist[base + 2 * miss], hm = hist[base + 2 * miss + 1];
  const present: number[] = [];
  for (let c = 0; c < K; c++) if (hist[base + 2 * c + 1] > 0 || hist[base + 2 * c] !== 0) present.push(c);
  if (present.length < 2 && !(present.length === 1 && (hm > 0 || gm !== 0))) return null;
  const oneHot = K < (p.maxCatToOnehot ?? 4);
  if (!oneHot) {
    const smooth = p.catSmooth ?? 0;
    const key = new Map(present.map((c) => [c, leafWeight(hist[base + 2 * c], hist[base + 2 * c + 1] + smooth, p)]));
    present.sort((a, b) => (key.get(a) as number) - (key.get(b) as number) || a - b);
  }
  let best: { gain: number; from: number; to: number; dl: boolean; gl: number; hl: number } | null = null;
  const tryLeft = (gl: number, hl: number, from: number, to: number): void => {
    // Missing values right, then left.
    for (const dl of [false, true]) {
      const g = dl ? gl + gm : gl, h = dl ? hl + hm : hl;
      if (dl && hm === 0 && gm === 0) continue;
      if (h >= mcw && H - h >= mcw) {
        const gain = leafScore(g, h, p) + leafScore(G - g, H - h, p) - parent;
        if (gain > minGain && (!best || gain > best.gain)) best = { gain, from, to, dl, gl: g, hl: h };
      }
    }
  };
  if (oneHot) {
    for (let i = 0; i < present.length; i++) tryLeft(hist[base + 2 * present[i]], hist[base + 2 * present[i] + 1], i, i + 1);
  } else {
    let gl = 0, hl = 0;
    for (let i = 0; i < present.length - 1; i++) {
      gl += hist[base + 2 * present[i]]; hl += hist[base + 2 * present[i] + 1];
      tryLeft(gl, hl, 0, i + 1);
    }
  }
  if (!best) return null;
  const b = best as { gain: number; from: number; to: number; dl: boolean; gl: number; hl: number };
  const cats = new Uint8Array(K).fill(b.dl ? 1 : 0);
  for (const c of present) cats[c] = 0;
  for (let i = b.from; i < b.to; i++) cats[present[i]] = 1;
  return { feature: f, bin: -1, defaultLeft: b.dl, gain: b.gain, gLeft: b.gl, hLeft: b.hl, cats };
}
