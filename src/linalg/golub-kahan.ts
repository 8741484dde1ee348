/**
 * The SVD kernel: Golub–Kahan Householder bidiagonalisation followed by implicit-shift QR
 * sweeps on the bidiagonal (the LINPACK dsvdc algorithm, as in JAMA). Backward stable, so
 * accurate on ill-conditioned and rank-deficient matrices; O(mn²) with U and V accumulated.
 *
 * Column-major float64, m ≥ n: a[i + j·m]. Returns s (n, descending, ≥ 0), U (m×n) and V (n×n),
 * column-major. Signs are whatever the sweeps produce (callers normalise them).
 */
import { LinAlgError } from './errors.js';
import { hypot, nrm2, transposed } from './matrix.js';
import { formQ } from './householder.js';

export interface SVDKernelResult { s: Float64Array; u: Float64Array; v: Float64Array }

/** The thin SVD of column-major m×n `a` (destroyed), m ≥ n ≥ 1. */
export function golubKahanSVD(a: Float64Array, m: number, n: number): SVDKernelResult {
  const nu = n;
  const s = new Float64Array(n + 1);
  const e = new Float64Array(n + 1);
  const work = new Float64Array(m);
  const U = new Float64Array(m * nu);
  const V = new Float64Array(n * n);
  const nct = Math.min(m - 1, n);
  const nrt = Math.max(0, Math.min(n - 2, m));
  // Bidiagonalisation: diagonal into s, superdiagonal into e.
  for (let k = 0; k < Math.max(nct, nrt); k++) {
    const ck = k * m;
    if (k < nct) {
      s[k] = nrm2(a, ck + k, ck + m);
      if (s[k] !== 0) {
        if (a[ck + k] < 0) s[k] = -s[k];
        const inv = 1 / s[k];
        for (let i = k; i < m; i++) a[ck + i] *= inv;
        a[ck + k] += 1;
      }
      s[k] = -s[k];
    }
    for (let j = k + 1; j < n; j++) {
      const cj = j * m;
      if (k < nct && s[k] !== 0) {
        let t = 0;
        for (let i = k; i < m; i++) t += a[ck + i] * a[cj + i];
        t = -t / a[ck + k];
        for (let i = k; i < m; i++) a[cj + i] += t * a[ck + i];
      }
      e[j] = a[cj + k];
    }
    if (k < nct) for (let i = k; i < m; i++) U[k * m + i] = a[ck + i];
    if (k < nrt) {
      e[k] = nrm2(e, k + 1, n);
      if (e[k] !== 0) {
        if (e[k + 1] < 0) e[k] = -e[k];
        const inv = 1 / e[k];
        for (let i = k + 1; i < n; i++) e[i] *= inv;
        e[k + 1] += 1;
      }
      e[k] = -e[k];
      if (k + 1 < m && e[k] !== 0) {
        for (let i = k + 1; i < m; i++) work[i] = 0;
        for (let j = k + 1; j < n; j++) {
          const cj = j * m, ej = e[j];
          for (let i = k + 1; i < m; i++) work[i] += ej * a[cj + i];
        }
        for (let j = k + 1; j < n; j++) {
          const cj = j * m, t = -e[j] / e[k + 1];
          for (let i = k + 1; i < m; i++) a[cj + i] += t * work[i];
        }
      }
      for (let i = k + 1; i < n; i++) V[k * n + i] = e[i];
    }
  }
  let p = n;
  if (nct < n) s[nct] = a[nct * m + nct];
  if (nrt + 1 < p) e[nrt] = a[(p - 1) * m + nrt];
  e[p - 1] = 0;
  // Generate U and V: the stored reflectors are H = I − u·uᵀ/u_k, i.e. LAPACK's form with
  // v = u/u_k and tau = u_k, so the blocked (GEMM) Q formation of householder.ts builds them.
  const tauU = new Float64Array(nct);
  for (let k = 0; k < nct; k++) {
    if (s[k] === 0) continue;
    const ck = k * m, uk = U[ck + k];
    tauU[k] = uk;
    for (let i = k + 1; i < m; i++) U[ck + i] /= uk;
  }
  const Ug = formQ(U, m, tauU, nu);
  // V = diag(1, Q') with Q' from the row reflectors, which act on rows k+1..n−1
  const n1 = n - 1;
  const refl = new Float64Array(n1 * Math.max(nrt, 0));
  const tauV = new Float64Array(nrt);
  for (let k = 0; k < nrt; k++) {
    if (e[k] === 0) continue;
    const ek = V[k * n + k + 1];
    tauV[k] = ek;
    for (let i = k + 2; i < n; i++) refl[k * n1 + i - 1] = V[k * n + i] / ek;
  }
  V.fill(0);
  V[0] = 1;
  if (n1 > 0) {
    const q = formQ(refl, n1, tauV, n1);
    for (let j = 0; j < n1; j++) V.set(q.subarray(j * n1, (j + 1) * n1), (j + 1) * n + 1);
  }
  // The sweeps rotate adjacent columns in chains; with U and V row-major each row takes a whole
  // chain in one pass (carrying the running entry), instead of every rotation re-reading two columns.
  const Ur = transposed(Ug, nu, m), Vr = transposed(V, n, n);
  const csV = new Float64Array(n), snV = new Float64Array(n), csU = new Float64Array(n), snU = new Float64Array(n);
  // Implicit-shift QR on the bidiagonal.
  const pp = p - 1;
  const eps = 2 ** -52, tiny = 2 ** -966;
  let iter = 0;
  const maxIter = 75 * Math.max(n, 10);
  while (p > 0) {
    if (iter > maxIter) throw new LinAlgError(`svd: the implicit QR iteration did not converge after ${maxIter} sweeps`);
    let k: number, kase: number;
    for (k = p - 2; k >= 0; k--) {
      if (Math.abs(e[k]) <= tiny + eps * (Math.abs(s[k]) + Math.abs(s[k + 1]))) { e[k] = 0; break; }
    }
    if (k === p - 2) kase = 4;
    else {
      let ks: number;
      for (ks = p - 1; ks > k; ks--) {
        const t = (ks !== p ? Math.abs(e[ks]) : 0) + (ks !== k + 1 ? Math.abs(e[ks - 1]) : 0);
        if (Math.abs(s[ks]) <= tiny + eps * t) { s[ks] = 0; break; }
      }
      if (ks === k) kase = 3;
      else if (ks === p - 1) kase = 1;
      else { kase = 2; k = ks; }
    }
    k++;
    if (kase === 1) { // deflate negligible s(p)
      let f = e[p - 2];
      e[p - 2] = 0;
      for (let j = p - 2; j >= k; j--) {
        const t = hypot(s[j], f);
        const cs = s[j] / t, sn = f / t;
        s[j] = t;
        if (j !== k) { f = -sn * e[j - 1]; e[j - 1] = cs * e[j - 1]; }
        rotCols(Vr, n, n, j, p - 1, cs, sn);
      }
    } else if (kase === 2) { // split at negligible s(k)
      let f = e[k - 1];
      e[k - 1] = 0;
      for (let j = k; j < p; j++) {
        const t = hypot(s[j], f);
        const cs = s[j] / t, sn = f / t;
        s[j] = t;
        f = -sn * e[j];
        e[j] = cs * e[j];
        rotCols(Ur, m, nu, j, k - 1, cs, sn);
      }
    } else if (kase === 3) { // one QR step with the Wilkinson-like shift
      const scale = Math.max(Math.abs(s[p - 1]), Math.abs(s[p - 2]), Math.abs(e[p - 2]), Math.abs(s[k]), Math.abs(e[k]));
      const sp = s[p - 1] / scale, spm1 = s[p - 2] / scale, epm1 = e[p - 2] / scale;
      const sk = s[k] / scale, ek = e[k] / scale;
      const b = ((spm1 + sp) * (spm1 - sp) + epm1 * epm1) / 2;
      const c = (sp * epm1) * (sp * epm1);
      let shift = 0;
      if (b !== 0 || c !== 0) {
        shift = Math.sqrt(b * b + c);
        if (b < 0) shift = -shift;
        shift = c / (b + shift);
      }
      let f = (sk + sp) * (sk - sp) + shift;
      let g = sk * ek;
      for (let j = k; j < p - 1; j++) {
        let t = hypot(f, g);
        let cs = f / t, sn = g / t;
        if (j !== k) e[j - 1] = t;
        f = cs * s[j] + sn * e[j];
        e[j] = cs * e[j] - sn * s[j];
        g = sn * s[j + 1];
        s[j + 1] = cs * s[j + 1];
        csV[j] = cs; snV[j] = sn;
        t = hypot(f, g);
        cs = f / t; sn = g / t;
        s[j] = t;
        f = cs * e[j] + sn * s[j + 1];
        s[j + 1] = -sn * e[j] + cs * s[j + 1];
        g = sn * e[j + 1];
        e[j + 1] = cs * e[j + 1];
        csU[j] = cs; snU[j] = sn; // j < m − 1 always holds here (m ≥ n)
      }
      chain(Vr, n, n, k, p - 1, csV, snV);
      chain(Ur, m, nu, k, p - 1, csU, snU);
      e[p - 2] = f;
      iter++;
    } else { // convergence: make s(k) non-negative and sort it into place
      if (s[k] <= 0) {
        s[k] = s[k] < 0 ? -s[k] : 0;
        for (let i = 0; i <= pp; i++) Vr[i * n + k] = -Vr[i * n + k];
      }
      while (k < pp && s[k] < s[k + 1]) {
        const t = s[k]; s[k] = s[k + 1]; s[k + 1] = t;
        swapCols(Vr, n, n, k, k + 1);
        swapCols(Ur, m, nu, k, k + 1);
        k++;
      }
      iter = 0;
      p--;
    }
  }
  return { s: s.slice(0, n), u: transposed(Ur, m, nu), v: transposed(Vr, n, n) };
}

