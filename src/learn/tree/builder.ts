import type { Splitter, SplitRecord } from './splitter.js';
import { Tree } from './tree.js';

/** Impurities at or below this are pure (scikit-learn's EPSILON, the float64 machine epsilon). */
const EPSILON = 2.220446049250313e-16;

/** Stopping rules shared by both builders (already resolved to counts and weights). */
export interface BuilderOptions {
  maxDepth: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  minWeightLeaf: number;
  minImpurityDecrease: number;
  /** Best-first growth with at most this many leaves when set (≥ 2). */
  maxLeafNodes: number | null;
}

interface NodeInfo {
  isLeaf: boolean;
  split: SplitRecord | null;
  nConstant: number;
  weighted: number;
}

/** Splits a node if the stopping rules allow; returns what the node became. */
function evalNode(splitter: Splitter, o: BuilderOptions, start: number, end: number, depth: number, impurity: number, nConstant: number): NodeInfo {
  const crit = splitter.criterion;
  const n = end - start;
  const weighted = crit.weightedNNodeSamples;
  let isLeaf = depth >= o.maxDepth || n < o.minSamplesSplit || n < 2 * o.minSamplesLeaf || weighted < 2 * o.minWeightLeaf || impurity <= EPSILON;
  let split: SplitRecord | null = null;
  let nc = nConstant;
  if (!isLeaf) {
    const r = splitter.nodeSplit(start, end, impurity, nConstant);
    split = r.split;
    nc = r.nConstant;
    isLeaf = split.pos >= end || split.improvement + EPSILON < o.minImpurityDecrease;
  }
  return { isLeaf, split, nConstant: nc, weighted };
}

/** Whether a child is a leaf whatever its samples' order (so its features need not be partitioned). */
function surelyLeaf(o: BuilderOptions, depth: number, n: number, impurity: number): boolean {
  return depth >= o.maxDepth || n < o.minSamplesSplit || n < 2 * o.minSamplesLeaf || impurity <= EPSILON;
}

function addNode(tree: Tree, splitter: Splitter, o: BuilderOptions, depth: number, parent: number, isLeft: boolean, info: NodeInfo, impurity: number, n: number, start: number, end: number): number {
  const s = info.split;
  const id = tree.addNode(parent, isLeft, info.isLeaf, s ? s.feature : -2, s ? s.threshold : -2, impurity, n, info.weighted, s ? s.missingGoToLeft : false);
  // The criterion's node totals are still those of this node (the split search only moves its left child).
  splitter.criterion.nodeValue(tree.value, id * tree.valueStride);
  if (!info.isLeaf && s) {
    const leaves = surelyLeaf(o, depth + 1, s.pos - start, s.impurityLeft) && surelyLeaf(o, depth + 1, end - s.pos, s.impurityRight);
    splitter.partition(start, end, s.pos, leaves);
  }
  return id;
}

/**
 * Grows a tree depth-first with an explicit stack (scikit-learn's DepthFirstTreeBuilder): node
 * ids are in preorder, left child first.
 */
export function buildDepthFirst(splitter: Splitter, o: BuilderOptions, nOutputs: number): Tree {
  const tree = new Tree(splitter.nFeatures, nOutputs, splitter.criterion.valueStride);
  const stack: number[][] = [[0, splitter.n, 0, -1, 0, Infinity, 0]];
  let maxDepthSeen = 0;
  let first = true;
  while (stack.length > 0) {
    const [start, end, depth, parent, isLeft, parentImpurity, nConstant] = stack.pop() as number[];
    splitter.nodeReset(start, end);
    let impurity = parentImpurity;
    if (first) {
      impurity = splitter.criterion.nodeImpurity();
      first = false;
    }
    const info = evalNode(splitter, o, start, end, depth, impurity, nConstant);
    const id = addNode(tree, splitter, o, depth, parent, isLeft === 1, info, impurity, end - start, start, end);
    if (!info.isLeaf && info.split) {
      const s = info.split;
      stack.push([s.pos, end, depth + 1, id, 0, s.impurityRight, info.nConstant]);
      stack.push([start, s.pos, depth + 1, id, 1, s.impurityLeft, info.nConstant]);
    }
    if (depth > maxDepthSeen) maxDepthSeen = depth;
  }
  tree.maxDepth = maxDepthSeen;
  return tree.shrink();
}

interface Frontier {
  id: number;
  start: number;
  end: number;
  depth: number;
  info: NodeInfo;
  improvement: number;
}

/**
 * Grows a tree best-first (scikit-learn's BestFirstTreeBuilder, used when maxLeafNodes is set):
 * the frontier node with the largest impurity improvement is expanded next, until the leaf
 * budget is spent; nodes left on the frontier become leaves.
 */
export function buildBestFirst(splitter: Splitter, o: BuilderOptions, nOutputs: number): Tree {
  const tree = new Tree(splitter.nFeatures, nOutputs, splitter.criterion.valueStride);
  const frontier: Frontier[] = [];
  const push = (parent: number, isLeft: boolean, start: number, end: number, depth: number, impurity: number | null): void => {
    splitter.nodeReset(start, end);
    const imp = impurity ?? splitter.criterion.nodeImpurity();
    const info = evalNode(splitter, o, start, end, depth, imp, 0);
    const id = addNode(tree, splitter, o, depth, parent, isLeft, info, imp, end - start, start, end);
    frontier.push({ id, start, end, depth, info, improvement: info.isLeaf || !info.split ? 0 : info.split.improvement });
  };
  push(-1, false, 0, splitter.n, 0, null);
  let maxSplitNodes = (o.maxLeafNodes as number) - 1;
  let maxDepthSeen = 0;
  while (frontier.length > 0) {
    // Largest improvement first; among equals, the earliest node (a stable choice).
    let bi = 0;
    for (let i = 1; i < frontier.length; i++) if (frontier[i].improvement > frontier[bi].improvement) bi = i;
    const rec = frontier.splice(bi, 1)[0];
    if (rec.info.isLeaf || maxSplitNodes <= 0 || !rec.info.split) {
      tree.makeLeaf(rec.id);
    } else {
      maxSplitNodes--;
      const s = rec.info.split;
      // As scikit-learn's best-first builder, no constant features are carried over: other nodes'
      // searches reorder the shared feature list between a node's split and its children's.
      push(rec.id, true, rec.start, s.pos, rec.depth + 1, s.impurityLeft);
      push(rec.id, false, s.pos, rec.end, rec.depth + 1, s.impurityRight);
    }
    if (rec.depth > maxDepthSeen) maxDepthSeen = rec.depth;
  }
  tree.maxDepth = maxDepthSeen;
  return tree.shrink();
}
