/**
 * Householder QR kernels (LAPACK's geqr2 / org2r / orm2r conventions) on column-major float64
 * matrices, so each reflector and each column it updates is a contiguous run.
 *
 * Reflector j is H_j = I − tau_j·v·vᵀ with v[j] = 1 implicit and v[j+1..m) stored below the
 * diagonal; beta = −sign(alpha)·‖x‖, as LAPACK's dlarfg, so R's signs match NumPy's.
 */
import { nrm2 } from './matrix.js';
import { BLOCK, applyBlock, blockReflector } from './householder-blocked.js';

/**
 * Factorises column-major m×n `a` in place: R on and above the diagonal, reflectors below;
 * returns tau. Large matrices go panel by panel, the trailing update as GEMMs (compact WY).
 */
export function householderQR(a: Float64Array, m: number, n: number): Float64Array {
  const k = Math.min(m, n);
  const tau = new Float64Array(k);
  if (k < 2 * BLOCK || m * n < 128 * 128) { panel(a, m, 0, k, n, tau); return tau; }
  for (let j0 = 0; j0 < k; j0 += BLOCK) {
    const j1 = Math.min(j0 + BLOCK, k);
    panel(a, m, j0, j1, j1, tau);
    if (j1 < n) applyBlock(blockReflector(a, m, j0, j1, tau), j0, m, a, j1, n, true);
  }
  return tau;
}

/** Unblocked: reflectors j0..j1 of column-major `a`, each applied to the columns up to cEnd. */
function panel(a: Float64Array, m: number, j0: number, j1: number, cEnd: number, tau: Float64Array): void {
  for (let j = j0; j < j1; j++) {
    const cj = j * m;
    const alpha = a[cj + j];
    const xnorm = nrm2(a, cj + j + 1, cj + m);
    if (xnorm === 0) { tau[j] = 0; continue; }
    const norm = Math.abs(alpha) > xnorm ? Math.abs(alpha) * Math.sqrt(1 + (xnorm / alpha) ** 2) : xnorm * Math.sqrt(1 + (alpha / xnorm) ** 2);
    const beta = alpha >= 0 ? -norm : norm;
    tau[j] = (beta - alpha) / beta;
    const scal = 1 / (alpha - beta);
    for (let i = cj + j + 1; i < cj + m; i++) a[i] *= scal;
    a[cj + j] = beta;
    applyReflector(a, m, j, tau[j], a, j + 1, cEnd);
  }
}

/**
 * Applies H_j (its vector stored in column j of `v`, column-major with m rows) to columns
 * c0..c1 of column-major `x` (also m rows): x ← (I − tau·v·vᵀ)·x.
 */
export function applyReflector(v: Float64Array, m: number, j: number, tau: number, x: Float64Array, c0: number, c1: number): void {
  if (tau === 0) return;
  const vj = j * m;
  for (let c = c0; c < c1; c++) {
    const xc = c * m;
    let w = x[xc + j];
    for (let i = j + 1; i < m; i++) w += v[vj + i] * x[xc + i];
    w *= tau;
    if (w === 0) continue;
    x[xc + j] -= w;
    for (let i = j + 1; i < m; i++) x[xc + i] -= w * v[vj + i];
  }
}

/** The first q columns of Q = H_0·H_1·…·H_{k-1} (column-major m×q), q = k (reduced) or m (complete). */
export function formQ(a: Float64Array, m: number, tau: Float64Array, q: number): Float64Array {
  const k = tau.length;
  const out = new Float64Array(m * q);
  if (k >= 2 * BLOCK && m * q >= 128 * 128) {
    // blocked, last panel first: Q[j0:, j0:] ← (I − V·T·Vᵀ)·Q[j0:, j0:] (columns < j0 are still e_c)
    for (let c = 0; c < q; c++) out[c * m + c] = 1;
    for (let j0 = Math.floor((k - 1) / BLOCK) * BLOCK; j0 >= 0; j0 -= BLOCK) {
      applyBlock(blockReflector(a, m, j0, Math.min(j0 + BLOCK, k), tau), j0, m, out, j0, q, false);
    }
    return out;
  }
  for (let c = 0; c < q; c++) {
    out[c * m + c] = 1;
    // column c of I is untouched by H_j for j > c: start at the last reflector that reaches it
    for (let j = Math.min(c, k - 1); j >= 0; j--) applyReflector(a, m, j, tau[j], out, c, c + 1);
  }
  return out;
}

/** Overwrites column-major m×nb `b` with Qᵀ·b. */
export function applyQt(a: Float64Array, m: number, tau: Float64Array, b: Float64Array, nb: number): void {
  const k = tau.length;
  if (k >= 2 * BLOCK && m * nb >= 128 * 128) {
    for (let j0 = 0; j0 < k; j0 += BLOCK) applyBlock(blockReflector(a, m, j0, Math.min(j0 + BLOCK, k), tau), j0, m, b, 0, nb, true);
    return;
  }
  for (let j = 0; j < k; j++) applyReflector(a, m, j, tau[j], b, 0, nb);
}
