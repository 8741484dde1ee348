/** Non-negative least squares by Lawson & Hanson's active-set method (scipy.optimize.nnls). */
import { ValueError } from '../../tensor/errors.js';
import { lstsq } from '../../linalg/lstsq.js';
import { f64Tensor, gemm } from './util.js';

/**
 * argmin ‖A·x − b‖ subject to x ≥ 0, for A [m, n] row-major and b [m]. Columns enter the passive
 * set by largest gradient; an infeasible least-squares step is cut back to the boundary and the
 * columns that hit zero leave (Lawson & Hanson 1974, ch. 23). At most 3n outer iterations.
 */
export function nnls(a: Float64Array, m: number, n: number, b: Float64Array): Float64Array {
  const x = new Float64Array(n);
  const passive = new Uint8Array(n);
  let norm1 = 0;
  for (let j = 0; j < n; j++) { let s = 0; for (let i = 0; i < m; i++) s += Math.abs(a[i * n + j]); norm1 = Math.max(norm1, s); }
  const tol = 10 * 2.220446049250313e-16 * norm1 * Math.max(m, n);
  const grad = (): Float64Array => {
    const r = Float64Array.from(b);
    const ax = gemm(a, m, n, false, x, n, 1, false);
    for (let i = 0; i < m; i++) r[i] -= ax[i];
    return gemm(a, m, n, true, r, m, 1, false);
  };
  const solveP = (): Float64Array => {
    const idx: number[] = [];
    for (let j = 0; j < n; j++) if (passive[j]) idx.push(j);
    const sub = new Float64Array(m * idx.length);
    for (let i = 0; i < m; i++) idx.forEach((j, q) => { sub[i * idx.length + q] = a[i * n + j]; });
    const sol = lstsq(f64Tensor(sub, [m, idx.length]), f64Tensor(b, [m])).solution.dataSync() as Float64Array;
    const s = new Float64Array(n);
    idx.forEach((j, q) => { s[j] = sol[q]; });
    return s;
  };
  for (let outer = 0; outer < 3 * n; outer++) {
    const w = grad();
    let jMax = -1;
    for (let j = 0; j < n; j++) if (!passive[j] && w[j] > tol && (jMax < 0 || w[j] > w[jMax])) jMax = j;
    if (jMax < 0) return x;
    passive[jMax] = 1;
    let s = solveP();
    for (let inner = 0; inner < 3 * n; inner++) {
      let feasible = true;
      for (let j = 0; j < n; j++) if (passive[j] && s[j] <= 0) feasible = false;
      if (feasible) break;
      let alpha = Infinity;
      for (let j = 0; j < n; j++) if (passive[j] && s[j] <= 0) alpha = Math.min(alpha, x[j] / (x[j] - s[j]));
      for (let j = 0; j < n; j++) {
        x[j] += alpha * (s[j] - x[j]);
        if (passive[j] && Math.abs(x[j]) < tol) { passive[j] = 0; x[j] = 0; }
      }
      s = solveP();
    }
    x.set(s);
  }
  throw new ValueError(`nnls: no convergence in ${3 * n} iterations`);
}
