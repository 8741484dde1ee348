/** SAGA for logistic regression, as scikit-learn's sag_fast (is_saga) on dense data, with proximal L1. */
import { nextInt } from '../../tensor/random.js';
import { sigmoid } from './logisticLoss.js';
import type { LogisticProblem } from './logisticLoss.js';

/** Result of {@link sagaLogistic}: W (k × p) then b (k), epochs run. */
export interface SagaResult { w: Float64Array; nIter: number; converged: boolean }

/**
 * Minimises (1/n)·Σ sw_i·loss_i + ½·α·‖W‖² + β·‖W‖₁ (α = l2/n, β = l1/n as scikit-learn scales
 * 1/C) by SAGA with scikit-learn's step size 1/(2L + min(2nα, L)), L = ¼(max‖x_i‖² + fitIntercept) + α.
 * Samples are drawn uniformly with replacement from nabla's generator; an epoch is n draws; stops
 * when max|ΔW| / max|W| over an epoch ≤ tol.
 */
export function sagaLogistic(pr: LogisticProblem, k: number, l2: number, l1: number, maxIter: number, tol: number): SagaResult {
  const { x, n, p, y, sw, fitIntercept } = pr;
  const alpha = l2 / n, beta = l1 / n;
  let maxSq = 0;
  for (let i = 0; i < n; i++) { let s = 0; for (let j = 0; j < p; j++) s += x[i * p + j] ** 2; maxSq = Math.max(maxSq, s); }
  const L = 0.25 * (maxSq + (fitIntercept ? 1 : 0)) + alpha;
  const step = 1 / (2 * L + Math.min(2 * n * alpha, L));
  const W = new Float64Array(k * p), b = new Float64Array(k);
  const sumGrad = new Float64Array(k * p), sumGradB = new Float64Array(k);
  const memory = new Float64Array(n * k);
  const seen = new Uint8Array(n);
  const prev = new Float64Array(k * p);
  const z = new Float64Array(k), grad = new Float64Array(k);
  let nSeen = 0, epoch = 0, converged = false;
  const thr = step * beta;
  for (epoch = 1; epoch <= maxIter; epoch++) {
    prev.set(W);
    for (let t = 0; t < n; t++) {
      const i = nextInt(n);
      if (!seen[i]) { seen[i] = 1; nSeen++; }
      const xo = i * p;
      for (let c = 0; c < k; c++) {
        let s = b[c];
        for (let j = 0; j < p; j++) s += W[c * p + j] * x[xo + j];
        z[c] = s;
      }
      if (k === 1) grad[0] = sw[i] * (sigmoid(z[0]) - y[i]);
      else {
        let mx = -Infinity;
        for (let c = 0; c < k; c++) mx = Math.max(mx, z[c]);
        let s = 0;
        for (let c = 0; c < k; c++) s += Math.exp(z[c] - mx);
        for (let c = 0; c < k; c++) grad[c] = sw[i] * (Math.exp(z[c] - mx) / s - (c === y[i] ? 1 : 0));
      }
      const f = 1 - 1 / nSeen;
      for (let c = 0; c < k; c++) {
        const corr = grad[c] - memory[i * k + c];
        memory[i * k + c] = grad[c];
        if (corr !== 0) {
          const co = c * p;
          for (let j = 0; j < p; j++) { const v = corr * x[xo + j]; sumGrad[co + j] += v; W[co + j] -= step * f * v; }
        }
        if (fitIntercept) { sumGradB[c] += corr; b[c] -= (step * sumGradB[c]) / nSeen + step * f * corr; }
      }
      // L2 shrink, averaged-gradient step, L1 proximal step
      const shrink = 1 - step * alpha, a = step / nSeen;
      for (let j = 0; j < k * p; j++) {
        let v = W[j] * shrink - a * sumGrad[j];
        if (thr > 0) v = v > thr ? v - thr : v < -thr ? v + thr : 0;
        W[j] = v;
      }
    }
    let maxW = 0, maxD = 0;
    for (let j = 0; j < k * p; j++) { maxW = Math.max(maxW, Math.abs(W[j])); maxD = Math.max(maxD, Math.abs(W[j] - prev[j])); }
    if ((maxW !== 0 && maxD / maxW <= tol) || (maxW === 0 && maxD === 0)) { converged = true; break; }
  }
  const w = new Float64Array(k * p + k);
  w.set(W); w.set(b, k * p);
  return { w, nIter: Math.min(epoch, maxIter), converged };
}
