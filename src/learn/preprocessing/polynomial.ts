import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { BaseTransformer, checkFitted, type ArrayInput } from '../base.js';
import { checkFeatures, matTensor, readMatrix } from './util.js';
import { registerEstimator, type EstimatorJSON } from '../persist.js';
import { restoreState, stateToJSON } from '../state.js';

export interface PolynomialFeaturesOptions {
  /** Maximum degree, or [minDegree, maxDegree] (default 2). */
  degree: number | [number, number];
  /** Only products of distinct features (default false). */
  interactionOnly: boolean;
  /** A leading column of ones (default true). */
  includeBias: boolean;
}

/** The index tuples of scikit-learn's order: by degree, then itertools' combinations (with replacement). */
function combinations(n: number, deg: number, distinct: boolean): number[][] {
  const out: number[][] = [];
  const cur: number[] = [];
  const rec = (start: number) => {
    if (cur.length === deg) { out.push([...cur]); return; }
    for (let i = start; i < n; i++) { cur.push(i); rec(distinct ? i + 1 : i); cur.pop(); }
  };
  rec(0);
  return out;
}

/**
 * All monomials of the features up to a degree, in scikit-learn's PolynomialFeatures order
 * (bias, degree 1, degree 2 …; within a degree, lexicographic index tuples).
 *
 * ```ts
 * new preprocessing.PolynomialFeatures().fitTransform([[2, 3]]); // [[1, 2, 3, 4, 6, 9]]
 * ```
 */
export class PolynomialFeatures extends BaseTransformer<PolynomialFeaturesOptions> {
  /** Exponent of each input feature in each output feature, [nOutputFeatures, nFeaturesIn]. */
  powers: Tensor | null = null;
  nFeaturesIn: number | null = null;
  nOutputFeatures: number | null = null;
  private combos: number[][] | null = null;

  constructor(options: Partial<PolynomialFeaturesOptions> = {}) {
    super({ degree: 2, interactionOnly: false, includeBias: true, ...options });
  }

  fit(X: ArrayInput): this {
    const m = readMatrix(X, 'X');
    const { degree, interactionOnly, includeBias } = this.params;
    const [minD, maxD] = typeof degree === 'number' ? [0, degree] : degree;
    if (!Number.isInteger(minD) || !Number.isInteger(maxD) || minD < 0 || maxD < minD) throw new ValueError(`PolynomialFeatures: degree must be a non-negative integer or [min, max] with 0 <= min <= max, got ${JSON.stringify(degree)}`);
    if (maxD === 0 && !includeBias) throw new ValueError('PolynomialFeatures: degree 0 without includeBias gives no features');
    const combos: number[][] = [];
    if (includeBias) combos.push([]);
    for (let d = Math.max(1, minD); d <= maxD; d++) combos.push(...combinations(m.cols, d, interactionOnly));
    const pw = new Float64Array(combos.length * m.cols);
    combos.forEach((c, r) => { for (const j of c) pw[r * m.cols + j]++; });
    this.combos = combos;
    this.powers = matTensor(pw, combos.length, m.cols);
    this.nFeaturesIn = m.cols;
    this.nOutputFeatures = combos.length;
    return this;
  }

  transform(X: ArrayInput): Tensor {
    const combos = checkFitted(this, this.combos, 'transform');
    const m = readMatrix(X, 'X');
    checkFeatures(this, this.nFeaturesIn as number, m.cols);
    const w = combos.length;
    const out = new Float64Array(m.rows * w);
    for (let i = 0; i < m.rows; i++) combos.forEach((c, k) => {
      let p = 1;
      for (const j of c) p *= m.data[i * m.cols + j];
      out[i * w + k] = p;
    });
    return matTensor(out, m.rows, w);
  }

  /** Output names as scikit-learn: '1', 'x0', 'x0^2', 'x0 x1'. */
  getFeatureNamesOut(inputFeatures?: readonly string[]): string[] {
    const combos = checkFitted(this, this.combos, 'getFeatureNamesOut');
    return combos.map((c) => {
      if (c.length === 0) return '1';
      const parts: string[] = [];
      for (let k = 0; k < c.length;) {
        let e = 1;
        while (k + e < c.length && c[k + e] === c[k]) e++;
        const name = inputFeatures?.[c[k]] ?? `x${c[k]}`;
        parts.push(e === 1 ? name : `${name}^${e}`);
        k += e;
      }
      return parts.join(' ');
    });
  }

  /** The fitted state as JSON (exact round trip through PolynomialFeatures.fromJSON / estimatorFromJSON). */
  toJSON(): EstimatorJSON {
    return stateToJSON(this);
  }

  /** Restores a transformer saved by toJSON. */
  static fromJSON(json: EstimatorJSON): PolynomialFeatures {
    return restoreState(new PolynomialFeatures(json.params as ConstructorParameters<typeof PolynomialFeatures>[0]), json);
  }
}

registerEstimator('PolynomialFeatures', PolynomialFeatures.fromJSON);
