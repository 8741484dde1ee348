import type { TypedArray } from '../../tensor/dtype.js';
import type { View } from '../types.js';

// Register-blocked GEMM for the js backend. Each batch packs A into 4-row panels ([k][4]) and B
// into 4-column panels ([k][4]) of doubles, then computes C in 4×4 tiles held in 16 locals, so the
// inner loop does 8 sequential loads for 16 multiply-adds. K is blocked so that a pair of panels
// stays in L1 while a tile row is computed.
const MR = 4;
const NR = 4;
const KC = 256;

export function gemm(a: View, b: View, out: TypedArray): void {
  const [batch, M, K] = a.shape;
  const N = b.shape[2];
  if (batch === 0 || M === 0 || N === 0) return;
  if (K === 0) { out.fill(0); return; }
  const mPanels = Math.ceil(M / MR);
  const nPanels = Math.ceil(N / NR);
  const kc = Math.min(K, KC);
  const pa = new Float64Array(mPanels * MR * kc);
  const pb = new Float64Array(nPanels * NR * kc);
  const acc = new Float64Array(M * N);
  for (let bi = 0; bi < batch; bi++) {
    const aBase = a.offset + bi * a.strides[0];
    const bBase = b.offset + bi * b.strides[0];
    acc.fill(0);
    for (let k0 = 0; k0 < K; k0 += KC) {
      const kn = Math.min(KC, K - k0);
      packPanels(a.data, aBase + k0 * a.strides[2], a.strides[1], a.strides[2], M, kn, MR, pa);
      packPanels(b.data, bBase + k0 * b.strides[1], b.strides[2], b.strides[1], N, kn, NR, pb);
      for (let ip = 0; ip < mPanels; ip++) {
        for (let jp = 0; jp < nPanels; jp++) tile(pa, ip * MR * kn, pb, jp * NR * kn, kn, acc, ip * MR, jp * NR, M, N);
      }
    }
    const o = bi * M * N;
    for (let i = 0; i < M * N; i++) out[o + i] = acc[i];
  }
}

/**
 * Packs `rows` lines of length kn (line stride `ls`, element stride `es`) into panels of `r`
 * lines interleaved by k: panel p, step k, line q lands at p*r*kn + k*r + q. Missing lines are 0.
 */
function packPanels(src: TypedArray, base: number, ls: number, es: number, rows: number, kn: number, r: number, dst: Float64Array): void {
  const panels = Math.ceil(rows / r);
  for (let p = 0; p < panels; p++) {
    const d0 = p * r * kn;
    for (let q = 0; q < r; q++) {
      const line = p * r + q;
      if (line < rows) {
        let s = base + line * ls;
        for (let k = 0, d = d0 + q; k < kn; k++, d += r, s += es) dst[d] = src[s];
      } else {
        for (let k = 0, d = d0 + q; k < kn; k++, d += r) dst[d] = 0;
      }
    }
  }
}

function tile(pa: Float64Array, ao: number, pb: Float64Array, bo: number, kn: number, c: Float64Array, i0: number, j0: number, M: number, N: number): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let k = 0; k < kn; k++, ao += 4, bo += 4) {
    const a0 = pa[ao], a1 = pa[ao + 1], a2 = pa[ao + 2], a3 = pa[ao + 3];
    const b0 = pb[bo], b1 = pb[bo + 1], b2 = pb[bo + 2], b3 = pb[bo + 3];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
  }
  const rows = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
  const mi = Math.min(4, M - i0);
  const nj = Math.min(4, N - j0);
  for (let i = 0; i < mi; i++) {
    const o = (i0 + i) * N + j0;
    for (let j = 0; j < nj; j++) c[o + j] += rows[i * 4 + j];
  }
}
