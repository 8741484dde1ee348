/** Plain stochastic gradient descent for linear models, scikit-learn's _sgd_fast.plain_sgd on dense data. */
import { nextInt } from '../../tensor/random.js';

/** Loss names of SGDClassifier / SGDRegressor. */
export type SGDLoss = 'hinge' | 'log_loss' | 'modified_huber' | 'squared_error' | 'huber' | 'epsilon_insensitive';
export type SGDPenalty = 'l2' | 'l1' | 'elasticnet' | 'none';
export type SGDLearningRate = 'optimal' | 'constant' | 'invscaling' | 'adaptive';

interface LossFn { loss(p: number, y: number): number; dloss(p: number, y: number): number }

/** scikit-learn's loss objects (classification targets y ∈ {−1, +1}). */
export function lossFn(name: SGDLoss, epsilon: number): LossFn {
  switch (name) {
    case 'hinge': return { loss: (p, y) => Math.max(0, 1 - p * y), dloss: (p, y) => (p * y <= 1 ? -y : 0) };
    case 'log_loss': return {
      loss: (p, y) => { const z = p * y; return z > 18 ? Math.exp(-z) : z < -18 ? -z : Math.log1p(Math.exp(-z)); },
      dloss: (p, y) => { const z = p * y; return z > 18 ? -y * Math.exp(-z) : z < -18 ? -y : -y / (Math.exp(z) + 1); },
    };
    case 'modified_huber': return {
      loss: (p, y) => { const z = p * y; return z >= 1 ? 0 : z >= -1 ? (1 - z) * (1 - z) : -4 * z; },
      dloss: (p, y) => { const z = p * y; return z >= 1 ? 0 : z >= -1 ? -2 * y * (1 - z) : -4 * y; },
    };
    case 'squared_error': return { loss: (p, y) => 0.5 * (p - y) * (p - y), dloss: (p, y) => p - y };
    case 'huber': return {
      loss: (p, y) => { const r = Math.abs(p - y); return r <= epsilon ? 0.5 * r * r : epsilon * r - 0.5 * epsilon * epsilon; },
      dloss: (p, y) => { const r = p - y; return Math.abs(r) <= epsilon ? r : r > 0 ? epsilon : -epsilon; },
    };
    case 'epsilon_insensitive': return {
      loss: (p, y) => Math.max(0, Math.abs(y - p) - epsilon),
      dloss: (p, y) => (y - p > epsilon ? -1 : p - y > epsilon ? 1 : 0),
    };
  }
}

/** Settings of one {@link plainSgd} run. */
export interface SGDSettings {
  loss: LossFn; penalty: SGDPenalty; alpha: number; l1Ratio: number; fitIntercept: boolean;
  maxIter: number; tol: number | null; shuffle: boolean; learningRate: SGDLearningRate; eta0: number; powerT: number;
  nIterNoChange: number; average: number; sampleWeight?: Float64Array;
  /** Early stopping: samples held out (1) from the updates, and the score of (w, b) on them (higher is better). */
  validation?: { mask: Uint8Array; score: (w: Float64Array, b: number) => number };
}

/** Weights, intercept, epochs run and the update count t (scikit-learn's t_). */
export interface SGDResult { w: Float64Array; b: number; nIter: number; t: number }

const MAX_DLOSS = 1e12;

/**
 * One linear model by SGD over rows of x [n, p] (row-major) with targets y: per sample, eta from
 * the schedule ('optimal': 1/(α(t0 + t − 1)) with scikit-learn's t0 heuristic; 'invscaling':
 * eta0/t^powerT; 'constant'/'adaptive': eta0, divided by 5 after nIterNoChange epochs without
 * improvement for 'adaptive'), L2 shrink, gradient step, Tsuruoka's cumulative L1 penalty.
 * Stops when the epoch's summed loss fails to improve by tol·n for nIterNoChange epochs, or with
 * `validation`, when the held-out score fails to improve by tol.
 */
