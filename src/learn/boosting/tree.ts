/** A saved boosted tree ({@link BoostedTree.toJSON}). */
export interface BoostedTreeJSON {
  feature: number[];
  bin: number[];
  threshold: (number | string)[];
  defaultLeft: number[];
  left: number[];
  right: number[];
  value: (number | string)[];
  gain: (number | string)[];
  cover: (number | string)[];
}

const enc = (v: number): number | string => (Number.isFinite(v) ? v : String(v));
const dec = (v: number | string): number => (typeof v === 'number' ? v : Number(v));

/**
 * One regression tree of a boosted ensemble, as flat arrays (node 0 is the root). An internal
 * node sends a sample left when its feature value is ≤ threshold (equivalently, its bin code is
 * ≤ bin), and a missing value to the left when defaultLeft is 1. A leaf has left = −1 and holds
 * its output (already multiplied by the learning rate) in value. gain is the split's loss
 * reduction and cover the node's Hessian sum, for feature importances.
 */
export class BoostedTree {
  constructor(
    readonly feature: Int32Array,
    readonly bin: Int32Array,
    readonly threshold: Float64Array,
    readonly defaultLeft: Uint8Array,
    readonly left: Int32Array,
    readonly right: Int32Array,
    readonly value: Float64Array,
    readonly gain: Float64Array,
    readonly cover: Float64Array,
  ) {}

  get nodeCount(): number {
    return this.left.length;
  }

  /** Number of leaves. */
  nLeaves(): number {
    let c = 0;
    for (let i = 0; i < this.left.length; i++) if (this.left[i] < 0) c++;
    return c;
  }

  /** Adds the tree's output to out[i · stride + offset] for each row of a row-major [n, p] matrix. */
  addPredictions(x: Float64Array, n: number, p: number, out: Float64Array, stride: number, offset: number): void {
    const { feature, threshold, defaultLeft, left, right, value } = this;
    for (let i = 0; i < n; i++) {
      let node = 0;
      const row = i * p;
      while (left[node] >= 0) {
        const v = x[row + feature[node]];
        node = v === v ? (v <= threshold[node] ? left[node] : right[node]) : defaultLeft[node] ? left[node] : right[node];
      }
      out[i * stride + offset] += value[node];
    }
  }

  /** Adds the tree's output for the rows `rows` of a row-major [n, p] matrix only. */
  addPredictionsRows(x: Float64Array, p: number, rows: Int32Array, out: Float64Array, stride: number, offset: number): void {
    const { feature, threshold, defaultLeft, left, right, value } = this;
    for (let k = 0; k < rows.length; k++) {
      const i = rows[k], row = i * p;
      let node = 0;
      while (left[node] >= 0) {
        const v = x[row + feature[node]];
        node = v === v ? (v <= threshold[node] ? left[node] : right[node]) : defaultLeft[node] ? left[node] : right[node];
      }
      out[i * stride + offset] += value[node];
    }
  }

  /** The same on binned data (column-major codes, missingBin the missing code) for the rows given. */
  addPredictionsBinned(bins: Uint8Array, n: number, missingBin: number, rows: Int32Array, out: Float64Array, stride: number, offset: number): void {
    const { feature, bin, defaultLeft, left, right, value } = this;
    for (let k = 0; k < rows.length; k++) {
      const i = rows[k];
      let node = 0;
      while (left[node] >= 0) {
        const b = bins[feature[node] * n + i];
        node = b === missingBin ? (defaultLeft[node] ? left[node] : right[node]) : b <= bin[node] ? left[node] : right[node];
      }
      out[i * stride + offset] += value[node];
    }
  }

  /** Plain JSON data (non-finite numbers as strings); exact round-trip through fromJSON. */
  toJSON(): BoostedTreeJSON {
    return {
      feature: Array.from(this.feature), bin: Array.from(this.bin), threshold: Array.from(this.threshold, enc),
      defaultLeft: Array.from(this.defaultLeft), left: Array.from(this.left), right: Array.from(this.right),
      value: Array.from(this.value, enc), gain: Array.from(this.gain, enc), cover: Array.from(this.cover, enc),
    };
  }

  static fromJSON(j: BoostedTreeJSON): BoostedTree {
    return new BoostedTree(
      Int32Array.from(j.feature), Int32Array.from(j.bin), Float64Array.from(j.threshold, dec), Uint8Array.from(j.defaultLeft),
      Int32Array.from(j.left), Int32Array.from(j.right), Float64Array.from(j.value, dec), Float64Array.from(j.gain, dec), Float64Array.from(j.cover, dec),
    );
  }
}
