import { ValueError } from '../../tensor/errors.js';

/** An ARMA(p, q) in Harvey's state-space form: state size r = max(p, q + 1). */
export interface ArmaStateSpace {
  r: number;
  /** Transition T [r, r] row-major: first column φ, ones on the superdiagonal. */
  T: Float64Array;
  /** Selection R [r]: (1, θ₁, …, θ_{r−1}). */
  R: Float64Array;
}

/** The state-space matrices of an ARMA with the given AR (φ) and MA (θ) coefficients. */
export function armaStateSpace(ar: ArrayLike<number>, ma: ArrayLike<number>): ArmaStateSpace {
  const r = Math.max(ar.length, ma.length + 1);
  const T = new Float64Array(r * r), R = new Float64Array(r);
  for (let i = 0; i < ar.length; i++) T[i * r] = ar[i];
  for (let i = 0; i + 1 < r; i++) T[i * r + i + 1] = 1;
  R[0] = 1;
  for (let i = 0; i < ma.length; i++) R[i + 1] = ma[i];
  return { r, T, R };
}

/** Solves A x = b (dense, partial pivoting); A is n×n row-major and overwritten. */
function solveDense(A: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let i = c + 1; i < n; i++) if (Math.abs(A[i * n + c]) > Math.abs(A[piv * n + c])) piv = i;
    if (A[piv * n + c] === 0) throw new ValueError('arima: the stationary covariance system is singular (a unit root)');
    if (piv !== c) {
      for (let j = 0; j < n; j++) { const t = A[c * n + j]; A[c * n + j] = A[piv * n + j]; A[piv * n + j] = t; }
      const t = b[c]; b[c] = b[piv]; b[piv] = t;
    }
    for (let i = c + 1; i < n; i++) {
      const f = A[i * n + c] / A[c * n + c];
      if (f === 0) continue;
      for (let j = c; j < n; j++) A[i * n + j] -= f * A[c * n + j];
      b[i] -= f * b[c];
    }
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let j = i + 1; j < n; j++) s -= A[i * n + j] * x[j];
    x[i] = s / A[i * n + i];
  }
  return x;
}

/** The stationary state covariance P = T P Tᵀ + R Rᵀ (unit innovation variance). */
export function stationaryCovariance(ss: ArmaStateSpace): Float64Array {
  const { r, T, R } = ss, n = r * r;
  // vec(P) = (I − T ⊗ T)⁻¹ vec(R Rᵀ), row-major vec.
  const A = new Float64Array(n * n), b = new Float64Array(n);
  for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) {
    const row = i * r + j;
    b[row] = R[i] * R[j];
    A[row * n + row] += 1;
    for (let k = 0; k < r; k++) for (let l = 0; l < r; l++) A[row * n + k * r + l] -= T[i * r + k] * T[j * r + l];
  }
  return solveDense(A, b, n);
}

/** Result of the Kalman filter with unit innovation variance. */
export interface FilterResult {
  /** Σ v²/F (so σ̂² = ssr / n) and Σ log F. */
  ssr: number; sumLogF: number;
  /** The one-step-ahead state mean and covariance after the last observation. */
  a: Float64Array; P: Float64Array;
}

/** Kalman filter of a zero-mean series w through the ARMA state space (exact, stationary start). */
export function kalmanFilter(ss: ArmaStateSpace, w: Float64Array): FilterResult {
  const { r, T, R } = ss;
  let a = new Float64Array(r);
  let P: Float64Array = stationaryCovariance(ss);
  let ssr = 0, sumLogF = 0;
  const TP = new Float64Array(r * r), M = new Float64Array(r * r), au = new Float64Array(r);
  let Pn: Float64Array = new Float64Array(r * r);
  let steady = false;
  for (let t = 0; t < w.length; t++) {
    const F = P[0];
    const v = w[t] - a[0];
    ssr += (v * v) / F; sumLogF += Math.log(F);
    // Updated state: a + P Zᵀ v / F; P − P Zᵀ Z P / F (Z selects the first element).
    for (let i = 0; i < r; i++) au[i] = a[i] + (P[i * r] * v) / F;
    // Predict: a = T au; P = T M Tᵀ + R Rᵀ.
    for (let i = 0; i < r; i++) { let s = 0; for (let k = 0; k < r; k++) s += T[i * r + k] * au[k]; a[i] = s; }
    // Once P stops changing (the steady state), its update is skipped.
    if (steady) continue;
    for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) M[i * r + j] = P[i * r + j] - (P[i * r] * P[j]) / F;
    for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) { let s = 0; for (let k = 0; k < r; k++) s += T[i * r + k] * M[k * r + j]; TP[i * r + j] = s; }
    let change = 0;
    for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) {
      let s = R[i] * R[j];
      for (let k = 0; k < r; k++) s += TP[i * r + k] * T[j * r + k];
      Pn[i * r + j] = s;
      change = Math.max(change, Math.abs(s - P[i * r + j]));
    }
    [P, Pn] = [Pn, P];
    if (change === 0) steady = true;
  }
  return { ssr, sumLogF, a, P: Float64Array.from(P) };
}

/** Coefficients of a stationary AR polynomial from unconstrained values (tanh → PACF → Durbin–Levinson). */
export function constrainStationary(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  let phi = new Float64Array(0);
  for (let k = 0; k < n; k++) {
    const rk = Math.tanh(x[k]);
    const next = new Float64Array(k + 1);
    for (let j = 0; j < k; j++) next[j] = phi[j] - rk * phi[k - 1 - j];
    next[k] = rk;
    phi = next;
  }
  return phi;
}

/** Inverse of {@link constrainStationary} (for starting values inside the region). */
export function unconstrainStationary(phi: ArrayLike<number>): Float64Array {
  let cur = Float64Array.from(phi);
  const n = cur.length, x = new Float64Array(n);
  for (let k = n - 1; k >= 0; k--) {
    const rk = Math.max(-0.999999, Math.min(0.999999, cur[k]));
    x[k] = Math.atanh(rk);
    const prev = new Float64Array(k);
    for (let j = 0; j < k; j++) prev[j] = (cur[j] + rk * cur[k - 1 - j]) / (1 - rk * rk);
    cur = prev;
  }
  return x;
}