function swapCols(x: Float64Array, rows: number, cols: number, j: number, k: number): void {
  for (let i = 0, o = 0; i < rows; i++, o += cols) { const t = x[o + j]; x[o + j] = x[o + k]; x[o + k] = t; }
}

/** Rotates columns j and k of row-major x: (xj, xk) ← (c·xj + s·xk, −s·xj + c·xk). */
function rotCols(x: Float64Array, rows: number, cols: number, j: number, k: number, cs: number, sn: number): void {
  for (let i = 0, o = 0; i < rows; i++, o += cols) {
    const a = x[o + j], b = x[o + k];
    x[o + j] = cs * a + sn * b;
    x[o + k] = -sn * a + cs * b;
  }
}

/**
 * Applies the rotations of columns (j, j+1), j = k..last−1 in order, to every row of row-major x.
 * Four rows go together: each row's chain is a serial dependency, so interleaving hides latency.
 */
function chain(x: Float64Array, rows: number, cols: number, k: number, last: number, cs: Float64Array, sn: Float64Array): void {
  let i = 0;
  for (; i + 4 <= rows; i += 4) {
    const o0 = i * cols, o1 = o0 + cols, o2 = o1 + cols, o3 = o2 + cols;
    let c0 = x[o0 + k], c1 = x[o1 + k], c2 = x[o2 + k], c3 = x[o3 + k];
    for (let j = k; j < last; j++) {
      const c = cs[j], s = sn[j];
      const y0 = x[o0 + j + 1], y1 = x[o1 + j + 1], y2 = x[o2 + j + 1], y3 = x[o3 + j + 1];
      x[o0 + j] = c * c0 + s * y0; c0 = c * y0 - s * c0;
      x[o1 + j] = c * c1 + s * y1; c1 = c * y1 - s * c1;
      x[o2 + j] = c * c2 + s * y2; c2 = c * y2 - s * c2;
      x[o3 + j] = c * c3 + s * y3; c3 = c * y3 - s * c3;
    }
    x[o0 + last] = c0; x[o1 + last] = c1; x[o2 + last] = c2; x[o3 + last] = c3;
  }
  for (; i < rows; i++) {
    const o = i * cols;
    let carry = x[o + k];
    for (let j = k; j < last; j++) {
      const y = x[o + j + 1];
      x[o + j] = cs[j] * carry + sn[j] * y;
      carry = -sn[j] * carry + cs[j] * y;
    }
    x[o + last] = carry;
  }
}
