/** Coordinate descent for the elastic net, exactly scikit-learn's cd_fast.enet_coordinate_descent (and its Gram variant). */
import { nextInt } from '../../tensor/random.js';
import { gemm } from './util.js';
import { nativeEnetSweep } from './coordinate-native.js';

/** Result of {@link enetCoordinateDescent}. */
export interface CDResult { gap: number; tol: number; nIter: number }

/**
 * Minimises ½‖y − X·w‖² + l1·‖w‖₁ + ½·l2·‖w‖² over w (updated in place) by cyclic or random
 * coordinate descent. `xt` is X transposed (row-major [p, n]: one contiguous row per feature).
 * Stops when the largest coordinate change relative to the largest weight falls below `tol` and
 * the duality gap is below tol·‖y‖² (the gap is checked only then, as cd_fast does), or after maxIter sweeps.
 * With `gram` (XᵀX, [p, p]) and `xty` (Xᵀy) the sweeps cost O(p²) and never touch X (precompute).
 */
export function enetCoordinateDescent(
  w: Float64Array, l1: number, l2: number, xt: Float64Array, n: number, p: number, y: Float64Array,
  maxIter: number, tol: number, random: boolean, positive: boolean, gram?: { gram: Float64Array; xty: Float64Array },
): CDResult {
  const normCols = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    if (gram) { normCols[j] = gram.gram[j * p + j]; continue; }
    let s = 0; const o = j * n;
    for (let i = 0; i < n; i++) s += xt[o + i] * xt[o + i];
    normCols[j] = s;
  }
  let yy = 0;
  for (let i = 0; i < n; i++) yy += y[i] * y[i];
  const dwTol = tol;
  const gapTol = tol * yy;
  // residual R = y − X·w (or, with the Gram matrix, H = XᵀX·w)
  const R = Float64Array.from(y);
  const H = new Float64Array(gram ? p : 0);
  if (gram) {
    for (let j = 0; j < p; j++) { let s = 0; for (let q = 0; q < p; q++) s += gram.gram[j * p + q] * w[q]; H[j] = s; }
  } else {
    for (let j = 0; j < p; j++) { const wj = w[j]; if (wj !== 0) { const o = j * n; for (let i = 0; i < n; i++) R[i] -= wj * xt[o + i]; } }
  }
  let gap = tol + 1;
  let it = 0;
  // The native sweep (cpp/cd.cc: each residual update fused with the next coordinate's dot
  // product) when available; the same coordinate order (random draws included) either way.
  const sweep = gram ? null : nativeEnetSweep();
  const feat = sweep ? Int32Array.from({ length: p }, (_, j) => j) : null;
  const args = Float64Array.from([n, p, l1, l2, positive ? 1 : 0, p]), out = new Float64Array(2);
  for (it = 0; it < maxIter; it++) {
    let wMax = 0, dwMax = 0;
    if (sweep && feat) {
      if (random) for (let f = 0; f < p; f++) feat[f] = nextInt(p);
      sweep(xt, R, w, normCols, feat, args, out);
      wMax = out[0]; dwMax = out[1];
    }
    let pendO = -1, pendD = 0;
    for (let f = 0; f < (sweep ? 0 : p); f++) {
      const j = random ? nextInt(p) : f;
      if (normCols[j] === 0) continue;
      const wj = w[j];
      let tmp: number;
      const o = j * n;
      if (gram) {
        // cd_fast's order of operations (H −= w_j·G_j, then tmp = q_j − H_j) so round-off matches too
        const go = j * p;
        if (wj !== 0) for (let q = 0; q < p; q++) H[q] -= wj * gram.gram[go + q];
        tmp = gram.xty[j] - H[j];
      } else {
        // x_j·(R + w_j·x_j) in one pass (cd_fast adds w_j·x_j to R first: same value, one pass
        // fewer), with the previous coordinate's residual update fused into the same pass
        let t0 = 0, t1 = 0, t2 = 0, t3 = 0, i = 0;
        if (pendO >= 0) {
          const pd = pendD, po = pendO;
          for (; i + 3 < n; i += 4) {
            const r0 = (R[i] -= pd * xt[po + i]), r1 = (R[i + 1] -= pd * xt[po + i + 1]), r2 = (R[i + 2] -= pd * xt[po + i + 2]), r3 = (R[i + 3] -= pd * xt[po + i + 3]);
            t0 += xt[o + i] * r0; t1 += xt[o + i + 1] * r1; t2 += xt[o + i + 2] * r2; t3 += xt[o + i + 3] * r3;
          }
          for (; i < n; i++) t0 += xt[o + i] * (R[i] -= pd * xt[po + i]);
          pendO = -1;
        } else {
          for (; i + 3 < n; i += 4) { t0 += xt[o + i] * R[i]; t1 += xt[o + i + 1] * R[i + 1]; t2 += xt[o + i + 2] * R[i + 2]; t3 += xt[o + i + 3] * R[i + 3]; }
          for (; i < n; i++) t0 += xt[o + i] * R[i];
        }
        tmp = t0 + t1 + t2 + t3 + wj * normCols[j];
      }
      let nw: number;
      if (positive && tmp < 0) nw = 0;
      else nw = (Math.sign(tmp) * Math.max(Math.abs(tmp) - l1, 0)) / (normCols[j] + l2);
      w[j] = nw;
      if (gram) {
        if (nw !== 0) { const go = j * p; for (let q = 0; q < p; q++) H[q] += nw * gram.gram[go + q]; }
      } else if (nw !== wj) {
        pendO = o; pendD = nw - wj; // applied in the next coordinate's pass (or after the sweep)
      }
      const dw = Math.abs(nw - wj);
      if (dw > dwMax) dwMax = dw;
      if (Math.abs(nw) > wMax) wMax = Math.abs(nw);
    }
    if (pendO >= 0) { for (let i = 0; i < n; i++) R[i] -= pendD * xt[pendO + i]; pendO = -1; }
    if (wMax === 0 || dwMax / wMax < dwTol || it === maxIter - 1) {
      gap = gram ? gramGap(w, l1, l2, gram.gram, gram.xty, H, yy, p, positive) : dualGap(w, l1, l2, xt, n, p, y, R, positive);
      if (gap < gapTol) { it++; break; }
    }
  }
  return { gap, tol: gapTol, nIter: Math.min(it, maxIter) };
}

