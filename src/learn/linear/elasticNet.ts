/** ElasticNet and Lasso fitted by coordinate descent (scikit-learn's ElasticNet / Lasso). */
import type { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { withSeed } from '../../tensor/random.js';
import { registerEstimator } from '../persist.js';
import type { ArrayInput } from '../base.js';
import { LeastSquaresRegressor } from './least-squares-base.js';
import { enetCoordinateDescent } from './cd.js';
import { rowsOf, targetOf, centre, interceptOf, f64Tensor, checkChoice, checkNumber, gemm } from './util.js';

/** Options of {@link ElasticNet} (and {@link Lasso}, whose l1Ratio is 1). */
export interface ElasticNetOptions {
  /** Overall penalty strength (default 1). */
  alpha?: number;
  /** Share of L1 in the penalty, in [0, 1] (default 0.5; Lasso: 1). */
  l1Ratio?: number;
  /** Fit an intercept (default true). */
  fitIntercept?: boolean;
  /** Use the Gram matrix XᵀX in the sweeps (cheaper when nSamples ≫ nFeatures; default false). */
  precompute?: boolean;
  /** Most coordinate sweeps (default 1000). */
  maxIter?: number;
  /** Tolerance on the largest update and on the duality gap (relative to ‖y‖²; default 1e-4). */
  tol?: number;
  /** Start from the previous fit's coefficients (default false). */
  warmStart?: boolean;
  /** Constrain the coefficients to be ≥ 0 (default false). */
  positive?: boolean;
  /** 'cyclic' (default) or 'random' coordinate order. */
  selection?: 'cyclic' | 'random';
  /** Seed of the 'random' selection. */
  randomState?: number;
}

type Opts = Required<Omit<ElasticNetOptions, 'randomState'>> & { randomState?: number };

/** JSON form of a fitted ElasticNet / Lasso. */
export interface ElasticNetJSON { type: 'ElasticNet' | 'Lasso'; params: ElasticNetOptions; coef: number[]; intercept: number[]; k: number; oneD: boolean; nFeaturesIn: number; nIter: number[]; dualGap: number[] }

/**
 * Linear regression with combined L1 and L2 penalties, minimising
 * 1/(2n)·‖y − Xw − b‖² + α·l1Ratio·‖w‖₁ + ½·α·(1 − l1Ratio)·‖w‖², by coordinate descent with
 * scikit-learn's stopping rule (duality gap). The L1 part sets coefficients exactly to zero.
 *
 * ```ts
 * const m = new ElasticNet({ alpha: 0.1, l1Ratio: 0.7 }).fit(X, y);
 * ```
 */
export class ElasticNet extends LeastSquaresRegressor<Opts> {
  /** Sweeps run (per target). */
  nIter: number[] | null = null;
  /** Final duality gaps (per target, divided by nSamples as scikit-learn). */
  dualGap: number[] | null = null;

  constructor(options: ElasticNetOptions = {}) {
    super({ alpha: 1, l1Ratio: 0.5, fitIntercept: true, precompute: false, maxIter: 1000, tol: 1e-4, warmStart: false, positive: false, selection: 'cyclic', ...options });
  }

  protected get typeName(): 'ElasticNet' | 'Lasso' { return 'ElasticNet'; }

  fit(X: ArrayInput, y: ArrayInput): this {
    const o = this.params, name = this.typeName;
    const alpha = checkNumber(name, 'alpha', o.alpha, 0);
    const l1Ratio = name === 'Lasso' ? 1 : checkNumber(name, 'l1Ratio', o.l1Ratio, 0);
    if (l1Ratio > 1) throw new ValueError(`${name}: l1Ratio must be in [0, 1], got ${l1Ratio}`);
    const maxIter = checkNumber(name, 'maxIter', o.maxIter, 1);
    const tol = checkNumber(name, 'tol', o.tol, 0);
    const selection = checkChoice(name, 'selection', o.selection, ['cyclic', 'random'] as const);
    const { data, n, p } = rowsOf(X);
    const t = targetOf(y, n);
    const k = t.k;
    const xMean = o.fitIntercept ? centre(data, n, p) : new Float64Array(p);
    const yMean = o.fitIntercept ? centre(t.data, n, k) : new Float64Array(k);
    // feature-major copy: each feature's column contiguous for the sweeps
    const xt = new Float64Array(n * p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) xt[j * n + i] = data[i * p + j];
    const gramM = o.precompute ? gemm(data, n, p, true, data, n, p, false) : null;
    const warm = o.warmStart && this.coef_ !== null && this.coef_.length === k * p;
    const coef = warm ? Float64Array.from(this.coef_ as Float64Array) : new Float64Array(k * p);
    const nIter: number[] = [], gaps: number[] = [];
    withSeed(o.randomState, () => {
      for (let c = 0; c < k; c++) {
        const yc = k === 1 ? t.data : Float64Array.from({ length: n }, (_, i) => t.data[i * k + c]);
        const w = coef.subarray(c * p, (c + 1) * p);
        const gram = gramM ? { gram: gramM, xty: gemm(xt, p, n, false, yc, n, 1, false) } : undefined;
        const r = enetCoordinateDescent(w, alpha * l1Ratio * n, alpha * (1 - l1Ratio) * n, xt, n, p, yc, maxIter, tol, selection === 'random', o.positive, gram);
        nIter.push(r.nIter); gaps.push(r.gap / n);
      }
    });
    this.coef_ = coef; this.k = k; this.oneD = t.oneD; this.nFeaturesIn = p; this.nIter = nIter; this.dualGap = gaps;
    this.intercept_ = o.fitIntercept ? interceptOf(coef, k, p, xMean, yMean) : new Float64Array(k);
    return this;
  }

  /** The fitted model as plain JSON data (exact round-trip through fromJSON). */
  toJSON(): ElasticNetJSON {
    return { type: this.typeName, params: { ...this.params }, ...this.linearState(), nIter: this.nIter as number[], dualGap: this.dualGap as number[] };
  }

  /** Restores a model saved by toJSON. */
  static fromJSON(json: ElasticNetJSON): ElasticNet {
    if (json.type !== 'ElasticNet' && json.type !== 'Lasso') throw new ValueError(`ElasticNet.fromJSON: expected type 'ElasticNet' or 'Lasso', got ${String(json.type)}`);
    const m = json.type === 'Lasso' ? new Lasso(json.params) : new ElasticNet(json.params);
    m.restoreLinearState(json);
    m.nIter = json.nIter; m.dualGap = json.dualGap;
    return m;
  }
}

/** Options of {@link Lasso}: ElasticNet's without l1Ratio. */
export type LassoOptions = Omit<ElasticNetOptions, 'l1Ratio'>;

/**
 * Linear regression with an L1 penalty, 1/(2n)·‖y − Xw − b‖² + α‖w‖₁ (ElasticNet with l1Ratio 1).
 *
 * ```ts
 * const m = new Lasso({ alpha: 0.1 }).fit(X, y); // many coef entries exactly 0
 * ```
 */
export class Lasso extends ElasticNet {
  constructor(options: LassoOptions = {}) {
    super(options);
    delete (this.params as Partial<Opts>).l1Ratio; // not a Lasso parameter (scikit-learn)
  }
  protected override get typeName(): 'Lasso' { return 'Lasso'; }
  static override fromJSON(json: ElasticNetJSON): Lasso {
    if (json.type !== 'Lasso') throw new ValueError(`Lasso.fromJSON: expected type 'Lasso', got ${String(json.type)}`);
    return ElasticNet.fromJSON(json) as Lasso;
  }
}

registerEstimator('ElasticNet', ElasticNet.fromJSON);
registerEstimator('Lasso', Lasso.fromJSON);

/** Options of {@link enetPath}. */
export interface EnetPathOptions {
  l1Ratio?: number;
  /** alphaMin / alphaMax of the grid (default 1e-3). */
  eps?: number;
  /** Grid size (default 100). */
  nAlphas?: number;
  /** Explicit alphas (sorted descending); overrides eps / nAlphas. */
  alphas?: number[];
  maxIter?: number;
  tol?: number;
  /** Gram matrix in the sweeps; default: when nSamples > nFeatures (scikit-learn's 'auto'). */
  precompute?: boolean;
  positive?: boolean;
}

/**
 * The elastic-net regularisation path (scikit-learn's enet_path; no centring — centre X and y
 * yourself): coefficients [nFeatures, nAlphas] for alphas from the largest (all zeros) down,
 * each fit warm-started from the previous.
 */
export function enetPath(X: ArrayInput, y: ArrayInput, options: EnetPathOptions = {}): { alphas: number[]; coefs: Tensor; dualGaps: number[] } {
  const l1Ratio = options.l1Ratio ?? 1, eps = options.eps ?? 1e-3, nAlphas = options.nAlphas ?? 100;
  const { data, n, p } = rowsOf(X);
  const yv = targetOf(y, n);
  if (yv.k !== 1) throw new ValueError(`enetPath: y must be 1-D, got ${yv.k} targets`);
  const xt = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) xt[j * n + i] = data[i * p + j];
  const xty = gemm(xt, p, n, false, yv.data, n, 1, false);
  let alphas = options.alphas;
  if (!alphas) {
    let m = 0;
    for (const v of xty) m = Math.max(m, Math.abs(v));
    const amax = m / (n * l1Ratio);
    if (amax <= Number.MIN_VALUE) alphas = new Array<number>(nAlphas).fill(Number.MIN_VALUE);
    else {
      const lo = Math.log10(amax * eps), hi = Math.log10(amax), step = nAlphas > 1 ? (hi - lo) / (nAlphas - 1) : 0;
      alphas = Array.from({ length: nAlphas }, (_, i) => 10 ** (i === nAlphas - 1 ? hi : lo + i * step)).reverse();
    }
  }
  const gram = (options.precompute ?? n > p) ? { gram: gemm(data, n, p, true, data, n, p, false), xty } : undefined;
  const w = new Float64Array(p);
  const coefs = new Float64Array(p * alphas.length);
  const gaps: number[] = [];
  alphas.forEach((a, ai) => {
    const r = enetCoordinateDescent(w, a * l1Ratio * n, a * (1 - l1Ratio) * n, xt, n, p, yv.data, options.maxIter ?? 1000, options.tol ?? 1e-4, false, options.positive ?? false, gram);
    gaps.push(r.gap);
    for (let j = 0; j < p; j++) coefs[j * alphas.length + ai] = w[j];
  });
  return { alphas, coefs: f64Tensor(coefs, [p, alphas.length]), dualGaps: gaps };
}

/** The Lasso path: {@link enetPath} with l1Ratio 1. */
export function lassoPath(X: ArrayInput, y: ArrayInput, options: Omit<EnetPathOptions, 'l1Ratio'> = {}): { alphas: number[]; coefs: Tensor; dualGaps: number[] } {
  return enetPath(X, y, { ...options, l1Ratio: 1 });
}
