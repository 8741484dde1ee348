import { ValueError } from '../../tensor/errors.js';

/** Child index of a leaf (scikit-learn's `TREE_LEAF`). */
export const TREE_LEAF = -1;
/** Feature and threshold of a leaf (scikit-learn's `TREE_UNDEFINED`). */
export const TREE_UNDEFINED = -2;

/** The plain-data form of a {@link Tree} (`toJSON`/`fromJSON`); non-finite numbers are strings. */
export interface TreeJSON {
  nFeatures: number;
  nOutputs: number;
  valueStride: number;
  nodeCount: number;
  maxDepth: number;
  feature: number[];
  threshold: (number | string)[];
  left: number[];
  right: number[];
  value: (number | string)[];
  impurity: (number | string)[];
  nNodeSamples: number[];
  weightedNNodeSamples: number[];
  missingGoToLeft: number[];
}

function grow<T extends Int32Array | Float64Array | Uint8Array>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a.subarray(0, Math.min(a.length, n)));
  return b;
}

const enc = (a: ArrayLike<number>): (number | string)[] => Array.from(a, (v) => (Number.isFinite(v) ? v : String(v)));
const dec = (a: readonly (number | string)[]): Float64Array => Float64Array.from(a, (v) => Number(v));

/**
 * A fitted binary decision tree as flat typed arrays (scikit-learn's `Tree`): node `i` splits on
 * `feature[i]` at `threshold[i]` (samples with `x <= threshold` go to `left[i]`, NaN goes left when
 * `missingGoToLeft[i]`), leaves have `left[i] === right[i] === -1`. `value` holds `valueStride`
 * numbers per node: weighted class counts for classifiers, the prediction for regressors.
 * Node 0 is the root. Shared by every tree-based estimator (forests, boosting, AdaBoost).
 */
export class Tree {
  nodeCount = 0;
  /** Depth of the deepest leaf (the root alone is depth 0). */
  maxDepth = 0;
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
  impurity: Float64Array;
  nNodeSamples: Int32Array;
  weightedNNodeSamples: Float64Array;
  missingGoToLeft: Uint8Array;

  constructor(readonly nFeatures: number, readonly nOutputs: number, readonly valueStride: number, capacity = 15) {
    this.feature = new Int32Array(capacity);
    this.threshold = new Float64Array(capacity);
    this.left = new Int32Array(capacity);
    this.right = new Int32Array(capacity);
    this.value = new Float64Array(capacity * valueStride);
    this.impurity = new Float64Array(capacity);
    this.nNodeSamples = new Int32Array(capacity);
    this.weightedNNodeSamples = new Float64Array(capacity);
    this.missingGoToLeft = new Uint8Array(capacity);
  }

  private reserve(n: number): void {
    if (n <= this.feature.length) return;
    const cap = Math.max(n, this.feature.length * 2);
    this.feature = grow(this.feature, cap);
    this.threshold = grow(this.threshold, cap);
    this.left = grow(this.left, cap);
    this.right = grow(this.right, cap);
    this.value = grow(this.value, cap * this.valueStride);
    this.impurity = grow(this.impurity, cap);
    this.nNodeSamples = grow(this.nNodeSamples, cap);
    this.weightedNNodeSamples = grow(this.weightedNNodeSamples, cap);
    this.missingGoToLeft = grow(this.missingGoToLeft, cap);
  }

  /** Appends a node, links it to its parent (`parent < 0` for the root) and returns its id. */
  addNode(parent: number, isLeft: boolean, isLeaf: boolean, feature: number, threshold: number,
    impurity: number, nSamples: number, weightedNSamples: number, missingGoToLeft: boolean): number {
    const id = this.nodeCount;
    this.reserve(id + 1);
    if (parent >= 0) {
      if (isLeft) this.left[parent] = id;
      else this.right[parent] = id;
    }
    this.left[id] = TREE_LEAF;
    this.right[id] = TREE_LEAF;
    this.feature[id] = isLeaf ? TREE_UNDEFINED : feature;
    this.threshold[id] = isLeaf ? TREE_UNDEFINED : threshold;
    this.missingGoToLeft[id] = isLeaf ? 0 : missingGoToLeft ? 1 : 0;
    this.impurity[id] = impurity;
    this.nNodeSamples[id] = nSamples;
    this.weightedNNodeSamples[id] = weightedNSamples;
    this.nodeCount = id + 1;
    return id;
  }

  /** Turns a node into a leaf (best-first growth when the leaf budget runs out). */
  makeLeaf(id: number): void {
    this.left[id] = TREE_LEAF;
    this.right[id] = TREE_LEAF;
    this.feature[id] = TREE_UNDEFINED;
    this.threshold[id] = TREE_UNDEFINED;
    this.missingGoToLeft[id] = 0;
  }

