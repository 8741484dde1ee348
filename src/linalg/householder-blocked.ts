/**
 * Blocked Householder (compact WY, LAPACK's larft/larfb): a panel of nb reflectors is
 * H_{j0}···H_{j1−1} = I − V·T·Vᵀ with T upper triangular, so applying it to the trailing
 * columns is three GEMMs on the backend (native when loaded) instead of nb rank-1 sweeps.
 * Storage as in householder.ts: column-major, reflector vectors below the diagonal.
 */
import { backend } from '../backend/index.js';
import type { View } from '../backend/types.js';

/** Panel width. */
export const BLOCK = 32;

function view(data: Float64Array, rows: number, cols: number, rowStride: number, colStride: number, offset = 0): View {
  return { data, shape: [1, rows, cols], strides: [0, rowStride, colStride], offset };
}

function mm(a: View, b: View): Float64Array {
  const out = new Float64Array(a.shape[1] * b.shape[2]);
  backend().matmul(a, b, out);
  return out;
}

/** V (row-major m'×nb, unit lower trapezoidal) and T (row-major nb×nb upper) of reflectors j0..j1 of column-major `a`. */
export function blockReflector(a: Float64Array, m: number, j0: number, j1: number, tau: Float64Array): { v: Float64Array; t: Float64Array; rows: number; nb: number } {
  const rows = m - j0, nb = j1 - j0;
  const v = new Float64Array(rows * nb);
  for (let i = 0; i < nb; i++) {
    const col = (j0 + i) * m + j0;
    v[i * nb + i] = 1;
    for (let r = i + 1; r < rows; r++) v[r * nb + i] = a[col + r];
  }
  // T[0:i, i] = −tau_i · T[0:i, 0:i] · (V[:, 0:i]ᵀ · v_i)
  const t = new Float64Array(nb * nb);
  const w = new Float64Array(nb);
  for (let i = 0; i < nb; i++) {
    const ti = tau[j0 + i];
    t[i * nb + i] = ti;
    if (ti === 0 || i === 0) continue;
    w.fill(0, 0, i);
    for (let r = i; r < rows; r++) {
      const vri = v[r * nb + i];
      if (vri === 0) continue;
      const row = r * nb;
      for (let c = 0; c < i; c++) w[c] += v[row + c] * vri;
    }
    for (let p = 0; p < i; p++) {
      let s = 0;
      for (let q = p; q < i; q++) s += t[p * nb + q] * w[q];
      t[p * nb + i] = -ti * s;
    }
  }
  return { v, t, rows, nb };
}

/**
 * x[j0:, c0:c1] ← (I − V·T·Vᵀ)·x (trans false: H_{j0}···H_{j1−1}) or (I − V·Tᵀ·Vᵀ)·x (trans true:
 * the product in reverse order, i.e. applying H_{j0} first), x column-major with m rows.
 */
export function applyBlock(blk: { v: Float64Array; t: Float64Array; rows: number; nb: number }, j0: number, m: number, x: Float64Array, c0: number, c1: number, trans: boolean): void {
  const { v, t, rows, nb } = blk;
  const n = c1 - c0;
  if (n <= 0 || rows <= 0) return;
  const xv = view(x, rows, n, 1, m, c0 * m + j0); // x block as a rows×n matrix
  const w = mm(view(v, nb, rows, 1, nb), xv); // Vᵀ·X: nb×n
  const tw = mm(trans ? view(t, nb, nb, 1, nb) : view(t, nb, nb, nb, 1), view(w, nb, n, n, 1)); // T'·W
  const pt = mm(view(tw, n, nb, 1, n), view(v, nb, rows, 1, nb)); // (V·T'W)ᵀ: n×rows, matching x's column layout
  for (let c = 0; c < n; c++) {
    const xo = (c0 + c) * m + j0, po = c * rows;
    for (let r = 0; r < rows; r++) x[xo + r] -= pt[po + r];
  }
}
