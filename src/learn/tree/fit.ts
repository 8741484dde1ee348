import { ShapeError, ValueError } from '../../tensor/errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { withSeed } from '../../tensor/random.js';
import type { Criterion } from './criterion.js';
import { Splitter } from './splitter.js';
import { buildBestFirst, buildDepthFirst } from './builder.js';
import { pruneTree } from './prune.js';
import type { Tree } from './tree.js';
import type { TreeData } from './data.js';

/** Options shared by DecisionTreeClassifier and DecisionTreeRegressor (scikit-learn's, camelCased). */
export interface TreeOptions {
  /** 'best' (default): the best threshold of each drawn feature; 'random': one random threshold per feature. */
  splitter?: 'best' | 'random';
  /** Maximum depth; null (default) grows until leaves are pure or too small. */
  maxDepth?: number | null;
  /** Minimum samples to split a node: a count ≥ 2, or a fraction of the samples (ceil). Default 2. */
  minSamplesSplit?: number;
  /** Minimum samples in each leaf: a count ≥ 1, or a fraction in (0, 1) of the samples (ceil). Default 1. */
  minSamplesLeaf?: number;
  /** Minimum fraction of the total sample weight in each leaf. Default 0. */
  minWeightFractionLeaf?: number;
  /**
   * Features drawn per split: a count (an integer, so 1 means one feature), a fraction in (0, 1),
   * 'sqrt', 'log2', or null (all, default).
   */
  maxFeatures?: number | 'sqrt' | 'log2' | null;
  /** Seed for the feature order and random thresholds; none draws from nabla's global generator. */
  randomState?: number | null;
  /** Grow best-first with at most this many leaves (≥ 2); null (default) grows depth-first. */
  maxLeafNodes?: number | null;
  /** A split must decrease the weighted impurity by at least this much. Default 0. */
  minImpurityDecrease?: number;
  /** Complexity parameter of minimal cost-complexity pruning (≥ 0, default 0: no pruning). */
  ccpAlpha?: number;
}

/** The defaults, scikit-learn's. */
export const TREE_DEFAULTS = {
  splitter: 'best', maxDepth: null, minSamplesSplit: 2, minSamplesLeaf: 1, minWeightFractionLeaf: 0,
  maxFeatures: null, randomState: null, maxLeafNodes: null, minImpurityDecrease: 0, ccpAlpha: 0,
} as const;

function isInt(v: number): boolean {
  return Number.isInteger(v);
}

