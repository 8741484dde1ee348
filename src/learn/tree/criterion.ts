/**
 * Split criteria (scikit-learn's `_criterion.pyx`, single output). A criterion holds a node's
 * totals and the running totals of the left child as samples move into it, in the order the
 * splitter scans them; the right child is always total − left.
 */
export abstract class Criterion {
  /** Total weight of all training samples (the root's weight). */
  weightedNSamples = 0;
  weightedNNodeSamples = 0;
  weightedNLeft = 0;
  impurityLeft = 0;
  impurityRight = 0;
  /** Numbers stored per node in `Tree.value`. */
  abstract readonly valueStride: number;

  constructor(protected readonly w: Float64Array | null) {}

  get weightedNRight(): number {
    return this.weightedNNodeSamples - this.weightedNLeft;
  }

  /** Totals over the node's samples `idx[start..end)`; resets the left child to empty. */
  abstract init(idx: Int32Array, start: number, end: number): void;
  /** Empties the left child. */
  abstract reset(): void;
  /** Moves sample `s` from the right child to the left. */
  abstract add(s: number): void;
  abstract nodeImpurity(): number;
  /** Sets impurityLeft and impurityRight for the current left/right partition. */
  abstract childrenImpurity(): void;
  /** The node's prediction into `dest[offset..offset+valueStride)`. */
  abstract nodeValue(dest: Float64Array, offset: number): void;

  /** A quantity ordered like the impurity improvement, cheaper to compute (the split search maximises it). */
  proxyImprovement(): number {
    this.childrenImpurity();
    return -this.weightedNRight * this.impurityRight - this.weightedNLeft * this.impurityLeft;
  }

  /** Weighted impurity decrease of the split (what minImpurityDecrease and featureImportances use). */
  impurityImprovement(parent: number, left: number, right: number): number {
    const wn = this.weightedNNodeSamples;
    return (wn / this.weightedNSamples) * (parent - (this.weightedNRight / wn) * right - (this.weightedNLeft / wn) * left);
  }
}

/** Shared state of the classification criteria: weighted class counts. */
abstract class ClassificationCriterion extends Criterion {
  readonly valueStride: number;
  protected sumTotal: Float64Array;
  protected sumLeft: Float64Array;
  protected sumRight: Float64Array;

  constructor(protected readonly y: Int32Array, w: Float64Array | null, readonly nClasses: number) {
    super(w);
    this.valueStride = nClasses;
    this.sumTotal = new Float64Array(nClasses);
    this.sumLeft = new Float64Array(nClasses);
    this.sumRight = new Float64Array(nClasses);
  }

  init(idx: Int32Array, start: number, end: number): void {
    const { y, w, sumTotal } = this;
    sumTotal.fill(0);
    let wn = 0;
    for (let p = start; p < end; p++) {
      const s = idx[p];
      const ws = w === null ? 1 : w[s];
      sumTotal[y[s]] += ws;
      wn += ws;
    }
    this.weightedNNodeSamples = wn;
    this.reset();
  }

  reset(): void {
    this.sumLeft.fill(0);
    this.weightedNLeft = 0;
  }

  add(s: number): void {
    const ws = this.w === null ? 1 : this.w[s];
    this.sumLeft[this.y[s]] += ws;
    this.weightedNLeft += ws;
  }

  protected updateRight(): void {
    for (let c = 0; c < this.nClasses; c++) this.sumRight[c] = this.sumTotal[c] - this.sumLeft[c];
  }

  nodeValue(dest: Float64Array, offset: number): void {
    dest.set(this.sumTotal, offset);
  }
}

/**
 * Gini impurity 1 − Σ p_k². The split search's proxy, Σ_L n_k² / n_L + Σ_R n_k² / n_R (the
 * improvement up to a constant), is O(1) per threshold from running sums of squared counts
 * when the weights are integers (then exact); the stored impurities use scikit-learn's formula.
 */
export class Gini extends ClassificationCriterion {
  private sqLeft = 0;
  private sqRight = 0;
  /** Integer weights: the running sums are exact. Otherwise the proxy is computed as scikit-learn does, so ties break alike. */
  private readonly exact: boolean;

  constructor(y: Int32Array, w: Float64Array | null, nClasses: number) {
    super(y, w, nClasses);
    this.exact = w === null || w.every((v) => Number.isInteger(v) && v < 2 ** 26);
  }

  private static gini(counts: Float64Array, wn: number): number {
    let sq = 0;
    for (let c = 0; c < counts.length; c++) sq += counts[c] * counts[c];
    return 1.0 - sq / (wn * wn);
  }

  override reset(): void {
    super.reset();
    this.sqLeft = 0;
    let sq = 0;
    for (let c = 0; c < this.nClasses; c++) sq += this.sumTotal[c] * this.sumTotal[c];
    this.sqRight = sq;
  }

