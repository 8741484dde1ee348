import type { BinMapper } from './binning.js';

/** Regularisation of leaf weights and the constraints a split must meet (XGBoost's names). */
export interface SplitParams {
  /** L2 penalty on leaf weights (XGBoost `lambda`). */
  regLambda: number;
  /** L1 penalty on leaf weights (XGBoost `alpha`): gradients are soft-thresholded. */
  regAlpha: number;
  /** Minimum Hessian sum in each child. */
  minChildWeight: number;
}

/** The best split of a node: rows with code ≤ bin go left, missing values to defaultLeft's side. */
export interface Split {
  feature: number;
  bin: number;
  defaultLeft: boolean;
  /** Loss reduction: score(left) + score(right) − score(node), score = T(G)² / (H + λ). */
  gain: number;
  gLeft: number;
  hLeft: number;
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