export function plainSgd(x: Float64Array, n: number, p: number, y: Float64Array, s: SGDSettings): SGDResult {
  const w = new Float64Array(p);
  let b = 0;
  const avgW = new Float64Array(p);
  let avgB = 0, avgCount = 0;
  const q = new Float64Array(s.penalty === 'l1' || s.penalty === 'elasticnet' ? p : 0);
  let u = 0;
  let eta = s.eta0;
  let optimalInit = 0;
  if (s.learningRate === 'optimal') {
    const typw = Math.sqrt(1 / Math.sqrt(s.alpha));
    const initialEta0 = typw / Math.max(1, s.loss.dloss(-typw, 1));
    optimalInit = 1 / (initialEta0 * s.alpha);
  }
  const order = Int32Array.from({ length: n }, (_, i) => i);
  let t = 1, bestLoss = Infinity, bestScore = -Infinity, noImprove = 0, epoch = 0;
  let nTrain = n;
  if (s.validation) for (let i = 0; i < n; i++) if (s.validation.mask[i]) nTrain--;
  const l2 = s.penalty === 'l2' ? 1 : s.penalty === 'elasticnet' ? 1 - s.l1Ratio : 0;
  const l1 = s.penalty === 'l1' ? 1 : s.penalty === 'elasticnet' ? s.l1Ratio : 0;
  for (epoch = 0; epoch < s.maxIter; epoch++) {
    let sumLoss = 0;
    if (s.shuffle) for (let i = n - 1; i > 0; i--) { const j = nextInt(i + 1); const tmp = order[i]; order[i] = order[j]; order[j] = tmp; }
    for (let k = 0; k < n; k++) {
      const i = order[k], xo = i * p;
      if (s.validation && s.validation.mask[i]) continue;
      if (s.learningRate === 'optimal') eta = 1 / (s.alpha * (optimalInit + t - 1));
      else if (s.learningRate === 'invscaling') eta = s.eta0 / Math.pow(t, s.powerT);
      let pr = b;
      for (let j = 0; j < p; j++) pr += w[j] * x[xo + j];
      sumLoss += s.loss.loss(pr, y[i]);
      let dloss = s.loss.dloss(pr, y[i]);
      dloss = Math.min(MAX_DLOSS, Math.max(-MAX_DLOSS, dloss));
      const update = -eta * dloss * (s.sampleWeight ? s.sampleWeight[i] : 1);
      if (l2 > 0) { const f = Math.max(0, 1 - l2 * eta * s.alpha); if (f !== 1) for (let j = 0; j < p; j++) w[j] *= f; }
      if (update !== 0) {
        for (let j = 0; j < p; j++) w[j] += update * x[xo + j];
        if (s.fitIntercept) b += update;
      }
      if (l1 > 0) {
        u += l1 * eta * s.alpha;
        for (let j = 0; j < p; j++) {
          const z = w[j];
          if (z > 0) w[j] = Math.max(0, z - (u + q[j]));
          else if (z < 0) w[j] = Math.min(0, z + (u - q[j]));
          q[j] += w[j] - z;
        }
      }
      if (s.average > 0 && s.average <= t) {
        avgCount++;
        for (let j = 0; j < p; j++) avgW[j] += (w[j] - avgW[j]) / avgCount;
        avgB += (b - avgB) / avgCount;
      }
      t++;
    }
    if (s.validation) {
      // scikit-learn: the validation score must beat the best by tol (scores are "higher is better")
      const score = avgCount > 0 ? s.validation.score(avgW, avgB) : s.validation.score(w, b);
      if (s.tol !== null && score < bestScore + s.tol) noImprove++;
      else noImprove = 0;
      if (score > bestScore) bestScore = score;
    } else {
      if (s.tol !== null && sumLoss > bestLoss - s.tol * nTrain) noImprove++;
      else noImprove = 0;
      if (sumLoss < bestLoss) bestLoss = sumLoss;
    }
    if (noImprove >= s.nIterNoChange) {
      if (s.learningRate === 'adaptive' && eta > 1e-6) { eta /= 5; noImprove = 0; }
      else { epoch++; break; }
    }
  }
  if (avgCount > 0) return { w: avgW, b: avgB, nIter: Math.min(epoch, s.maxIter), t };
  return { w, b, nIter: Math.min(epoch, s.maxIter), t };
}
