/**
 * Platt scaling as in libsvm: the sigmoid fit of Lin, Lin & Weng (2007, Newton's method with
 * backtracking on the regularised targets), the clipped pairwise probabilities and the pairwise
 * coupling of Wu, Lin & Weng (2004, method 2) for more than two classes.
 */

/** Fits P(y = 1 | f) = 1 / (1 + exp(A f + B)) to decision values f and labels (±1). */
export function sigmoidTrain(dec: Float64Array, labels: Int8Array): { A: number; B: number } {
  const l = dec.length;
  let prior1 = 0, prior0 = 0;
  for (let i = 0; i < l; i++) if (labels[i] > 0) prior1++; else prior0++;
  const maxIter = 100, minStep = 1e-10, sigma = 1e-12, eps = 1e-5;
  const hi = (prior1 + 1) / (prior1 + 2), lo = 1 / (prior0 + 2);
  const t = new Float64Array(l);
  for (let i = 0; i < l; i++) t[i] = labels[i] > 0 ? hi : lo;
  let A = 0, B = Math.log((prior0 + 1) / (prior1 + 1));
  const f = (a: number, b: number): number => {
    let v = 0;
    for (let i = 0; i < l; i++) {
      const z = dec[i] * a + b;
      v += z >= 0 ? t[i] * z + Math.log1p(Math.exp(-z)) : (t[i] - 1) * z + Math.log1p(Math.exp(z));
    }
    return v;
  };
  let fval = f(A, B);
  for (let iter = 0; iter < maxIter; iter++) {
    let h11 = sigma, h22 = sigma, h21 = 0, g1 = 0, g2 = 0;
    for (let i = 0; i < l; i++) {
      const z = dec[i] * A + B;
      let p: number, q: number;
      if (z >= 0) { const e = Math.exp(-z); p = e / (1 + e); q = 1 / (1 + e); } else { const e = Math.exp(z); p = 1 / (1 + e); q = e / (1 + e); }
      const d2 = p * q;
      h11 += dec[i] * dec[i] * d2; h22 += d2; h21 += dec[i] * d2;
      const d1 = t[i] - p;
      g1 += dec[i] * d1; g2 += d1;
    }
    if (Math.abs(g1) < eps && Math.abs(g2) < eps) break;
    const det = h11 * h22 - h21 * h21;
    const dA = -(h22 * g1 - h21 * g2) / det, dB = -(-h21 * g1 + h11 * g2) / det;
    const gd = g1 * dA + g2 * dB;
    let step = 1;
    while (step >= minStep) {
      const nA = A + step * dA, nB = B + step * dB;
      const nf = f(nA, nB);
      if (nf < fval + 0.0001 * step * gd) { A = nA; B = nB; fval = nf; break; }
      step /= 2;
    }
    if (step < minStep) break;
  }
  return { A, B };
}

/** 1 / (1 + exp(A f + B)), evaluated without overflow. */
export function sigmoidPredict(dec: number, A: number, B: number): number {
  const z = dec * A + B;
  return z >= 0 ? Math.exp(-z) / (1 + Math.exp(-z)) : 1 / (1 + Math.exp(z));
}

/** Class probabilities from pairwise r[i][j] = P(i | i or j), k×k row-major (Wu, Lin & Weng method 2). */
export function multiclassProbability(k: number, r: Float64Array): Float64Array {
  const p = new Float64Array(k);
  if (k === 2) { p[0] = r[1]; p[1] = r[2]; return p; }
  const Q = new Float64Array(k * k), Qp = new Float64Array(k);
  const maxIter = Math.max(100, k), eps = 0.005 / k;
  for (let t = 0; t < k; t++) {
    p[t] = 1 / k;
    Q[t * k + t] = 0;
    for (let j = 0; j < t; j++) { Q[t * k + t] += r[j * k + t] ** 2; Q[t * k + j] = Q[j * k + t]; }
    for (let j = t + 1; j < k; j++) { Q[t * k + t] += r[j * k + t] ** 2; Q[t * k + j] = -r[j * k + t] * r[t * k + j]; }
  }
  for (let iter = 0; iter < maxIter; iter++) {
    let pQp = 0;
    for (let t = 0; t < k; t++) { Qp[t] = 0; for (let j = 0; j < k; j++) Qp[t] += Q[t * k + j] * p[j]; pQp += p[t] * Qp[t]; }
    let maxErr = 0;
    for (let t = 0; t < k; t++) maxErr = Math.max(maxErr, Math.abs(Qp[t] - pQp));
    if (maxErr < eps) break;
    for (let t = 0; t < k; t++) {
      const diff = (-Qp[t] + pQp) / Q[t * k + t];
      p[t] += diff;
      pQp = (pQp + diff * (diff * Q[t * k + t] + 2 * Qp[t])) / (1 + diff) / (1 + diff);
      for (let j = 0; j < k; j++) { Qp[j] = (Qp[j] + diff * Q[t * k + j]) / (1 + diff); p[j] /= 1 + diff; }
    }
  }
  return p;
}
