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
  /** Categorical nodes' direction tables (1 = left per category code), null elsewhere; absent without categorical splits. */
  categories?: (number[] | null)[];
}

const enc = (v: number): number | string => (Number.isFinite(v) ? v : String(v));
const dec = (v: number | string): number => (typeof v === 'number' ? v : Number(v));

/**
 * One regression tree of a boosted ensemble, as flat arrays (node 0 is the root). An internal
 * node sends a sample left when its feature value is ≤ threshold (equivalently, its bin code is
 * ≤ bin), and a missing value to the left when defaultLeft is 1. A leaf has left = −1 and holds
 * its output (already multiplied by the learning rate) in value. gain is the split's loss
 * reduction and cover the node's Hessian sum, for feature importances.
 *
 * A categorical node (categories[node] not null; bin −1, threshold NaN) sends category code c
 * left when categories[node][c] is 1, right when 0; NaN, codes outside the table (never seen in
 * training) and non-integers go to the default side, as categories absent from the node's
 * training rows already do in the table.
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
    /** Per node, the direction table of a categorical split; null when the tree has none. */
    public categories: (Uint8Array | null)[] | null = null,
  ) {}

  /** Makes node a categorical split with direction table cats (1 = left per category code). */
  setCategories(node: number, cats: Uint8Array): void {
    if (!this.categories) this.categories = new Array<Uint8Array | null>(this.left.length).fill(null);
    this.categories[node] = Uint8Array.from(cats);
    this.bin[node] = -1;
    this.threshold[node] = NaN;
  }

  /** The child of an internal node for a raw value v (any split kind). */
  private next(node: number, v: number): number {
    const cats = this.categories?.[node];
    if (cats) return (v >= 0 && v < cats.length && Number.isInteger(v) ? cats[v] === 1 : this.defaultLeft[node] === 1) ? this.left[node] : this.right[node];
    return v === v ? (v <= this.threshold[node] ? this.left[node] : this.right[node]) : this.defaultLeft[node] ? this.left[node] : this.right[node];
  }

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
    if (this.categories) {
      for (let i = 0; i < n; i++) {
        let node = 0;
        while (left[node] >= 0) node = this.next(node, x[i * p + feature[node]]);
        out[i * stride + offset] += value[node];
      }
      return;
    }
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
      if (this.categories) {
        while (left[node] >= 0) node = this.next(node, x[row + feature[node]]);
        out[i * stride + offset] += value[node];
        continue;
      }
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
    const cat = this.categories;
    for (let k = 0; k < rows.length; k++) {
      const i = rows[k];
      let node = 0;
      while (left[node] >= 0) {
        const b = bins[feature[node] * n + i];
        const cats = cat ? cat[node] : null;
        if (cats) { node = (b !== missingBin && b < cats.length ? cats[b] === 1 : defaultLeft[node] === 1) ? left[node] : right[node]; continue; }
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
      ...(this.categories ? { categories: this.categories.map((c) => (c ? Array.from(c) : null)) } : {}),
    };
  }

  /**
   * The tree as text, one node per line indented by depth (XGBoost's get_dump): numeric splits
   * `[f2<=1.5]`, categorical ones `[f3 in {1,4,7}]` (the categories that go left), then the
   * children, the missing values' side, gain and cover; leaves `leaf=value`.
   */
  dump(): string {
    const lines: string[] = [];
    const walk = (v: number, d: number): void => {
      const pad = '\t'.repeat(d);
      if (this.left[v] < 0) { lines.push(`${pad}${v}:leaf=${this.value[v]},cover=${this.cover[v]}`); return; }
      const cats = this.categories?.[v];
      const cond = cats ? `f${this.feature[v]} in {${Array.from(cats.keys()).filter((c) => cats[c] === 1).join(',')}}` : `f${this.feature[v]}<=${this.threshold[v]}`;
      const miss = this.defaultLeft[v] ? this.left[v] : this.right[v];
      lines.push(`${pad}${v}:[${cond}] yes=${this.left[v]},no=${this.right[v]},missing=${miss},gain=${this.gain[v]},cover=${this.cover[v]}`);
      walk(this.left[v], d + 1);
      walk(this.right[v], d + 1);
    };
    walk(0, 0);
    return lines.join('\n') + '\n';
  }

  static fromJSON(j: BoostedTreeJSON): BoostedTree {
    return new BoostedTree(
      Int32Array.from(j.feature), Int32Array.from(j.bin), Float64Array.from(j.threshold, dec), Uint8Array.from(j.defaultLeft),
      Int32Array.from(j.left), Int32Array.from(j.right), Float64Array.from(j.value, dec), Float64Array.from(j.gain, dec), Float64Array.from(j.cover, dec),
      j.categories ? j.categories.map((c) => (c ? Uint8Array.from(c) : null)) : null,
    );
  }
}
