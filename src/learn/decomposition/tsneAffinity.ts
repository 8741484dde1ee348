/**
 * Conditional affinities P(j|i) with a per-sample Gaussian precision β_i found by binary search
 * so that the entropy of row i equals log(perplexity) (scikit-learn's
 * `_binary_search_perplexity`, 100 steps, tolerance 1e-5). `dist` holds squared distances to the
 * `m` candidates of each row (all others for the exact method, the nearest neighbours for
 * Barnes–Hut); the result has the same layout.
 */
export function binarySearchPerplexity(dist: Float64Array, n: number, m: number, perplexity: number): Float64Array {
  const P = new Float64Array(n * m);
  const desired = Math.log(perplexity);
  for (let i = 0; i < n; i++) {
    let lo = -Infinity, hi = Infinity, beta = 1;
    const o = i * m;
    for (let step = 0; step < 100; step++) {
      let sumP = 0;
      for (let j = 0; j < m; j++) { const v = Math.exp(-dist[o + j] * beta); P[o + j] = v; sumP += v; }
      if (sumP === 0) sumP = 1e-8;
      let sumDP = 0;
      for (let j = 0; j < m; j++) { P[o + j] /= sumP; sumDP += dist[o + j] * P[o + j]; }
      const entropy = Math.log(sumP) + beta * sumDP;
      const diff = entropy - desired;
      if (Math.abs(diff) <= 1e-5) break;
      if (diff > 0) { lo = beta; beta = hi === Infinity ? beta * 2 : (beta + hi) / 2; }
      else { hi = beta; beta = lo === -Infinity ? beta / 2 : (beta + lo) / 2; }
    }
  }
  return P;
}
