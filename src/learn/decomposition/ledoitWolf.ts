import { gemm } from '../../linalg/matrix.js';

/** The maximum-likelihood covariance (divides by n) of row-major x [n, p]. */
export function empiricalCovariance(x: Float64Array, n: number, p: number): Float64Array {
  const mean = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let f = 0; f < p; f++) mean[f] += x[i * p + f] / n;
  const xc = x.map((v, i) => v - mean[i % p]);
  const cov = gemm(xc, n, p, true, xc, n, p, false);
  for (let i = 0; i < cov.length; i++) cov[i] /= n;
  return cov;
}

/** The Ledoit–Wolf shrinkage intensity of centred xc [n, p] (scikit-learn's `ledoit_wolf_shrinkage`). */
export function ledoitWolfShrinkage(xc: Float64Array, n: number, p: number): number {
  const x2 = xc.map((v) => v * v);
  const trace = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let f = 0; f < p; f++) trace[f] += x2[i * p + f] / n;
  const mu = trace.reduce((a, b) => a + b, 0) / p;
  const b2 = gemm(x2, n, p, true, x2, n, p, false);
  const xx = gemm(xc, n, p, true, xc, n, p, false);
  let betaSum = 0, deltaSum = 0;
  for (let i = 0; i < p * p; i++) { betaSum += b2[i]; deltaSum += xx[i] * xx[i]; }
  deltaSum /= n * n;
  let beta = (1 / (p * n)) * (betaSum / n - deltaSum);
  let delta = deltaSum - 2 * mu * trace.reduce((a, b) => a + b, 0) + p * mu * mu;
  delta /= p;
  beta = Math.min(beta, delta);
  return beta === 0 ? 0 : beta / delta;
}

/**
 * A covariance estimate as LDA's `_cov`: empirical (null), Ledoit–Wolf on standardised features
 * ('auto', rescaled back), or shrunk towards μ·I with a fixed intensity in [0, 1].
 */
export function covariance(x: Float64Array, n: number, p: number, shrinkage: null | 'auto' | number): Float64Array {
  if (shrinkage === null) return empiricalCovariance(x, n, p);
  if (shrinkage === 'auto') {
    const mean = new Float64Array(p), sd = new Float64Array(p);
    for (let i = 0; i < n; i++) for (let f = 0; f < p; f++) mean[f] += x[i * p + f] / n;
    for (let i = 0; i < n; i++) for (let f = 0; f < p; f++) sd[f] += (x[i * p + f] - mean[f]) ** 2 / n;
    for (let f = 0; f < p; f++) sd[f] = sd[f] === 0 ? 1 : Math.sqrt(sd[f]);
    const z = x.map((v, i) => (v - mean[i % p]) / sd[i % p]);
    const s = ledoitWolfShrinkage(z, n, p);
    const cov = shrink(empiricalCovariance(z, n, p), p, s);
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) cov[i * p + j] *= sd[i] * sd[j];
    return cov;
  }
  return shrink(empiricalCovariance(x, n, p), p, shrinkage);
}

function shrink(cov: Float64Array, p: number, s: number): Float64Array {
  let tr = 0;
  for (let i = 0; i < p; i++) tr += cov[i * p + i];
  const mu = tr / p;
  const out = cov.map((v) => (1 - s) * v);
  for (let i = 0; i < p; i++) out[i * p + i] += s * mu;
  return out;
}
