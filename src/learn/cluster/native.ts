import { activeAddon } from '../../backend/index.js';

/**
 * The k-means kernels of the native addon (src/backend/native/cpp/kmeans.cc). Optional: an
 * addon built before them lacks them, and then the TypeScript loops run instead.
 */
interface KMeansAddon {
  /** labels [n] ← argmin_j ‖c_j‖² − 2·x·c_j; adds sw·x to sums [k·p] and sw to wIn [k] unless both are empty. dims = [n, p, k]. */
  kmeansAssign(x: Float64Array, centers: Float64Array, labels: Int32Array, sums: Float64Array, wIn: Float64Array, sw: Float64Array, dims: Float64Array): void;
  /** out [n, k] ← ‖c_j‖² − 2·x·c_j (+ ‖x_i‖², clamped at 0, when xNorm is non-empty). dims = [n, p, k]. */
  kmeansDistances(x: Float64Array, centers: Float64Array, out: Float64Array, xNorm: Float64Array, dims: Float64Array): void;
  /** pots [t] ← Σ_i sw_i·min(closest_i, ‖x_i − cand_j‖²) (sw empty: weight 1); dist [n, t] ← the distances when given. dims = [n, p, t]. */
  kmeansPotentials(x: Float64Array, candidates: Float64Array, closest: Float64Array, xNorm: Float64Array, sw: Float64Array, pots: Float64Array, dims: Float64Array, dist?: Float64Array): void;
}

/** Elkan's pass (src/backend/native/cpp/kmeans_elkan.cc); see {@link nativeElkan}. */
interface ElkanAddon {
  kmeansElkan(x: Float64Array, centers: Float64Array, half: Float64Array, next: Float64Array, shift: Float64Array, labels: Int32Array, upper: Float64Array, lower: Float64Array, sums: Float64Array, wIn: Float64Array, sw: Float64Array, dims: Float64Array, init: boolean): void;
}

const EMPTY = new Float64Array(0);

/** The addon's k-means kernels when the native backend is selected and has them, else null. */
function addon(): KMeansAddon | null {
  const a = activeAddon() as Partial<KMeansAddon> | null;
  return a && typeof a.kmeansAssign === 'function' && typeof a.kmeansDistances === 'function' && typeof a.kmeansPotentials === 'function' ? (a as KMeansAddon) : null;
}

/**
 * One fused Lloyd pass on the native backend (nearest centre per row, then the weighted sums
 * of the M-step). Returns false, doing nothing, when the kernel is not available.
 */
export function nativeAssign(x: Float64Array, n: number, p: number, centers: Float64Array, k: number, labels: Int32Array, sw: Float64Array | null, sums: Float64Array | null, wIn: Float64Array | null): boolean {
  const a = addon();
  if (a === null) return false;
  a.kmeansAssign(x, centers, labels, sums ?? EMPTY, wIn ?? EMPTY, sums !== null && sw !== null ? sw : EMPTY, new Float64Array([n, p, k]));
  return true;
}

/**
 * ‖c_j‖² − 2·x·c_j for every row and centre [n, k] on the native backend (plus ‖x_i‖² and
 * clamped at 0 when xNorm is given), or null when the kernel is not available.
 */
export function nativeDistances(x: Float64Array, n: number, p: number, c: Float64Array, k: number, xNorm: Float64Array | null): Float64Array | null {
  const a = addon();
  if (a === null) return null;
  const out = new Float64Array(n * k);
  a.kmeansDistances(x, c, out, xNorm ?? EMPTY, new Float64Array([n, p, k]));
  return out;
}

/**
 * k-means++'s local trials on the native backend: the potential Σ sw·min(closest, ‖x − cand_t‖²)
 * of each of the t candidates [t, p] in one pass over x, the squared distances written to dist
 * [n, t] (the winner's column then updates closest). Null without the kernel.
 */
export function nativePotentials(x: Float64Array, n: number, p: number, cand: Float64Array, t: number, xNorm: Float64Array, closest: Float64Array, sw: Float64Array, dist: Float64Array): Float64Array | null {
  const a = addon();
  if (a === null) return null;
  const pots = new Float64Array(t);
  a.kmeansPotentials(x, cand, closest, xNorm, sw, pots, new Float64Array([n, p, t]), dist);
  return pots;
}

