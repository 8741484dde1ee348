import { activeAddon } from '../../backend/index.js';

// The fused layer-norm kernels over contiguous rows of n: the js twins of
// src/backend/native/cpp/norm.cc (used on the js backend or when the addon lacks them).
// Statistics are accumulated in double.

type FloatArray = Float32Array | Float64Array;

function native() {
  const a = activeAddon();
  return a && a.layerNormForward && a.layerNormBackward ? a : null;
}

/** out = (x - mean) * rstd * weight + bias per row; writes mean and rstd [rows]. */
export function layerNormForward(x: FloatArray, weight: FloatArray | null, bias: FloatArray | null, out: FloatArray,
  mean: FloatArray, rstd: FloatArray, rows: number, n: number, eps: number): void {
  const nat = native();
  if (nat) return nat.layerNormForward!(x, weight, bias, out, mean, rstd, rows, n, eps);
  const f = x instanceof Float32Array ? Math.fround : (v: number) => v;
  for (let r = 0, o = 0; r < rows; r++, o += n) {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[o + i];
    const mu = s / n;
    let v = 0;
    for (let i = 0; i < n; i++) { const d = x[o + i] - mu; v += d * d; }
    const rs = 1 / Math.sqrt(v / n + eps);
    mean[r] = mu; rstd[r] = rs;
    const m = mean[r], q = rstd[r];
    for (let i = 0; i < n; i++) {
      let y = f(f(x[o + i] - m) * q);
      if (weight) y = f(y * weight[i]);
      if (bias) y = y + bias[i];
      out[o + i] = y;
    }
  }
}

/** dx = rstd * (gw - mean(gw) - xhat * mean(gw * xhat)), gw = g * weight; dweight/dbias accumulated. */
export function layerNormBackward(g: FloatArray, x: FloatArray, mean: FloatArray, rstd: FloatArray, weight: FloatArray | null,
  dx: FloatArray, dweight: FloatArray | null, dbias: FloatArray | null, rows: number, n: number): void {
  const nat = native();
  if (nat) return nat.layerNormBackward!(g, x, mean, rstd, weight, dx, dweight, dbias, rows, n);
  const xh = new Float64Array(n), gw = new Float64Array(n);
  for (let r = 0, o = 0; r < rows; r++, o += n) {
    const m = mean[r], q = rstd[r];
    let s1 = 0, s2 = 0;
    for (let i = 0; i < n; i++) {
      const h = (x[o + i] - m) * q;
      const a = weight ? g[o + i] * weight[i] : g[o + i];
      xh[i] = h; gw[i] = a; s1 += a; s2 += a * h;
    }
    const c1 = s1 / n, c2 = s2 / n;
    for (let i = 0; i < n; i++) dx[o + i] = q * (gw[i] - c1 - xh[i] * c2);
    if (dweight) for (let i = 0; i < n; i++) dweight[i] += g[o + i] * xh[i];
    if (dbias) for (let i = 0; i < n; i++) dbias[i] += g[o + i];
  }
}
