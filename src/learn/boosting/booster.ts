import { ValueError } from '../../tensor/errors.js';
import { nextDouble } from '../../tensor/random.js';
import { BinMapper } from './binning.js';
import { HistogramPool, histogramSize, rowStride } from './histogram.js';
import { boostingKernels } from './kernels.js';
import { evaluate, maximises, type EvalMetric } from './evaluation.js';
import { growTree, sampleFeatures, type BinnedData } from './grower.js';
import type { Loss } from './losses.js';
import { BoostedTree } from './tree.js';
import { ExactData, growExactTree } from './exact.js';
import { binCategories, categoricalMask, type CategoricalFeatures } from './categorical.js';
import { bundleFeatures } from './bundling.js';

/** Options shared by GradientBoostingClassifier and GradientBoostingRegressor (XGBoost's names and defaults, camelCased). */
export interface BoostingOptions {
  /** Boosting rounds (trees per output). Default 100. */
  nEstimators?: number;
  /** Shrinkage of each tree (XGBoost `eta`). Default 0.3. */
  learningRate?: number;
  /** Maximum tree depth (0 = unlimited, with growPolicy 'lossguide'). Default 6. */
  maxDepth?: number;
  /** Maximum leaves per tree (0 = unlimited). Default 0. */
  maxLeaves?: number;
  /** 'depthwise' (XGBoost) or 'lossguide' (leaf-wise, LightGBM). Default 'depthwise'. */
  growPolicy?: 'depthwise' | 'lossguide';
  /**
   * Split finding: 'hist' (histograms of quantile bins, default) or 'exact' (XGBoost's exact
   * greedy algorithm: every distinct value of a node's rows is a candidate; depth-wise only).
   */
  treeMethod?: 'hist' | 'exact';
  /**
   * Features whose values are integer category codes (≥ 0, below maxBins − 1; NaN missing), as
   * indices or a boolean mask: split natively by sets of categories ('hist' only). Default null.
   */
  categoricalFeatures?: CategoricalFeatures;
  /** Categorical features with fewer categories than this are split one category against the rest; others by sorted partitions (XGBoost `max_cat_to_onehot`). Default 4. */
  maxCatToOnehot?: number;
  /** Extra Hessian added to each category when sorting categories for a partition split (LightGBM `cat_smooth`). Default 0 (XGBoost's order). */
  catSmooth?: number;
  /**
   * Exclusive feature bundling (LightGBM's EFB): sparse, mutually exclusive features (one-hot
   * columns) share one histogram column, which makes histograms cheaper; the trees are those of
   * the unbundled model (up to the rounding of derived sums). 'hist' only. Default true.
   */
  enableBundle?: boolean;
  /** The fraction of rows in which bundled features may both be non-default (LightGBM `max_conflict_rate`). Default 0. */
  maxConflictRate?: number;
  /** Bins per feature including the missing-value bin (≤ 256). Default 256. */
  maxBins?: number;
  /** L2 penalty on leaf weights (XGBoost `lambda`). Default 1. */
  regLambda?: number;
  /** L1 penalty on leaf weights (XGBoost `alpha`). Default 0. */
  regAlpha?: number;
  /** Minimum loss reduction to keep a split (XGBoost `gamma`). Default 0. */
  gamma?: number;
  /** Minimum Hessian sum in a child. Default 1. */
  minChildWeight?: number;
  /** Fraction of rows drawn (Bernoulli) for each round. Default 1. */
  subsample?: number;
  /** 'uniform' rows, or 'goss' (LightGBM: keep the topRate largest |g|, draw otherRate of the rest, amplified by (1 − a)/b). */
  samplingMethod?: 'uniform' | 'goss';
  topRate?: number;
  otherRate?: number;
  /** Fractions of features drawn per tree, then per level, then per node. Default 1. */
  colsampleBytree?: number;
  colsampleBylevel?: number;
  colsampleBynode?: number;
  /** The initial prediction in prediction space (a probability for the logistic loss); null estimates it (mean, log-odds of the mean, log mean, median). */
  baseScore?: number | null;
  /** Stop when the first metric on evalSet has not improved for this many rounds; the model keeps the best round. */
  earlyStoppingRounds?: number | null;
  /** Metric on evalSet; default logloss / mlogloss / rmse by loss. */
  evalMetric?: EvalMetric | null;
  /** Seed of the row and column sampling. */
  randomState?: number | null;
}

