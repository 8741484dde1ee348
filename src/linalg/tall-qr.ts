/**
 * Thin QR of a tall matrix with the work in GEMMs: CholeskyQR2 (Fukaya et al. 2014). R₁ from the
 * Cholesky factor of AᵀA, Q₁ = A·R₁⁻¹, then the same again on Q₁ (R = R₂·R₁, Q = Q₁·R₂⁻¹), which
 * restores orthogonality to machine precision whenever Q₁ is well-conditioned, i.e. cond(A) ≲ 1e7.
 * The orthogonality of Q₁ is checked; when it is poor, or AᵀA is numerically not positive-definite,
 * the caller falls back to Householder QR (this returns null). Four m·n² GEMMs on the backend
 * (native when loaded) make a 100,000×30 QR take milliseconds.
 */
import { choleskyInPlace } from './cholesky.js';
import { formQ, householderQR } from './householder.js';
import { gemm, transposed } from './matrix.js';

/** The inverse of an upper-triangular row-major n×n matrix (null when a diagonal entry is 0). */
export function invUpper(r: Float64Array, n: number): Float64Array | null {
  const x = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    // column j of R⁻¹: solve R·x = e_j from the bottom (x[i] = 0 for i > j)
    for (let i = j; i >= 0; i--) {
      let s = i === j ? 1 : 0;
      for (let k = i + 1; k <= j; k++) s -= r[i * n + k] * x[k * n + j];
      const d = r[i * n + i];
      if (d === 0) return null;
      x[i * n + j] = s / d;
    }
  }
  return x;
}

/** Upper R = Lᵀ from AᵀA's Cholesky factor (row-major n×n), or null if it fails. */
function gramR(q: Float64Array, m: number, n: number): Float64Array | null {
  const g = gemm(q, m, n, true, q, m, n, false);
  if (choleskyInPlace(g, n) > 0) return null;
  return transposed(g, n, n);
}

/** Q = q1·t (row-major m×n times n×n) and R (row-major n×n upper): Q is left as a product so a caller can fold t into its next GEMM. */
export interface FactoredQR { q1: Float64Array; t: Float64Array | null; r: Float64Array }

/** Q and R by CholeskyQR2 (Q = q1·R₂⁻¹), or null when it is not accurate here. */
export function choleskyQR2(a: Float64Array, m: number, n: number): FactoredQR | null {
  const r1 = gramR(a, m, n);
  const r1inv = r1 && invUpper(r1, n);
  if (!r1 || !r1inv) return null;
  const q1 = gemm(a, m, n, false, r1inv, n, n, false);
  const g2 = gemm(q1, m, n, true, q1, m, n, false);
  // ‖Q₁ᵀQ₁ − I‖_F small ⇒ the second pass is accurate (its Gram matrix is well-conditioned)
  let dev = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { const d = g2[i * n + j] - (i === j ? 1 : 0); dev += d * d; }
  if (!(Math.sqrt(dev) < 0.1)) return null;
  if (choleskyInPlace(g2, n) > 0) return null;
  const r2 = transposed(g2, n, n);
  const r2inv = invUpper(r2, n);
  if (!r2inv) return null;
  return { q1, t: r2inv, r: gemm(r2, n, n, false, r1, n, n, false) };
}

/** Thin Householder QR of row-major m×n (m ≥ n): Q row-major m×n, R row-major n×n. */
export function householderThin(a: Float64Array, m: number, n: number): { q: Float64Array; r: Float64Array } {
  const c = transposed(a, m, n);
  const tau = householderQR(c, m, n);
  const r = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) r[i * n + j] = c[j * m + i];
  return { q: transposed(formQ(c, m, tau, n), n, m), r };
}

/**
 * Thin QR of a tall row-major m×n matrix (m ≥ n): CholeskyQR2 on GEMMs when the matrix is big
 * enough to matter and well-conditioned enough for it, Householder otherwise. R's diagonal signs
 * are not LAPACK's (use `qr` for that); Q·R = A and QᵀQ = I to machine precision either way.
 */
export function tallQR(a: Float64Array, m: number, n: number): { q: Float64Array; r: Float64Array } {
  const f = tallQRFactored(a, m, n);
  return { q: f.t ? gemm(f.q1, m, n, false, f.t, n, n, false) : f.q1, r: f.r };
}

/** {@link tallQR} with Q left as q1·t (t null means Q = q1). */
export function tallQRFactored(a: Float64Array, m: number, n: number): FactoredQR {
  if (m * n * n >= 1e6) {
    const fast = choleskyQR2(a, m, n);
    if (fast) return fast;
  }
  const { q, r } = householderThin(a, m, n);
  return { q1: q, t: null, r };
}
