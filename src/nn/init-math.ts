// Scalar float64 helpers of nn.init: erf/erfinv (truncated normal) and a Householder QR
// (orthogonal). They run once per initialisation, so plain loops are fine here.

/** erf(x) from the Chebyshev-fitted erfc of Numerical Recipes (fractional error < 1.2e-7). */
export function erf(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const erfc = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - erfc : erfc - 1;
}

/** erf⁻¹(y) for y in [-1, 1]: Giles' approximation refined by two Newton steps. */
export function erfinv(y: number): number {
  if (y <= -1) return -Infinity;
  if (y >= 1) return Infinity;
  let w = -Math.log((1 - y) * (1 + y));
  let x: number;
  if (w < 5) {
    w -= 2.5;
    let p = 2.81022636e-08;
    for (const c of [3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087, -0.00125372503, -0.00417768164, 0.246640727, 1.50140941]) p = c + p * w;
    x = p * y;
  } else {
    w = Math.sqrt(w) - 3;
    let p = -0.000200214257;
    for (const c of [0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613, 0.00943887047, 1.00167406, 2.83297682]) p = c + p * w;
    x = p * y;
  }
  for (let i = 0; i < 2; i++) {
    const d = (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x);
    if (d === 0) break;
    x -= (erf(x) - y) / d;
  }
  return x;
}

/**
 * The Q of A = QR (A [m, n] row-major, m >= n) by Householder reflections in float64, with the
 * columns' signs chosen so that R's diagonal is positive (this makes Q Haar-distributed when A
 * is Gaussian). Returns Q [m, n] row-major; A is overwritten.
 */
export function orthonormalColumns(a: Float64Array, m: number, n: number): Float64Array {
  const vs: Float64Array[] = [];
  const diag = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const v = new Float64Array(m - k);
    let norm = 0;
    for (let i = k; i < m; i++) { v[i - k] = a[i * n + k]; norm += v[i - k] * v[i - k]; }
    norm = Math.sqrt(norm);
    const alpha = v[0] > 0 ? -norm : norm;
    diag[k] = alpha;
    v[0] -= alpha;
    let vn = 0;
    for (let i = 0; i < v.length; i++) vn += v[i] * v[i];
    vn = Math.sqrt(vn);
    if (vn > 0) for (let i = 0; i < v.length; i++) v[i] /= vn;
    vs.push(v);
    // A[k:, k:] -= 2 v (vᵀ A[k:, k:])
    for (let j = k; j < n; j++) {
      let s = 0;
      for (let i = k; i < m; i++) s += v[i - k] * a[i * n + j];
      s *= 2;
      for (let i = k; i < m; i++) a[i * n + j] -= s * v[i - k];
    }
  }
  // Q = H0 H1 ... H(n-1) I[:, :n], applied right to left.
  const q = new Float64Array(m * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const v = vs[k];
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = k; i < m; i++) s += v[i - k] * q[i * n + j];
      s *= 2;
      for (let i = k; i < m; i++) q[i * n + j] -= s * v[i - k];
    }
  }
  for (let j = 0; j < n; j++) if (diag[j] < 0) for (let i = 0; i < m; i++) q[i * n + j] = -q[i * n + j];
  return q;
}