export const BOOSTING_DEFAULTS: Required<BoostingOptions> = {
  nEstimators: 100, learningRate: 0.3, maxDepth: 6, maxLeaves: 0, growPolicy: 'depthwise', treeMethod: 'hist', maxBins: 256,
  categoricalFeatures: null, maxCatToOnehot: 4, catSmooth: 0, enableBundle: true, maxConflictRate: 0,
  regLambda: 1, regAlpha: 0, gamma: 0, minChildWeight: 1, subsample: 1, samplingMethod: 'uniform', topRate: 0.2, otherRate: 0.1,
  colsampleBytree: 1, colsampleBylevel: 1, colsampleBynode: 1, baseScore: null, earlyStoppingRounds: null, evalMetric: null, randomState: null,
};

/** A fitted ensemble: per round, one tree per output, added to the base margins. */
export interface BoosterModel {
  baseMargin: number[];
  trees: BoostedTree[][];
  bestIteration: number;
  /** The validation metric after each round (empty without evalSet). */
  evalHistory: number[];
}

/** Training data (row-major float64, NaN missing) and the targets as the loss wants them. */
export interface TrainSet {
  x: Float64Array;
  n: number;
  p: number;
  y: Float64Array;
  w: Float64Array | null;
}

function checkRange(name: string, v: number, lo: number, hi: number, loOpen = true): void {
  if (!(loOpen ? v > lo : v >= lo) || !(v <= hi)) throw new ValueError(`${name}: expected a number in ${loOpen ? '(' : '['}${lo}, ${hi}], got ${v}`);
}

function validate(o: Required<BoostingOptions>): void {
  if (!Number.isInteger(o.nEstimators) || o.nEstimators < 1) throw new ValueError(`nEstimators: expected a positive integer, got ${o.nEstimators}`);
  checkRange('learningRate', o.learningRate, 0, Infinity);
  if (!Number.isInteger(o.maxDepth) || o.maxDepth < 0) throw new ValueError(`maxDepth: expected a non-negative integer, got ${o.maxDepth}`);
  if (!Number.isInteger(o.maxLeaves) || o.maxLeaves < 0 || o.maxLeaves === 1) throw new ValueError(`maxLeaves: expected 0 or an integer ≥ 2, got ${o.maxLeaves}`);
  if (o.growPolicy !== 'depthwise' && o.growPolicy !== 'lossguide') throw new ValueError(`growPolicy: expected 'depthwise' or 'lossguide', got ${String(o.growPolicy)}`);
  if (o.maxDepth === 0 && (o.growPolicy !== 'lossguide' || o.maxLeaves === 0)) throw new ValueError(`maxDepth: 0 (unlimited) needs growPolicy 'lossguide' with maxLeaves > 0`);
  if (o.treeMethod !== 'hist' && o.treeMethod !== 'exact') throw new ValueError(`treeMethod: expected 'hist' or 'exact', got ${String(o.treeMethod)}`);
  if (o.treeMethod === 'exact' && (o.growPolicy !== 'depthwise' || o.maxLeaves !== 0)) throw new ValueError(`treeMethod: 'exact' grows depth-wise only (XGBoost's colmaker); growPolicy 'lossguide' and maxLeaves need treeMethod 'hist'`);
  if (!Number.isInteger(o.maxCatToOnehot) || o.maxCatToOnehot < 1) throw new ValueError(`maxCatToOnehot: expected a positive integer, got ${o.maxCatToOnehot}`);
  checkRange('catSmooth', o.catSmooth, 0, Infinity, false);
  if (typeof o.enableBundle !== 'boolean') throw new ValueError(`enableBundle: expected a boolean, got ${String(o.enableBundle)}`);
  if (!(o.maxConflictRate >= 0 && o.maxConflictRate < 1)) throw new ValueError(`maxConflictRate: expected a number in [0, 1), got ${o.maxConflictRate}`);
  if (o.categoricalFeatures !== null && o.treeMethod === 'exact') throw new ValueError(`categoricalFeatures: native categorical splits need treeMethod 'hist', got 'exact'`);
  checkRange('regLambda', o.regLambda, 0, Infinity, false);
  checkRange('regAlpha', o.regAlpha, 0, Infinity, false);
  checkRange('gamma', o.gamma, 0, Infinity, false);
  checkRange('minChildWeight', o.minChildWeight, 0, Infinity, false);
  checkRange('subsample', o.subsample, 0, 1);
  checkRange('colsampleBytree', o.colsampleBytree, 0, 1);
  checkRange('colsampleBylevel', o.colsampleBylevel, 0, 1);
  checkRange('colsampleBynode', o.colsampleBynode, 0, 1);
  if (o.samplingMethod !== 'uniform' && o.samplingMethod !== 'goss') throw new ValueError(`samplingMethod: expected 'uniform' or 'goss', got ${String(o.samplingMethod)}`);
  checkRange('topRate', o.topRate, 0, 1);
  checkRange('otherRate', o.otherRate, 0, 1);
  if (o.samplingMethod === 'goss' && o.topRate + o.otherRate > 1) throw new ValueError(`topRate + otherRate: must be ≤ 1 for GOSS, got ${o.topRate + o.otherRate}`);
  if (o.earlyStoppingRounds !== null && (!Number.isInteger(o.earlyStoppingRounds) || o.earlyStoppingRounds < 1)) throw new ValueError(`earlyStoppingRounds: expected a positive integer or null, got ${o.earlyStoppingRounds}`);
}

