import { ValueError } from '../../tensor/errors.js';
import { gemm } from '../../linalg/matrix.js';
import { rowNormsSq } from '../cluster/distance.js';

/** Kernels of KernelPCA (scikit-learn's pairwise_kernels names). */
export type KernelName = 'linear' | 'poly' | 'rbf' | 'sigmoid' | 'cosine' | 'precomputed';

/** Kernel parameters (gamma already resolved). */
export interface KernelParams { kernel: KernelName; gamma: number; degree: number; coef0: number }

/** The kernel matrix [na, nb] between the rows of a [na, p] and b [nb, p] (row-major). */
export function kernelMatrix(a: Float64Array, na: number, b: Float64Array, nb: number, p: number, k: KernelParams): Float64Array {
  if (k.kernel === 'precomputed') throw new ValueError('kernelMatrix: a precomputed kernel is given, not computed');
  if (k.kernel === 'cosine') {
    const norm = (x: Float64Array, n: number): Float64Array => {
      const out = x.slice(), r = rowNormsSq(x, n, p);
      for (let i = 0; i < n; i++) { const s = r[i] > 0 ? 1 / Math.sqrt(r[i]) : 0; for (let f = 0; f < p; f++) out[i * p + f] *= s; }
      return out;
    };
    return gemm(norm(a, na), na, p, false, norm(b, nb), nb, p, true);
  }
  const d = gemm(a, na, p, false, b, nb, p, true); // a·bᵀ
  if (k.kernel === 'linear') return d;
  if (k.kernel === 'poly') { for (let i = 0; i < d.length; i++) d[i] = (k.gamma * d[i] + k.coef0) ** k.degree; return d; }
  if (k.kernel === 'sigmoid') { for (let i = 0; i < d.length; i++) d[i] = Math.tanh(k.gamma * d[i] + k.coef0); return d; }
  if (k.kernel === 'rbf') {
    const ra = rowNormsSq(a, na, p), rb = rowNormsSq(b, nb, p);
    for (let i = 0; i < na; i++) for (let j = 0; j < nb; j++) {
      const o = i * nb + j;
      d[o] = Math.exp(-k.gamma * Math.max(ra[i] + rb[j] - 2 * d[o], 0));
    }
    return d;
  }
  throw new ValueError(`kernel must be one of linear, poly, rbf, sigmoid, cosine, precomputed; got '${String(k.kernel)}'`);
}