  /** Trims the arrays to nodeCount. */
  shrink(): this {
    const n = this.nodeCount;
    this.feature = this.feature.slice(0, n);
    this.threshold = this.threshold.slice(0, n);
    this.left = this.left.slice(0, n);
    this.right = this.right.slice(0, n);
    this.value = this.value.slice(0, n * this.valueStride);
    this.impurity = this.impurity.slice(0, n);
    this.nNodeSamples = this.nNodeSamples.slice(0, n);
    this.weightedNNodeSamples = this.weightedNNodeSamples.slice(0, n);
    this.missingGoToLeft = this.missingGoToLeft.slice(0, n);
    return this;
  }

  /** The leaf index of every row of X (row-major [n, nFeatures]); values compared as float32, as scikit-learn. */
  apply(X: Float64Array | Float32Array, n: number): Int32Array {
    const p = this.nFeatures;
    if (X.length !== n * p) throw new ValueError(`Tree.apply: X has ${X.length} values, expected ${n}×${p}`);
    const out = new Int32Array(n);
    const { feature, threshold, left, right, missingGoToLeft } = this;
    for (let i = 0; i < n; i++) {
      let node = 0;
      const row = i * p;
      while (left[node] !== TREE_LEAF) {
        const x = Math.fround(X[row + feature[node]]);
        if (x !== x) node = missingGoToLeft[node] ? left[node] : right[node];
        else node = x <= threshold[node] ? left[node] : right[node];
      }
      out[i] = node;
    }
    return out;
  }

  /** The nodes each row passes through, as a dense 0/1 matrix [n, nodeCount]. */
  decisionPath(X: Float64Array | Float32Array, n: number): Uint8Array {
    const p = this.nFeatures, m = this.nodeCount;
    const out = new Uint8Array(n * m);
    for (let i = 0; i < n; i++) {
      let node = 0;
      out[i * m] = 1;
      while (this.left[node] !== TREE_LEAF) {
        const x = Math.fround(X[i * p + this.feature[node]]);
        node = (x !== x ? this.missingGoToLeft[node] === 1 : x <= this.threshold[node]) ? this.left[node] : this.right[node];
        out[i * m + node] = 1;
      }
    }
    return out;
  }

  /** Number of leaves. */
  nLeaves(): number {
    let c = 0;
    for (let i = 0; i < this.nodeCount; i++) if (this.left[i] === TREE_LEAF) c++;
    return c;
  }

  /**
   * Total weighted impurity decrease brought by each feature, divided by the root's weight and
   * (when `normalize` and the sum is positive) normalized to sum to 1 (scikit-learn's
   * `compute_feature_importances`).
   */
  featureImportances(normalize = true): Float64Array {
    const imp = new Float64Array(this.nFeatures);
    const { left, right, impurity: I, weightedNNodeSamples: W } = this;
    for (let i = 0; i < this.nodeCount; i++) {
      if (left[i] === TREE_LEAF) continue;
      const l = left[i], r = right[i];
      imp[this.feature[i]] += W[i] * I[i] - W[l] * I[l] - W[r] * I[r];
    }
    for (let f = 0; f < imp.length; f++) imp[f] /= W[0];
    if (normalize) {
      let s = 0;
      for (const v of imp) s += v;
      if (s > 0) for (let f = 0; f < imp.length; f++) imp[f] /= s;
    }
    return imp;
  }

  /** Plain data for JSON (exact round-trip through {@link Tree.fromJSON}). */
  toJSON(): TreeJSON {
    const n = this.nodeCount;
    return {
      nFeatures: this.nFeatures, nOutputs: this.nOutputs, valueStride: this.valueStride, nodeCount: n, maxDepth: this.maxDepth,
      feature: Array.from(this.feature.subarray(0, n)),
      threshold: enc(this.threshold.subarray(0, n)),
      left: Array.from(this.left.subarray(0, n)),
      right: Array.from(this.right.subarray(0, n)),
      value: enc(this.value.subarray(0, n * this.valueStride)),
      impurity: enc(this.impurity.subarray(0, n)),
      nNodeSamples: Array.from(this.nNodeSamples.subarray(0, n)),
      weightedNNodeSamples: Array.from(this.weightedNNodeSamples.subarray(0, n)),
      missingGoToLeft: Array.from(this.missingGoToLeft.subarray(0, n)),
    };
  }

  /** Rebuilds a tree saved by {@link Tree.toJSON}. */
  static fromJSON(j: TreeJSON): Tree {
    const t = new Tree(j.nFeatures, j.nOutputs, j.valueStride, 0);
    t.nodeCount = j.nodeCount;
    t.maxDepth = j.maxDepth;
    t.feature = Int32Array.from(j.feature);
    t.threshold = dec(j.threshold);
    t.left = Int32Array.from(j.left);
    t.right = Int32Array.from(j.right);
    t.value = dec(j.value);
    t.impurity = dec(j.impurity);
    t.nNodeSamples = Int32Array.from(j.nNodeSamples);
    t.weightedNNodeSamples = Float64Array.from(j.weightedNNodeSamples);
    t.missingGoToLeft = Uint8Array.from(j.missingGoToLeft);
    const n = t.nodeCount;
    if (t.feature.length !== n || t.left.length !== n || t.value.length !== n * t.valueStride) {
      throw new ValueError(`Tree.fromJSON: arrays do not match nodeCount ${n}`);
    }
    return t;
  }
}
