/**
 * The symmetric eigenvalue kernel: Householder reduction to tridiagonal form (tred2) and the
 * implicit QL algorithm with shifts (tql2), from EISPACK as in JAMA. Column-major float64:
 * v[i + j·n]. Backward stable; eigenvalues come out ascending with orthonormal eigenvectors.
 */
import { LinAlgError } from './errors.js';
import { hypot, transposed } from './matrix.js';

/** Eigen-decomposes the symmetric n×n matrix in `v` (column-major, overwritten by the eigenvectors); returns the eigenvalues. */
export function symmetricEigen(v: Float64Array, n: number): Float64Array {
  const d = new Float64Array(n), e = new Float64Array(n);
  if (n === 0) return d;
  tred2(v, n, d, e);
  // tql2 works on row-major V: each QL step's rotation chain is applied row by row
  const vr = transposed(v, n, n);
  tql2(vr, n, d, e);
  v.set(transposed(vr, n, n));
  return d;
}

function tred2(V: Float64Array, n: number, d: Float64Array, e: Float64Array): void {
  // V[r][c] is V[r + c·n]; JAMA's loops over the first index walk contiguous memory here.
  for (let j = 0; j < n; j++) d[j] = V[n - 1 + j * n];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0, h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) { d[j] = V[i - 1 + j * n]; V[i + j * n] = 0; V[j + i * n] = 0; }
    } else {
      for (let k = 0; k < i; k++) { d[k] /= scale; h += d[k] * d[k]; }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        const cj = j * n;
        f = d[j];
        V[j + i * n] = f;
        g = e[j] + V[j + cj] * f;
        for (let k = j + 1; k <= i - 1; k++) { g += V[k + cj] * d[k]; e[k] += V[k + cj] * f; }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) { e[j] /= h; f += e[j] * d[j]; }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        const cj = j * n;
        f = d[j]; g = e[j];
        for (let k = j; k <= i - 1; k++) V[k + cj] -= f * e[k] + g * d[k];
        d[j] = V[i - 1 + cj];
        V[i + cj] = 0;
      }
    }
    d[i] = h;
  }
  // Accumulate the transformations.
  for (let i = 0; i < n - 1; i++) {
    V[n - 1 + i * n] = V[i + i * n];
    V[i + i * n] = 1;
    const h = d[i + 1];
    const ci1 = (i + 1) * n;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = V[k + ci1] / h;
      for (let j = 0; j <= i; j++) {
        const cj = j * n;
        let g = 0;
        for (let k = 0; k <= i; k++) g += V[k + ci1] * V[k + cj];
        for (let k = 0; k <= i; k++) V[k + cj] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) V[k + ci1] = 0;
  }
  for (let j = 0; j < n; j++) { d[j] = V[n - 1 + j * n]; V[n - 1 + j * n] = 0; }
  V[n - 1 + (n - 1) * n] = 1;
  e[0] = 0;
}

function tql2(V: Float64Array, n: number, d: Float64Array, e: Float64Array): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0, tst1 = 0;
  const cr = new Float64Array(n), sr = new Float64Array(n);
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n) { if (Math.abs(e[m]) <= eps * tst1) break; m++; }
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 60) throw new LinAlgError(`eigh: the implicit QL iteration did not converge for eigenvalue ${l}`);
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1, c2 = c, c3 = c;
        const el1 = e[l + 1];
        let s = 0, s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2; c2 = c; s2 = s;
          g = c * e[i];
          h = c * p;
          r = hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          cr[i] = c; sr[i] = s;
        }
        chainDown(V, n, l, m, cr, sr);
        p = -s * s2 * c3 * el1 * e[l] / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
  // Sort ascending (selection sort, moving the eigenvectors with their values).
  for (let i = 0; i < n - 1; i++) {
    let k = i, p = d[i];
    for (let j = i + 1; j < n; j++) if (d[j] < p) { k = j; p = d[j]; }
    if (k !== i) {
      d[k] = d[i]; d[i] = p;
      for (let j = 0, o = 0; j < n; j++, o += n) { const t = V[o + i]; V[o + i] = V[o + k]; V[o + k] = t; }
    }
  }
}

/**
 * For every row of row-major n×n V, the rotations of columns (i, i+1) for i = m−1 down to l:
 * (v_i, v_{i+1}) ← (c·v_i − s·v_{i+1}, s·v_i + c·v_{i+1}), four rows interleaved (each row's
 * chain is a serial dependency).
 */
function chainDown(V: Float64Array, n: number, l: number, m: number, cr: Float64Array, sr: Float64Array): void {
  let r = 0;
  for (; r + 4 <= n; r += 4) {
    const o0 = r * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
    let h0 = V[o0 + m], h1 = V[o1 + m], h2 = V[o2 + m], h3 = V[o3 + m];
    for (let i = m - 1; i >= l; i--) {
      const c = cr[i], s = sr[i];
      const a0 = V[o0 + i], a1 = V[o1 + i], a2 = V[o2 + i], a3 = V[o3 + i];
      V[o0 + i + 1] = s * a0 + c * h0; h0 = c * a0 - s * h0;
      V[o1 + i + 1] = s * a1 + c * h1; h1 = c * a1 - s * h1;
      V[o2 + i + 1] = s * a2 + c * h2; h2 = c * a2 - s * h2;
      V[o3 + i + 1] = s * a3 + c * h3; h3 = c * a3 - s * h3;
    }
    V[o0 + l] = h0; V[o1 + l] = h1; V[o2 + l] = h2; V[o3 + l] = h3;
  }
  for (; r < n; r++) {
    const o = r * n;
    let h = V[o + m];
    for (let i = m - 1; i >= l; i--) {
      const a = V[o + i];
      V[o + i + 1] = sr[i] * a + cr[i] * h;
      h = cr[i] * a - sr[i] * h;
    }
    V[o + l] = h;
  }
}