  override add(s: number): void {
    const ws = this.w === null ? 1 : this.w[s];
    const c = this.y[s];
    const l = this.sumLeft[c], r = this.sumTotal[c] - l;
    this.sumLeft[c] = l + ws;
    this.weightedNLeft += ws;
    this.sqLeft += ws * (2 * l + ws);
    this.sqRight -= ws * (2 * r - ws);
  }

  override proxyImprovement(): number {
    if (!this.exact) return super.proxyImprovement();
    return this.sqLeft / this.weightedNLeft + this.sqRight / (this.weightedNNodeSamples - this.weightedNLeft);
  }

  nodeImpurity(): number {
    return Gini.gini(this.sumTotal, this.weightedNNodeSamples);
  }
  childrenImpurity(): void {
    this.updateRight();
    this.impurityLeft = Gini.gini(this.sumLeft, this.weightedNLeft);
    this.impurityRight = Gini.gini(this.sumRight, this.weightedNRight);
  }
}

/** Shannon entropy in bits, −Σ p_k log₂ p_k ('entropy' and 'log_loss'). */
export class Entropy extends ClassificationCriterion {
  private static entropy(counts: Float64Array, wn: number): number {
    let e = 0;
    for (let c = 0; c < counts.length; c++) {
      const p = counts[c] / wn;
      // scikit-learn's log is ln(x) / ln(2).
      if (p > 0) e -= p * (Math.log(p) / Math.LN2);
    }
    return e;
  }
  nodeImpurity(): number {
    return Entropy.entropy(this.sumTotal, this.weightedNNodeSamples);
  }
  childrenImpurity(): void {
    this.updateRight();
    this.impurityLeft = Entropy.entropy(this.sumLeft, this.weightedNLeft);
    this.impurityRight = Entropy.entropy(this.sumRight, this.weightedNRight);
  }
}

/** Mean squared error (variance): the node predicts the weighted mean. */
export class SquaredError extends Criterion {
  readonly valueStride = 1;
  protected sumTotal = 0;
  protected sqSumTotal = 0;
  protected sumLeft = 0;
  protected sqSumLeft = 0;

  constructor(protected readonly y: Float64Array, w: Float64Array | null) {
    super(w);
  }

  init(idx: Int32Array, start: number, end: number): void {
    const { y, w } = this;
    let s1 = 0, s2 = 0, wn = 0;
    for (let p = start; p < end; p++) {
      const s = idx[p];
      const ws = w === null ? 1 : w[s];
      const wy = ws * y[s];
      s1 += wy;
      s2 += wy * y[s];
      wn += ws;
    }
    this.sumTotal = s1;
    this.sqSumTotal = s2;
    this.weightedNNodeSamples = wn;
    this.reset();
  }

  reset(): void {
    this.sumLeft = 0;
    this.sqSumLeft = 0;
    this.weightedNLeft = 0;
  }

  add(s: number): void {
    const ws = this.w === null ? 1 : this.w[s];
    const wy = ws * this.y[s];
    this.sumLeft += wy;
    this.sqSumLeft += wy * this.y[s];
    this.weightedNLeft += ws;
  }

  nodeImpurity(): number {
    const wn = this.weightedNNodeSamples;
    return this.sqSumTotal / wn - (this.sumTotal / wn) ** 2;
  }

  childrenImpurity(): void {
    const wl = this.weightedNLeft, wr = this.weightedNRight;
    const sumRight = this.sumTotal - this.sumLeft;
    this.impurityLeft = this.sqSumLeft / wl - (this.sumLeft / wl) ** 2;
    this.impurityRight = (this.sqSumTotal - this.sqSumLeft) / wr - (sumRight / wr) ** 2;
  }

  override proxyImprovement(): number {
    const sumRight = this.sumTotal - this.sumLeft;
    return (this.sumLeft * this.sumLeft) / this.weightedNLeft + (sumRight * sumRight) / this.weightedNRight;
  }

  nodeValue(dest: Float64Array, offset: number): void {
    dest[offset] = this.sumTotal / this.weightedNNodeSamples;
  }
}

/** Squared error with Friedman's improvement score (scikit-learn's 'friedman_mse'). */
export class FriedmanMSE extends SquaredError {
  override proxyImprovement(): number {
    const wl = this.weightedNLeft, wr = this.weightedNRight;
    const diff = wr * this.sumLeft - wl * (this.sumTotal - this.sumLeft);
    return (diff * diff) / (wl * wr);
  }

  override impurityImprovement(): number {
    const wl = this.weightedNLeft, wr = this.weightedNRight;
    const diff = wr * this.sumLeft - wl * (this.sumTotal - this.sumLeft);
    return (diff * diff) / (wl * wr * this.weightedNNodeSamples);
  }
}

/**
 * Mean absolute error around the weighted median (scikit-learn's 'absolute_error'); the node
 * predicts the weighted median. Each evaluation sorts the children's targets, so it is
 * O(n log n) per candidate threshold — as in scikit-learn, much slower than squared error.
 */
export class AbsoluteError extends Criterion {
  readonly valueStride = 1;
  private idx: Int32Array = new Int32Array(0);
  private start = 0;
  private end = 0;
  private inLeft: Uint8Array;
  private buf = new Float64Array(0);
  private bufW = new Float64Array(0);
  private order = new Int32Array(0);