/** Rows of this round: all, a Bernoulli subsample, or GOSS (which rescales gh of the sampled small-gradient rows). */
function sampleRows(n: number, o: Required<BoostingOptions>, gh: Float64Array[]): Int32Array {
  if (o.samplingMethod === 'goss') {
    const mag = new Float64Array(n);
    for (const g of gh) for (let i = 0; i < n; i++) mag[i] += Math.abs(g[2 * i] * g[2 * i + 1]);
    const nTop = Math.floor(o.topRate * n);
    const sorted = Float64Array.from(mag).sort();
    const cut = nTop > 0 ? sorted[n - nTop] : Infinity;
    const pRest = o.otherRate / (1 - o.topRate);
    const amp = (1 - o.topRate) / o.otherRate;
    const keep: number[] = [];
    for (let i = 0; i < n; i++) {
      if (mag[i] >= cut) keep.push(i);
      else if (nextDouble() < pRest) {
        keep.push(i);
        for (const g of gh) { g[2 * i] *= amp; g[2 * i + 1] *= amp; }
      }
    }
    return Int32Array.from(keep);
  }
  if (o.subsample >= 1) {
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    return all;
  }
  const keep: number[] = [];
  for (let i = 0; i < n; i++) if (nextDouble() < o.subsample) keep.push(i);
  if (keep.length === 0) keep.push(Math.floor(nextDouble() * n));
  return Int32Array.from(keep);
}

/**
 * Trains a boosted ensemble (XGBoost 'hist'): bins the features once, then each round computes
 * every output's gradients, draws rows and columns, grows one tree per output on histograms of
 * the binned data, and adds its leaves to the raw scores of the training rows directly (rows
 * left out by sampling are predicted on their bins). With an evaluation set and
 * earlyStoppingRounds, training stops once the metric has not improved for that many rounds
 * and the model is cut back to its best round.
 */
