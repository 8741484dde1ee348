import { Tensor } from '../../tensor/tensor.js';
import { Tree, TREE_LEAF } from './tree.js';

/** The minimal cost-complexity pruning path: effective alphas (increasing) and total leaf impurity at each, float64 [k]. */
export interface PruningPath {
  ccpAlphas: Tensor;
  impurities: Tensor;
}

/**
 * Weakest-link pruning (Breiman et al., scikit-learn's `_cost_complexity_prune`): repeatedly
 * collapses the internal node with the smallest effective alpha (R(t) − R(T_t)) / (|T_t| − 1),
 * where R is the weighted impurity over the root's weight, while that alpha is ≤ `ccpAlpha`.
 * Returns which nodes end as leaves of the pruned subtree, and the path.
 */
function costComplexityPrune(tree: Tree, ccpAlpha: number): { leaves: Uint8Array; path: PruningPath } {
  const n = tree.nodeCount;
  const { left, right, impurity, weightedNNodeSamples: W } = tree;
  const total = W[0];
  const rNode = new Float64Array(n);
  for (let i = 0; i < n; i++) rNode[i] = (W[i] * impurity[i]) / total;
  const parent = new Int32Array(n).fill(-1);
  const leaves = new Uint8Array(n);
  const stack = [0];
  while (stack.length > 0) {
    const i = stack.pop() as number;
    if (left[i] === TREE_LEAF) leaves[i] = 1;
    else {
      parent[left[i]] = i;
      parent[right[i]] = i;
      stack.push(left[i], right[i]);
    }
  }
  const nLeaves = new Int32Array(n);
  const rBranch = new Float64Array(n);
  for (let leaf = 0; leaf < n; leaf++) {
    if (!leaves[leaf]) continue;
    rBranch[leaf] = rNode[leaf];
    for (let i = leaf; i !== 0; i = parent[i]) {
      rBranch[parent[i]] += rNode[leaf];
      nLeaves[parent[i]] += 1;
    }
  }
  const candidate = Uint8Array.from(leaves, (v) => (v ? 0 : 1));
  const inSubtree = new Uint8Array(n).fill(1);
  const alphas = [0];
  const imps = [rBranch[0]];
  while (candidate[0]) {
    let effective = Number.MAX_VALUE;
    let pruned = -1;
    for (let i = 0; i < n; i++) {
      if (!candidate[i]) continue;
      const a = (rNode[i] - rBranch[i]) / (nLeaves[i] - 1);
      if (a < effective) { effective = a; pruned = i; }
    }
    if (ccpAlpha < effective) break;
    const st = [pruned];
    while (st.length > 0) {
      const i = st.pop() as number;
      if (!inSubtree[i]) continue;
      candidate[i] = 0;
      leaves[i] = 0;
      inSubtree[i] = 0;
      if (left[i] !== TREE_LEAF) st.push(left[i], right[i]);
    }
    leaves[pruned] = 1;
    inSubtree[pruned] = 1;
    const nPrunedLeaves = nLeaves[pruned] - 1;
    nLeaves[pruned] = 0;
    const rDiff = rNode[pruned] - rBranch[pruned];
    rBranch[pruned] = rNode[pruned];
    for (let i = parent[pruned]; i !== -1; i = parent[i]) {
      nLeaves[i] -= nPrunedLeaves;
      rBranch[i] += rDiff;
    }
    alphas.push(effective);
    imps.push(rBranch[0]);
  }
  return {
    leaves,
    path: { ccpAlphas: new Tensor(Float64Array.from(alphas), [alphas.length], 'float64'), impurities: new Tensor(Float64Array.from(imps), [imps.length], 'float64') },
  };
}

/** The whole pruning path of a fully grown tree (scikit-learn's `ccp_pruning_path`). */
export function ccpPruningPath(tree: Tree): PruningPath {
  return costComplexityPrune(tree, Infinity).path;
}

/** The subtree of minimal cost complexity for `ccpAlpha`, renumbered in preorder (scikit-learn's `_build_pruned_tree_ccp`). */
export function pruneTree(tree: Tree, ccpAlpha: number): Tree {
  const { leaves } = costComplexityPrune(tree, ccpAlpha);
  const out = new Tree(tree.nFeatures, tree.nOutputs, tree.valueStride, tree.nodeCount);
  const stride = tree.valueStride;
  const stack: [number, number, number, boolean][] = [[0, 0, -1, false]];
  let maxDepth = 0;
  while (stack.length > 0) {
    const [orig, depth, parent, isLeft] = stack.pop() as [number, number, number, boolean];
    const isLeaf = leaves[orig] === 1;
    const id = out.addNode(parent, isLeft, isLeaf, tree.feature[orig], tree.threshold[orig], tree.impurity[orig],
      tree.nNodeSamples[orig], tree.weightedNNodeSamples[orig], tree.missingGoToLeft[orig] === 1);
    out.value.set(tree.value.subarray(orig * stride, (orig + 1) * stride), id * stride);
    if (!isLeaf) {
      stack.push([tree.right[orig], depth + 1, id, false]);
      stack.push([tree.left[orig], depth + 1, id, true]);
    }
    if (depth > maxDepth) maxDepth = depth;
  }
  out.maxDepth = maxDepth;
  return out.shrink();
}