function dualGap(w: Float64Array, l1: number, l2: number, xt: Float64Array, n: number, p: number, y: Float64Array, R: Float64Array, positive: boolean): number {
  const xtA = gemm(xt, p, n, false, R, n, 1, false);
  let dn = 0, wn2 = 0, l1n = 0;
  for (let j = 0; j < p; j++) {
    xtA[j] -= l2 * w[j];
    const v = positive ? xtA[j] : Math.abs(xtA[j]);
    if (v > dn) dn = v;
    wn2 += w[j] * w[j]; l1n += Math.abs(w[j]);
  }
  let rn2 = 0, ry = 0;
  for (let i = 0; i < n; i++) { rn2 += R[i] * R[i]; ry += R[i] * y[i]; }
  return finishGap(dn, rn2, ry, wn2, l1n, l1, l2);
}

function gramGap(w: Float64Array, l1: number, l2: number, G: Float64Array, xty: Float64Array, H: Float64Array, yy: number, p: number, positive: boolean): number {
  // R = y − Xw: ‖R‖² = yᵀy − 2wᵀXᵀy + wᵀGw, Rᵀy = yᵀy − wᵀXᵀy, XᵀR = Xᵀy − Gw
  let dn = 0, wn2 = 0, l1n = 0, wxty = 0, wHw = 0;
  for (let j = 0; j < p; j++) {
    const a = xty[j] - H[j] - l2 * w[j];
    const v = positive ? a : Math.abs(a);
    if (v > dn) dn = v;
    wn2 += w[j] * w[j]; l1n += Math.abs(w[j]); wxty += w[j] * xty[j]; wHw += w[j] * H[j];
  }
  void G;
  return finishGap(dn, yy - 2 * wxty + wHw, yy - wxty, wn2, l1n, l1, l2);
}

function finishGap(dualNorm: number, rn2: number, ry: number, wn2: number, l1n: number, l1: number, l2: number): number {
  let gap: number, c: number;
  if (dualNorm > l1) { c = l1 / dualNorm; gap = 0.5 * (rn2 + rn2 * c * c); } else { c = 1; gap = rn2; }
  return gap + l1 * l1n - c * ry + 0.5 * l2 * (1 + c * c) * wn2;
}