  constructor(private readonly y: Float64Array, w: Float64Array | null) {
    super(w);
    this.inLeft = new Uint8Array(y.length);
  }

  init(idx: Int32Array, start: number, end: number): void {
    this.idx = idx;
    this.start = start;
    this.end = end;
    let wn = 0;
    for (let p = start; p < end; p++) wn += this.w === null ? 1 : this.w[idx[p]];
    this.weightedNNodeSamples = wn;
    if (this.buf.length < end - start) {
      this.buf = new Float64Array(end - start);
      this.bufW = new Float64Array(end - start);
      this.order = new Int32Array(end - start);
    }
    this.reset();
  }

  reset(): void {
    for (let p = this.start; p < this.end; p++) this.inLeft[this.idx[p]] = 0;
    this.weightedNLeft = 0;
  }

  add(s: number): void {
    this.inLeft[s] = 1;
    this.weightedNLeft += this.w === null ? 1 : this.w[s];
  }

  /** Weighted median and Σ w·|y − median| of the samples with inLeft === side (2: all). */
  private stats(side: number): { median: number; dev: number } {
    const { idx, y, w, buf, bufW, order } = this;
    let m = 0, total = 0;
    for (let p = this.start; p < this.end; p++) {
      const s = idx[p];
      if (side !== 2 && this.inLeft[s] !== side) continue;
      buf[m] = y[s];
      bufW[m] = w === null ? 1 : w[s];
      total += bufW[m];
      m++;
    }
    for (let i = 0; i < m; i++) order[i] = i;
    const ord = order.subarray(0, m).sort((a, b) => buf[a] - buf[b]);
    // scikit-learn's WeightedMedianCalculator: the first k with Σ_{<k} w >= total/2; average on an exact half.
    let acc = 0, k = 0;
    while (k < m) {
      acc += bufW[ord[k]];
      k++;
      if (acc >= total / 2) break;
    }
    let median = buf[ord[k - 1]];
    if (acc === total / 2 && k < m) median = (buf[ord[k - 1]] + buf[ord[k]]) / 2;
    let dev = 0;
    for (let i = 0; i < m; i++) dev += bufW[i] * Math.abs(buf[i] - median);
    return { median, dev };
  }

  nodeImpurity(): number {
    return this.stats(2).dev / this.weightedNNodeSamples;
  }

  childrenImpurity(): void {
    this.impurityLeft = this.stats(1).dev / this.weightedNLeft;
    this.impurityRight = this.stats(0).dev / this.weightedNRight;
  }

  nodeValue(dest: Float64Array, offset: number): void {
    dest[offset] = this.stats(2).median;
  }
}

/**
 * Half Poisson deviance (scikit-learn's 'poisson'): for non-negative counts or rates; the node
 * predicts the weighted mean, and a split leaving a child with zero sum is never chosen.
 */
export class Poisson extends SquaredError {
  // Σ w·y·ln y over the node and over the left child (y ln y = 0 at y = 0).
  private ylogyTotal = 0;
  private ylogyLeft = 0;

  override init(idx: Int32Array, start: number, end: number): void {
    super.init(idx, start, end);
    let t = 0;
    for (let p = start; p < end; p++) {
      const s = idx[p];
      const v = this.y[s];
      if (v > 0) t += (this.w === null ? 1 : this.w[s]) * v * Math.log(v);
    }
    this.ylogyTotal = t;
  }

  override reset(): void {
    super.reset();
    this.ylogyLeft = 0;
  }

  override add(s: number): void {
    super.add(s);
    const v = this.y[s];
    if (v > 0) this.ylogyLeft += (this.w === null ? 1 : this.w[s]) * v * Math.log(v);
  }

  /** Σ w·y·ln(y / mean) / Σ w, from the running sums; Infinity for a zero mean. */
  private static loss(ylogy: number, sum: number, wn: number): number {
    const mean = sum / wn;
    if (mean <= 2.220446049250313e-16) return Infinity;
    return (ylogy - sum * Math.log(mean)) / wn;
  }

  override nodeImpurity(): number {
    return Poisson.loss(this.ylogyTotal, this.sumTotal, this.weightedNNodeSamples);
  }

  override childrenImpurity(): void {
    this.impurityLeft = Poisson.loss(this.ylogyLeft, this.sumLeft, this.weightedNLeft);
    this.impurityRight = Poisson.loss(this.ylogyTotal - this.ylogyLeft, this.sumTotal - this.sumLeft, this.weightedNRight);
  }

  override proxyImprovement(): number {
    const sumRight = this.sumTotal - this.sumLeft;
    const eps = 2.220446049250313e-16;
    if (this.sumLeft <= eps || sumRight <= eps) return -Infinity;
    return this.sumLeft * Math.log(this.sumLeft / this.weightedNLeft) + sumRight * Math.log(sumRight / this.weightedNRight);
  }
}
