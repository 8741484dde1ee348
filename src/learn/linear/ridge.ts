/** Ridge regression: least squares with an L2 penalty (scikit-learn's Ridge). */
import { ValueError } from '../../tensor/errors.js';
import { choleskyInPlace } from '../../linalg/cholesky.js';
import { svdCore } from '../../linalg/svd.js';
import { registerEstimator } from '../persist.js';
import type { ArrayInput } from '../base.js';
import { LeastSquaresRegressor } from './least-squares-base.js';
import { rowsOf, targetOf, centre, interceptOf, checkChoice, gemm } from './util.js';

/** Options of {@link Ridge}. */
export interface RidgeOptions {
  /** Penalty strength ≥ 0: one number, or one per target (default 1). */
  alpha?: number | number[];
  /** Fit an intercept (default true). */
  fitIntercept?: boolean;
  /**
   * 'auto' (default) = 'cholesky': the normal equations (XᵀX + αI)·w = Xᵀy, or their kernel form
   * (XXᵀ + αI)·a = y, w = Xᵀa when there are more features than samples; 'svd': X = U·S·Vᵀ,
   * w = V·diag(s/(s² + α))·Uᵀy (robust for singular X). A singular system under 'cholesky' falls
   * back to 'svd', as scikit-learn.
   */
  solver?: 'auto' | 'cholesky' | 'svd';
}

type Opts = Required<RidgeOptions>;

/** JSON form of a fitted {@link Ridge}. */
export interface RidgeJSON { type: 'Ridge'; params: RidgeOptions; coef: number[]; intercept: number[]; k: number; oneD: boolean; nFeaturesIn: number }

/** Solves the SPD system A·X = B (A [n, n], B [n, k]) by Cholesky; null when A is not positive-definite. */
export function choleskySolve(a: Float64Array, n: number, b: Float64Array, k: number): Float64Array | null {
  const L = Float64Array.from(a);
  if (choleskyInPlace(L, n) !== -1) return null;
  const x = Float64Array.from(b);
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < n; i++) { let s = x[i * k + c]; for (let j = 0; j < i; j++) s -= L[i * n + j] * x[j * k + c]; x[i * k + c] = s / L[i * n + i]; }
    for (let i = n - 1; i >= 0; i--) { let s = x[i * k + c]; for (let j = i + 1; j < n; j++) s -= L[j * n + i] * x[j * k + c]; x[i * k + c] = s / L[i * n + i]; }
  }
  return x;
}

/**
 * Linear least squares with an L2 penalty: minimises ‖y − X·w − b‖² + α‖w‖² (the intercept is not
 * penalised). Several targets ([n, k] y) are solved at once, each with its own α if given.
 *
 * ```ts
 * const r = new Ridge({ alpha: 0.5 }).fit(X, y);
 * ```
 */
export class Ridge extends LeastSquaresRegressor<Opts> {
  protected get typeName(): string { return 'Ridge'; }

  constructor(options: RidgeOptions = {}) {
    super({ alpha: 1, fitIntercept: true, solver: 'auto', ...options });
  }

  fit(X: ArrayInput, y: ArrayInput): this {
    const o = this.params;
    let solver = checkChoice('Ridge', 'solver', o.solver, ['auto', 'cholesky', 'svd'] as const);
    if (solver === 'auto') solver = 'cholesky';
    const { data, n, p } = rowsOf(X);
    const t = targetOf(y, n);
    const k = t.k;
    const alphas = Array.isArray(o.alpha) ? o.alpha : new Array<number>(k).fill(o.alpha);
    if (alphas.length !== k) throw new ValueError(`Ridge: alpha has ${alphas.length} values but y has ${k} targets`);
    for (const a of alphas) if (typeof a !== 'number' || !(a >= 0) || !Number.isFinite(a)) throw new ValueError(`Ridge: alpha must be finite and >= 0, got ${String(a)}`);
    const xMean = o.fitIntercept ? centre(data, n, p) : new Float64Array(p);
    const yMean = o.fitIntercept ? centre(t.data, n, k) : new Float64Array(k);
    let coef: Float64Array | null = null; // [k, p]
    if (solver === 'cholesky') coef = solveCholesky(data, n, p, t.data, k, alphas);
    if (coef === null) coef = solveSvd(data, n, p, t.data, k, alphas);
    this.coef_ = coef; this.k = k; this.oneD = t.oneD; this.nFeaturesIn = p;
    this.intercept_ = o.fitIntercept ? interceptOf(coef, k, p, xMean, yMean) : new Float64Array(k);
    return this;
  }

  /** The fitted model as plain JSON data (exact round-trip through fromJSON). */
  toJSON(): RidgeJSON {
    return { type: 'Ridge', params: { ...this.params }, ...this.linearState() };
  }

  /** Restores a model saved by toJSON. */
  static fromJSON(json: RidgeJSON): Ridge {
    if (json.type !== 'Ridge') throw new ValueError(`Ridge.fromJSON: expected type 'Ridge', got ${String(json.type)}`);
    return new Ridge(json.params).restoreLinearState(json);
  }
}

/** Normal equations (primal when n ≥ p, kernel form otherwise); null if the system is singular. */
function solveCholesky(x: Float64Array, n: number, p: number, y: Float64Array, k: number, alphas: number[]): Float64Array | null {
  const coef = new Float64Array(k * p);
  const primal = n >= p;
  const m = primal ? p : n;
  const G = primal ? gemm(x, n, p, true, x, n, p, false) : gemm(x, n, p, false, x, n, p, true); // [m, m]
  const rhs = primal ? gemm(x, n, p, true, y, n, k, false) : y; // [m, k]
  const same = alphas.every((a) => a === alphas[0]);
  for (let c = 0; c < (same ? 1 : k); c++) {
    const A = Float64Array.from(G);
    for (let i = 0; i < m; i++) A[i * m + i] += alphas[c];
    const kk = same ? k : 1;
    const B = same ? rhs : Float64Array.from({ length: m }, (_, i) => rhs[i * k + c]);
    const sol = choleskySolve(A, m, B, kk);
    if (sol === null) return null;
    const w = primal ? sol : gemm(x, n, p, true, sol, n, kk, false); // [p, kk]
    for (let j = 0; j < p; j++) for (let q = 0; q < kk; q++) coef[(same ? q : c) * p + j] = w[j * kk + q];
  }
  return coef;
}

/** w = V·diag(s/(s² + α))·Uᵀy, singular values below 1e-15 treated as zero (scikit-learn's _solve_svd). */
function solveSvd(x: Float64Array, n: number, p: number, y: Float64Array, k: number, alphas: number[]): Float64Array {
  const { s, u, vt, uc } = svdCore(x, n, p, false, 'Ridge');
  const r = s.length;
  const uty = gemm(u, n, uc, true, y, n, k, false); // [uc, k]
  const coef = new Float64Array(k * p);
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < r; i++) {
      const d = s[i] > 1e-15 ? s[i] / (s[i] * s[i] + alphas[c]) : 0;
      const f = d * uty[i * k + c];
      if (f !== 0) for (let j = 0; j < p; j++) coef[c * p + j] += vt[i * p + j] * f;
    }
  }
  return coef;
}

registerEstimator('Ridge', Ridge.fromJSON);