/** The state of one Elkan run: the bounds (upper [n], lower [n, k]) and labels [n], kept between passes. */
export interface ElkanState { labels: Int32Array; upper: Float64Array; lower: Float64Array }

/**
 * One pass of Elkan's k-means on the native backend (scikit-learn's `init_bounds_dense` when
 * `init`, else `elkan_iter_chunked_dense` after moving the bounds by the centres' last `shift`),
 * accumulating the M-step's weighted sums when `sums`/`wIn` are given. `half` [k, k] and `next`
 * [k] describe the centres' geometry. Returns false, doing nothing, without the kernel.
 */
export function nativeElkan(x: Float64Array, n: number, p: number, centers: Float64Array, k: number, half: Float64Array, next: Float64Array, shift: Float64Array | null, st: ElkanState, sw: Float64Array | null, sums: Float64Array | null, wIn: Float64Array | null, init: boolean): boolean {
  if (addon() === null) return false;
  const a = activeAddon() as unknown as Partial<ElkanAddon>;
  if (typeof a.kmeansElkan !== 'function') return false;
  a.kmeansElkan(x, centers, half, next, shift ?? EMPTY, st.labels, st.upper, st.lower, sums ?? EMPTY, wIn ?? EMPTY, sums !== null && sw !== null ? sw : EMPTY, new Float64Array([n, p, k]), init);
  return true;
}

/** The centred Gram kernel (src/backend/native/cpp/gram.cc), used by PCA's covariance route. */
interface GramAddon {
  centredGram(x: Float64Array, mean: Float64Array, gram: Float64Array, dims: Float64Array): void;
}

/**
 * The column means [p] and centred Gram matrix (x − mean)ᵀ(x − mean) [p, p] of row-major x
 * [n, p] on the native backend, in one pass without a centred copy; null when the kernel is not
 * available or the shape is outside it (n ≥ 1, 1 ≤ p ≤ 64).
 */
export function nativeCentredGram(x: Float64Array, n: number, p: number): { mean: Float64Array; gram: Float64Array } | null {
  if (n < 1 || p < 1 || p > 64 || addon() === null) return null;
  const a = activeAddon() as unknown as Partial<GramAddon>;
  if (typeof a.centredGram !== 'function') return null;
  const mean = new Float64Array(p), gram = new Float64Array(p * p);
  a.centredGram(x, mean, gram, new Float64Array([n, p]));
  return { mean, gram };
}

/**
 * x·rowsᵀ [n, k] for row-major x [n, p] and rows [k, p] with the k-means distance kernel (faster
 * than a general GEMM for a narrow k); null when the kernel is not available.
 */
export function nativeRowDots(x: Float64Array, n: number, p: number, rows: Float64Array, k: number): Float64Array | null {
  if (addon() === null) return null;
  const a = activeAddon() as unknown as { rowDots?: (x: Float64Array, r: Float64Array, out: Float64Array, dims: Float64Array) => void };
  if (typeof a.rowDots !== 'function') return null;
  const out = new Float64Array(n * k);
  a.rowDots(x, rows, out, new Float64Array([n, p, k]));
  return out;
}

/**
 * A centred copy of row-major x [n, p] on the native backend: the column means, x − mean, the
 * centred rows' squared norms (when `norms`) and their total; null without the kernel.
 */
export function nativeCentredCopy(x: Float64Array, n: number, p: number, norms: boolean): { x: Float64Array; mean: Float64Array; sumSq: number; norms: Float64Array | null } | null {
  if (n < 1 || p < 1 || addon() === null) return null;
  const a = activeAddon() as unknown as { centredCopy?: (x: Float64Array, out: Float64Array, mean: Float64Array, norms: Float64Array, dims: Float64Array) => number };
  if (typeof a.centredCopy !== 'function') return null;
  const out = new Float64Array(n * p), mean = new Float64Array(p), nr = norms ? new Float64Array(n) : EMPTY;
  const sumSq = a.centredCopy(x, out, mean, nr, new Float64Array([n, p]));
  return { x: out, mean, sumSq, norms: norms ? nr : null };
}
