import { sqDist } from './distance.js';
import { centerShiftSq, finishCenters, inertiaOf, sameLabels, updateCenters, type KMeansRun } from './kmeansLloyd.js';
import { nativeElkan, type ElkanState } from './native.js';

/** Half the pairwise centre distances [k, k] and each centre's half-distance to its nearest other centre. */
function centerGeometry(c: Float64Array, k: number, p: number): { half: Float64Array; next: Float64Array } {
  const half = new Float64Array(k * k), next = new Float64Array(k).fill(Infinity);
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const h = Math.sqrt(sqDist(c, a, c, b, p)) / 2;
      half[a * k + b] = half[b * k + a] = h;
      if (h < next[a]) next[a] = h;
      if (h < next[b]) next[b] = h;
    }
  }
  return { half, next };
}

/**
 * Elkan's k-means (scikit-learn's `_kmeans_single_elkan`): the same iterations as Lloyd's, but
 * an upper bound on each sample's distance to its centre and lower bounds to every other centre
 * (kept valid through the triangle inequality as centres move) skip most distance computations.
 */
export function elkan(x: Float64Array, n: number, p: number, sw: Float64Array, init: Float64Array, k: number, maxIter: number, tol: number): KMeansRun {
  const fast = elkanNative(x, n, p, sw, init, k, maxIter, tol);
  if (fast !== null) return fast;
  let centers: Float64Array = init.slice();
  const labels = new Int32Array(n), old = new Int32Array(n).fill(-1);
  const upper = new Float64Array(n), lower = new Float64Array(n * k);
  let geo = centerGeometry(centers, k, p);
  // initial bounds (scikit-learn's init_bounds_dense)
  for (let i = 0; i < n; i++) {
    let best = 0, ub = Math.sqrt(sqDist(x, i, centers, 0, p));
    lower[i * k] = ub;
    for (let j = 1; j < k; j++) {
      if (ub > geo.half[best * k + j]) {
        const d = Math.sqrt(sqDist(x, i, centers, j, p));
        lower[i * k + j] = d;
        if (d < ub) { best = j; ub = d; }
      }
    }
    labels[i] = best;
    upper[i] = ub;
  }
  const iterate = (update: boolean): Float64Array | null => {
    for (let i = 0; i < n; i++) {
      let ub = upper[i], label = labels[i], tight = false;
      if (geo.next[label] >= ub) continue;
      for (let j = 0; j < k; j++) {
        if (j !== label && ub > lower[i * k + j] && ub > geo.half[label * k + j]) {
          if (!tight) { ub = Math.sqrt(sqDist(x, i, centers, label, p)); lower[i * k + label] = ub; tight = true; }
          if (ub > lower[i * k + j] || ub > geo.half[label * k + j]) {
            const d = Math.sqrt(sqDist(x, i, centers, j, p));
            lower[i * k + j] = d;
            if (d < ub) { label = j; ub = d; }
          }
        }
      }
      labels[i] = label;
      upper[i] = ub;
    }
    if (!update) return null;
    const next = updateCenters(x, n, p, sw, centers, k, labels);
    const shift = new Float64Array(k);
    for (let j = 0; j < k; j++) shift[j] = Math.sqrt(sqDist(next, j, centers, j, p));
    for (let i = 0; i < n; i++) {
      upper[i] += shift[labels[i]];
      for (let j = 0, o = i * k; j < k; j++, o++) lower[o] = Math.max(lower[o] - shift[j], 0);
    }
    return next;
  };
  let strict = false, it = 0;
  for (it = 0; it < maxIter; it++) {
    const next = iterate(true) as Float64Array;
    const shift = centerShiftSq(next, centers);
    centers = next;
    geo = centerGeometry(centers, k, p);
    if (sameLabels(labels, old)) { strict = true; break; }
    if (shift <= tol) break;
    old.set(labels);
  }
  if (!strict) iterate(false);
  return { centers, labels, inertia: inertiaOf(x, n, p, sw, centers, labels), nIter: Math.min(it + 1, maxIter) };
}

/**
 * The same iterations on the native backend (src/backend/native/cpp/kmeans_elkan.cc): each pass
 * first moves the bounds by the centres' last shift, then relabels and accumulates the M-step's
 * sums in one sweep over the data. Null when the kernel is not available.
 */
function elkanNative(x: Float64Array, n: number, p: number, sw: Float64Array, init: Float64Array, k: number, maxIter: number, tol: number): KMeansRun | null {
  let centers: Float64Array = init.slice();
  const st: ElkanState = { labels: new Int32Array(n), upper: new Float64Array(n), lower: new Float64Array(n * k) };
  let geo = centerGeometry(centers, k, p);
  if (!nativeElkan(x, n, p, centers, k, geo.half, geo.next, null, st, null, null, null, true)) return null;
  const old = new Int32Array(n).fill(-1), labels = st.labels;
  let shift: Float64Array | null = null, strict = false, it = 0;
  for (it = 0; it < maxIter; it++) {
    const sums = new Float64Array(k * p), wIn = new Float64Array(k);
    nativeElkan(x, n, p, centers, k, geo.half, geo.next, shift, st, sw, sums, wIn, false);
    const next = finishCenters(x, n, p, sw, centers, k, labels, sums, wIn);
    shift = new Float64Array(k);
    for (let j = 0; j < k; j++) shift[j] = Math.sqrt(sqDist(next, j, centers, j, p));
    const moved = centerShiftSq(next, centers);
    centers = next;
    geo = centerGeometry(centers, k, p);
    if (sameLabels(labels, old)) { strict = true; break; }
    if (moved <= tol) break;
    old.set(labels);
  }
  if (!strict) nativeElkan(x, n, p, centers, k, geo.half, geo.next, shift, st, null, null, null, false);
  return { centers, labels, inertia: inertiaOf(x, n, p, sw, centers, labels), nIter: Math.min(it + 1, maxIter) };
}
