import { ValueError } from '../../tensor/errors.js';
import { nextInt, nextUint32, withSeed } from '../../tensor/random.js';
import { AbsoluteError, Entropy, FriedmanMSE, Gini, Poisson, SquaredError, type Criterion } from '../tree/criterion.js';
import type { TreeData } from '../tree/data.js';
import { growTree, type TreeOptions } from '../tree/fit.js';
import type { Tree } from '../tree/tree.js';

/**
 * Everything needed to grow one tree of a forest, as plain data (it is posted to worker threads
 * as is): the encoded targets, the base sample weights (sampleWeight × classWeight), and how
 * each tree draws its bootstrap sample.
 */
export interface ForestSpec {
  kind: 'classifier' | 'regressor';
  criterion: string;
  /** Class index of each sample (classifiers). */
  yIndex: Int32Array | null;
  nClasses: number;
  /** Targets (regressors). */
  y: Float64Array | null;
  /** sampleWeight × classWeight, or null for unit weights. */
  baseWeight: Float64Array | null;
  /** Bootstrap sample size per tree; null grows every tree on all samples. */
  nBootstrap: number | null;
  /** Recompute 'balanced' class weights on each tree's bootstrap sample. */
  balancedSubsample: boolean;
  /** The tree options (randomState is replaced by each tree's seed). */
  tree: Required<TreeOptions>;
  who: string;
}

/** One grown tree and its bootstrap counts (null without bootstrap). */
export interface GrownTree {
  tree: Tree;
  counts: Int32Array | null;
}

/** The criterion object for a spec, over a tree's weights. */
export function makeCriterion(spec: ForestSpec, w: Float64Array | null): Criterion {
  const c = spec.criterion;
  if (spec.kind === 'classifier') {
    const yi = spec.yIndex as Int32Array;
    if (c === 'gini') return new Gini(yi, w, spec.nClasses);
    if (c === 'entropy' || c === 'log_loss' || c === 'logLoss') return new Entropy(yi, w, spec.nClasses);
    throw new ValueError(`${spec.who}: criterion must be 'gini', 'entropy' or 'log_loss', got ${String(c)}`);
  }
  const y = spec.y as Float64Array;
  switch (c) {
    case 'squared_error': case 'squaredError': return new SquaredError(y, w);
    case 'friedman_mse': case 'friedmanMse': return new FriedmanMSE(y, w);
    case 'absolute_error': case 'absoluteError': return new AbsoluteError(y, w);
    case 'poisson': return new Poisson(y, w);
    default: throw new ValueError(`${spec.who}: criterion must be 'squared_error', 'friedman_mse', 'absolute_error' or 'poisson', got ${String(c)}`);
  }
}

/**
 * The per-tree seeds, drawn from the master seed (scikit-learn draws `randint(MAX_INT)` per tree
 * from the forest's random_state; the streams differ, the scheme is the same). Without a master
 * seed they come from nabla's global generator.
 */
export function treeSeeds(randomState: number | null, count: number): number[] {
  return withSeed(randomState ?? undefined, () => Array.from({ length: count }, () => nextUint32() & 0x7fffffff));
}

/** The bootstrap counts of a tree: nBootstrap draws with replacement from the tree's seed. */
export function bootstrapCounts(seed: number, n: number, nBootstrap: number): Int32Array {
  const counts = new Int32Array(n);
  withSeed(seed, () => { for (let i = 0; i < nBootstrap; i++) counts[nextInt(n)]++; });
  return counts;
}

/** Grows the tree of one seed: bootstrap counts as sample weights, then CART on the shared data. */
export function growOne(data: TreeData, spec: ForestSpec, seed: number): GrownTree {
  const n = data.nTotal;
  let w = spec.baseWeight;
  let counts: Int32Array | null = null;
  if (spec.nBootstrap !== null) {
    counts = bootstrapCounts(seed, n, spec.nBootstrap);
    const tw = new Float64Array(n);
    for (let i = 0; i < n; i++) tw[i] = counts[i] * (w === null ? 1 : w[i]);
    if (spec.balancedSubsample) {
      // 'balanced' weights of the bootstrap sample: nBootstrap / (classes present · class count).
      const k = spec.nClasses, yi = spec.yIndex as Int32Array;
      const cc = new Float64Array(k);
      for (let i = 0; i < n; i++) cc[yi[i]] += counts[i];
      let present = 0;
      for (const c of cc) if (c > 0) present++;
      for (let i = 0; i < n; i++) if (counts[i] > 0) tw[i] *= spec.nBootstrap / (present * cc[yi[i]]);
    }
    w = tw;
  } else if (spec.balancedSubsample) {
    // Without bootstrap the subsample is the whole set: plain 'balanced'.
    const k = spec.nClasses, yi = spec.yIndex as Int32Array;
    const cc = new Float64Array(k);
    for (let i = 0; i < n; i++) cc[yi[i]]++;
    const tw = new Float64Array(n);
    for (let i = 0; i < n; i++) tw[i] = (w === null ? 1 : w[i]) * n / (k * cc[yi[i]]);
    w = tw;
  }
  const tree = growTree(data, w, makeCriterion(spec, w), { ...spec.tree, randomState: seed }, spec.who);
  return { tree: tree.shrink(), counts };
}