export function trainBooster(train: TrainSet, loss: Loss, o: Required<BoostingOptions>, evalSet: TrainSet | null, metric: EvalMetric, toPrediction: (raw: Float64Array, k: number) => Float64Array): BoosterModel {
  validate(o);
  const { x, n, p, y, w } = train;
  const K = loss.nOutputs;
  const kern = boostingKernels();
  const mapper = BinMapper.fit(x, n, p, o.maxBins, kern.sortColumns);
  const categorical = categoricalMask(o.categoricalFeatures, p);
  if (categorical) binCategories(mapper, categorical, x, n, p);
  const grow = categorical ? { ...o, categorical } : o;
  const stride = rowStride(p);
  const { binsRow, bins } = kern.encode(mapper, x, n, p, stride);
  const data: BinnedData = { bins, binsRow, n, p, stride, mapper, maxBins: o.maxBins };
  if (o.enableBundle && o.treeMethod === 'hist') data.bundles = bundleFeatures(data.bins, n, p, mapper, o.maxBins, o.maxConflictRate, categorical);
  const pool = new HistogramPool(histogramSize(p, o.maxBins));
  const baseMargin = o.baseScore === null ? loss.baseMargin(y, w) : new Array<number>(K).fill(loss.marginOf(o.baseScore));
  const raw = new Float64Array(n * K);
  for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) raw[i * K + k] = baseMargin[k];
  const evalRaw = evalSet ? new Float64Array(evalSet.n * K) : null;
  if (evalRaw) for (let i = 0; i < (evalSet as TrainSet).n; i++) for (let k = 0; k < K; k++) evalRaw[i * K + k] = baseMargin[k];
  const allFeatures = Int32Array.from({ length: p }, (_, f) => f);
  const exact = o.treeMethod === 'exact' ? new ExactData(x, n, p) : null;
  const gh = Array.from({ length: K }, () => new Float64Array(2 * n));
  const inSample = new Uint8Array(n);
  const trees: BoostedTree[][] = [];
  const history: number[] = [];
  let best = -1, bestValue = 0;
  const larger = maximises(metric);
  for (let round = 0; round < o.nEstimators; round++) {
    for (let k = 0; k < K; k++) loss.gradients(y, raw, k, w, gh[k]);
    const sampled = sampleRows(n, o, gh);
    const partial = sampled.length < n;
    let outside: Int32Array | null = null;
    if (partial) {
      inSample.fill(0);
      for (const r of sampled) inSample[r] = 1;
      outside = new Int32Array(n - sampled.length);
      let j = 0;
      for (let i = 0; i < n; i++) if (!inSample[i]) outside[j++] = i;
    }
    const roundTrees: BoostedTree[] = [];
    for (let k = 0; k < K; k++) {
      const rows = Int32Array.from(sampled);
      const features = sampleFeatures(allFeatures, o.colsampleBytree, nextDouble);
      const { tree, leafRanges } = exact ? growExactTree(exact, gh[k], rows, features, o, nextDouble) : growTree(data, gh[k], rows, features, grow, nextDouble, pool);
      if (loss.refitLeaf) {
        for (const leaf of leafRanges) {
          if (leaf.end > leaf.start) leaf.value = tree.value[leaf.node] = loss.refitLeaf(y, raw, rows, leaf.start, leaf.end) * o.learningRate;
        }
      }
      for (const { start, end, value } of leafRanges) for (let j = start; j < end; j++) raw[rows[j] * K + k] += value;
      if (outside && exact) tree.addPredictionsRows(x, p, outside, raw, K, k);
      else if (outside) tree.addPredictionsBinned(data.bins, n, mapper.missingBin, outside, raw, K, k);
      if (evalSet && evalRaw) tree.addPredictions(evalSet.x, evalSet.n, evalSet.p, evalRaw, K, k);
      roundTrees.push(tree);
    }
    trees.push(roundTrees);
    if (evalSet && evalRaw) {
      const value = evaluate(metric, evalSet.y, toPrediction(evalRaw, K), K);
      history.push(value);
      if (best < 0 || (larger ? value > bestValue : value < bestValue)) { best = round; bestValue = value; }
      if (o.earlyStoppingRounds !== null && round - best >= o.earlyStoppingRounds) break;
    }
  }
  if (o.earlyStoppingRounds !== null && best >= 0) trees.length = best + 1;
  return { baseMargin, trees, bestIteration: best >= 0 ? best : trees.length - 1, evalHistory: history };
}

/** Raw margins [n · K] of a row-major [n, p] matrix, using the first nRounds rounds (all by default). */
export function predictRaw(model: BoosterModel, x: Float64Array, n: number, p: number, nRounds = model.trees.length): Float64Array {
  const K = model.baseMargin.length;
  const out = new Float64Array(n * K);
  for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) out[i * K + k] = model.baseMargin[k];
  for (let r = 0; r < Math.min(nRounds, model.trees.length); r++) {
    for (let k = 0; k < K; k++) model.trees[r][k].addPredictions(x, n, p, out, K, k);
  }
  return out;
}
