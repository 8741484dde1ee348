/** The logistic objectives scikit-learn minimises: Σ sw_i·loss_i + ½·l2·‖W‖² (binary and multinomial). */
import { gemm } from './util.js';

/** A logistic problem: X [n, p] row-major, integer targets, sample weights. */
export interface LogisticProblem { x: Float64Array; n: number; p: number; y: Int32Array; sw: Float64Array; fitIntercept: boolean }

/** log(1 + e^z) without overflow. */
export function log1pExp(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** 1 / (1 + e^−z). */
export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/**
 * The objective over the packed parameters w = [W (k × p) row-major, b (k)] (b only with an
 * intercept). k = 1: binary, y ∈ {0, 1}, loss = log(1 + e^z) − y·z. k ≥ 2: multinomial,
 * loss = logsumexp(z) − z_y. Writes the gradient into g; returns the value.
 */
export function logisticObjective(pr: LogisticProblem, k: number, l2: number, w: Float64Array, g: Float64Array): number {
  const { x, n, p, y, sw, fitIntercept } = pr;
  const W = w.subarray(0, k * p);
  const z = gemm(x, n, p, false, W, k, p, true); // [n, k]
  if (fitIntercept) for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) z[i * k + c] += w[k * p + c];
  let f = 0;
  // z becomes the gradient of the loss w.r.t. the scores, weighted
  if (k === 1) {
    for (let i = 0; i < n; i++) {
      // one exp per sample: e = e^−|z| gives both log(1 + e^z) and the sigmoid
      const zi = z[i], e = Math.exp(-Math.abs(zi));
      f += sw[i] * ((zi > 0 ? zi : 0) + Math.log1p(e) - y[i] * zi);
      z[i] = sw[i] * ((zi >= 0 ? 1 / (1 + e) : e / (1 + e)) - y[i]);
    }
  } else {
    for (let i = 0; i < n; i++) {
      const o = i * k;
      let mx = -Infinity;
      for (let c = 0; c < k; c++) mx = Math.max(mx, z[o + c]);
      let s = 0;
      for (let c = 0; c < k; c++) s += Math.exp(z[o + c] - mx);
      const lse = mx + Math.log(s);
      f += sw[i] * (lse - z[o + y[i]]);
      for (let c = 0; c < k; c++) z[o + c] = sw[i] * (Math.exp(z[o + c] - lse) - (c === y[i] ? 1 : 0));
    }
  }
  const gW = gemm(z, n, k, true, x, n, p, false); // [k, p]
  let pen = 0;
  for (let j = 0; j < k * p; j++) { g[j] = gW[j] + l2 * W[j]; pen += W[j] * W[j]; }
  if (fitIntercept) {
    for (let c = 0; c < k; c++) g[k * p + c] = 0;
    for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) g[k * p + c] += z[i * k + c];
  }
  return f + 0.5 * l2 * pen;
}
