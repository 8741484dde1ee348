import { nextDouble, nextInt } from '../../tensor/random.js';
import { sqDist } from './distance.js';
import { centreDistances } from './kmeansLloyd.js';
import { nativePotentials } from './native.js';

/** Index of the first cumulative value ≥ r (NumPy's searchsorted, side 'left'), clipped to n − 1. */
function searchLeft(cum: Float64Array, r: number): number {
  let lo = 0, hi = cum.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (cum[mid] < r) lo = mid + 1; else hi = mid; }
  return Math.min(lo, cum.length - 1);
}

/**
 * Greedy k-means++ seeding (scikit-learn's `_kmeans_plusplus`): each new centre is the best of
 * 2 + ⌊ln k⌋ candidates drawn with probability ∝ weight · D², the one that lowers the total
 * potential most. Draws from the current generator stream. Returns row-major [k, p] centres.
 */
export function kmeansPlusPlus(x: Float64Array, n: number, p: number, k: number, xNorm: Float64Array, sw: Float64Array): Float64Array {
  const centers = new Float64Array(k * p);
  const nLocal = 2 + Math.floor(Math.log(k));
  let total = 0;
  for (let i = 0; i < n; i++) total += sw[i];
  // first centre: a sample drawn with probability ∝ its weight
  const cumW = new Float64Array(n);
  for (let i = 0, s = 0; i < n; i++) { s += sw[i]; cumW[i] = s; }
  const first = searchLeft(cumW, nextDouble() * total);
  centers.set(x.subarray(first * p, first * p + p), 0);
  let closest = new Float64Array(n);
  let pot = 0;
  for (let i = 0; i < n; i++) { closest[i] = sqDist(x, i, x, first, p); pot += closest[i] * sw[i]; }
  const cum = new Float64Array(n);
  const cand = new Float64Array(nLocal * p);
  const ids = new Int32Array(nLocal);
  const dist = new Float64Array(n * nLocal); // the native trials' distances [n, nLocal]
  for (let c = 1; c < k; c++) {
    for (let i = 0, s = 0; i < n; i++) { s += sw[i] * closest[i]; cum[i] = s; }
    for (let t = 0; t < nLocal; t++) {
      ids[t] = searchLeft(cum, nextDouble() * pot);
      cand.set(x.subarray(ids[t] * p, ids[t] * p + p), t * p);
    }
    const fast = nativePotentials(x, n, p, cand, nLocal, xNorm, closest, sw, dist);
    if (fast !== null) {
      // the native pass gives the trials' potentials; only the winner's distances are then needed
      let best = 0, bestPot = Infinity;
      for (let t = 0; t < nLocal; t++) if (fast[t] < bestPot) { bestPot = fast[t]; best = t; }
      for (let i = 0, o = best; i < n; i++, o += nLocal) if (dist[o] < closest[i]) closest[i] = dist[o];
      pot = bestPot;
      centers.set(cand.subarray(best * p, best * p + p), c * p);
      continue;
    }
    const d = centreDistances(x, n, p, cand, nLocal, xNorm); // [n, nLocal]
    let best = 0, bestPot = Infinity;
    const pots = new Float64Array(nLocal);
    for (let i = 0; i < n; i++) {
      for (let t = 0, o = i * nLocal; t < nLocal; t++, o++) {
        const v = Math.min(closest[i], d[o]);
        d[o] = v;
        pots[t] += v * sw[i];
      }
    }
    for (let t = 0; t < nLocal; t++) if (pots[t] < bestPot) { bestPot = pots[t]; best = t; }
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) next[i] = d[i * nLocal + best];
    closest = next;
    pot = bestPot;
    centers.set(cand.subarray(best * p, best * p + p), c * p);
  }
  return centers;
}

/** k distinct samples chosen uniformly at random (scikit-learn's init='random'), as [k, p] centres. */
export function randomInit(x: Float64Array, n: number, p: number, k: number): Float64Array {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const centers = new Float64Array(k * p);
  for (let c = 0; c < k; c++) {
    const j = c + nextInt(n - c);
    const t = perm[c]; perm[c] = perm[j]; perm[j] = t;
    centers.set(x.subarray(perm[c] * p, perm[c] * p + p), c * p);
  }
  return centers;
}