/** The options resolved against the data, as scikit-learn's BaseDecisionTree.fit does. */
function resolve(o: Required<TreeOptions>, n: number, p: number, totalWeight: number, who: string) {
  const bad = (name: string, v: unknown, want: string) => new ValueError(`${who}: ${name} must be ${want}, got ${String(v)}`);
  if (o.splitter !== 'best' && o.splitter !== 'random') throw bad('splitter', o.splitter, "'best' or 'random'");
  if (o.maxDepth !== null && !(isInt(o.maxDepth) && o.maxDepth >= 1)) throw bad('maxDepth', o.maxDepth, 'an integer ≥ 1 or null');
  let minLeaf: number;
  if (isInt(o.minSamplesLeaf) && o.minSamplesLeaf >= 1) minLeaf = o.minSamplesLeaf;
  else if (o.minSamplesLeaf > 0 && o.minSamplesLeaf < 1) minLeaf = Math.ceil(o.minSamplesLeaf * n);
  else throw bad('minSamplesLeaf', o.minSamplesLeaf, 'an integer ≥ 1 or a fraction in (0, 1)');
  let minSplit: number;
  // An integer is a count (1 too, as in scikit-learn, where it then becomes 2 · minSamplesLeaf).
  if (isInt(o.minSamplesSplit) && o.minSamplesSplit >= 1) minSplit = o.minSamplesSplit;
  else if (o.minSamplesSplit > 0 && o.minSamplesSplit <= 1) minSplit = Math.max(2, Math.ceil(o.minSamplesSplit * n));
  else throw bad('minSamplesSplit', o.minSamplesSplit, 'an integer ≥ 2 or a fraction in (0, 1]');
  minSplit = Math.max(minSplit, 2 * minLeaf);
  if (!(o.minWeightFractionLeaf >= 0 && o.minWeightFractionLeaf <= 0.5)) throw bad('minWeightFractionLeaf', o.minWeightFractionLeaf, 'in [0, 0.5]');
  let maxFeatures: number;
  const mf = o.maxFeatures;
  if (mf === null) maxFeatures = p;
  else if (mf === 'sqrt') maxFeatures = Math.max(1, Math.floor(Math.sqrt(p)));
  else if (mf === 'log2') maxFeatures = Math.max(1, Math.floor(Math.log2(p)));
  else if (typeof mf === 'number' && isInt(mf) && mf >= 1) maxFeatures = mf;
  else if (typeof mf === 'number' && mf > 0 && mf <= 1) maxFeatures = Math.max(1, Math.floor(mf * p));
  else throw bad('maxFeatures', mf, "an integer ≥ 1, a fraction in (0, 1], 'sqrt', 'log2' or null");
  if (maxFeatures > p) throw bad('maxFeatures', mf, `at most the number of features (${p})`);
  if (o.maxLeafNodes !== null && !(isInt(o.maxLeafNodes) && o.maxLeafNodes >= 2)) throw bad('maxLeafNodes', o.maxLeafNodes, 'an integer ≥ 2 or null');
  if (!(o.minImpurityDecrease >= 0)) throw bad('minImpurityDecrease', o.minImpurityDecrease, '≥ 0');
  if (!(o.ccpAlpha >= 0)) throw bad('ccpAlpha', o.ccpAlpha, '≥ 0');
  return {
    maxDepth: o.maxDepth ?? 2147483647,
    minSamplesSplit: minSplit,
    minSamplesLeaf: minLeaf,
    minWeightLeaf: o.minWeightFractionLeaf * totalWeight,
    minImpurityDecrease: o.minImpurityDecrease,
    maxLeafNodes: o.maxLeafNodes,
    maxFeatures,
  };
}

/**
 * Grows (and prunes, when ccpAlpha > 0) one tree: the shared core of the decision-tree
 * estimators and of forests (which pass one {@link TreeData} to every tree). `weights` null
 * means unit weights (scikit-learn's sample_weight=None); zero-weight samples are left out.
 */
export function growTree(data: TreeData, weights: Float64Array | null,
  criterion: Criterion, options: Required<TreeOptions>, who: string, prune = true): Tree {
  const n = data.nTotal, p = data.nFeatures;
  let totalWeight = n;
  if (weights !== null) {
    totalWeight = 0;
    for (const w of weights) {
      if (!(w >= 0) || !Number.isFinite(w)) throw new ValueError(`${who}: sampleWeight must be finite and ≥ 0, got ${w}`);
      totalWeight += w;
    }
    if (!(totalWeight > 0)) throw new ValueError(`${who}: sampleWeight sums to ${totalWeight}; at least one sample needs a positive weight`);
  }
  const r = resolve(options, n, p, totalWeight, who);
  criterion.weightedNSamples = totalWeight;
  const tree = withSeed(options.randomState ?? undefined, () => {
    const splitter = new Splitter(data, weights, criterion, {
      random: options.splitter === 'random', maxFeatures: r.maxFeatures, minSamplesLeaf: r.minSamplesLeaf, minWeightLeaf: r.minWeightLeaf,
    });
    return r.maxLeafNodes === null ? buildDepthFirst(splitter, r, 1) : buildBestFirst(splitter, r, 1);
  });
  return prune && options.ccpAlpha > 0 ? pruneTree(tree, options.ccpAlpha) : tree;
}

/** Checks the feature count of X at predict time against the fitted one. */
export function checkFeatures(who: string, X: Tensor, nFeaturesIn: number): void {
  if (X.shape[1] !== nFeaturesIn) throw new ShapeError(`${who}: X has ${X.shape[1]} features, but the tree was fitted with ${nFeaturesIn}`);
}
