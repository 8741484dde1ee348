import { ShapeError, ValueError } from '../../tensor/errors.js';
import { checkFitted, toMatrix, type ArrayInput } from '../base.js';
import { kernelBlock, KernelColumns, resolveGamma, type KernelParams, type KernelSpec } from './kernel.js';

/** Options shared by SVC and SVR (scikit-learn's names, camelCased). */
export interface KernelSVMOptions {
  /** Regularisation: the box bound of the dual variables. Default 1. */
  C?: number;
  /** 'linear' | 'poly' | 'rbf' (default) | 'sigmoid' | 'precomputed' | (x, y) => number | { gram(A, nA, B, nB, p) }. */
  kernel?: KernelSpec;
  /** Degree of the polynomial kernel. Default 3. */
  degree?: number;
  /** Kernel coefficient: 'scale' (1 / (nFeatures · X.var()), default), 'auto' (1 / nFeatures) or a number. */
  gamma?: 'scale' | 'auto' | number;
  /** Independent term of the poly and sigmoid kernels. Default 0. */
  coef0?: number;
  /** libsvm's shrinking heuristic. Default true. */
  shrinking?: boolean;
  /** Stopping tolerance on the maximal violating pair. Default 1e-3. */
  tol?: number;
  /** Kernel cache size in MB. Default 200. */
  cacheSize?: number;
  /** Iteration limit of the solver, −1 for none. Default −1. */
  maxIter?: number;
}

export const KERNEL_SVM_DEFAULTS: Required<KernelSVMOptions> = {
  C: 1, kernel: 'rbf', degree: 3, gamma: 'scale', coef0: 0, shrinking: true, tol: 1e-3, cacheSize: 200, maxIter: -1,
};

/** Fitted state common to the kernel SVMs. */
export interface KernelSVMState {
  nFeaturesIn: number;
  gamma: number;
  support: Int32Array;
  /** Support vectors [nSV · nFeatures] row-major (training kernel rows for 'precomputed'). */
  supportVectors: Float64Array;
}

/** Validates options and builds the kernel columns for training. */
export function prepareKernel(who: string, o: Required<KernelSVMOptions>, x: Float64Array, n: number, p: number): { kp: KernelParams; cols: KernelColumns } {
  if (!(o.C > 0)) throw new ValueError(`${who}: C must be > 0, got ${o.C}`);
  if (!(o.tol > 0)) throw new ValueError(`${who}: tol must be > 0, got ${o.tol}`);
  const named = ['linear', 'poly', 'rbf', 'sigmoid', 'precomputed'];
  if (typeof o.kernel === 'string' && !named.includes(o.kernel)) throw new ValueError(`${who}: kernel must be one of ${named.join(', ')} or a function, got '${o.kernel}'`);
  if (o.kernel === 'precomputed' && n !== p) throw new ShapeError(`${who}: a precomputed kernel must be square [n, n], got [${n}, ${p}]`);
  const gamma = resolveGamma(o.gamma, x, p, who);
  const kp: KernelParams = { kernel: o.kernel, degree: o.degree, gamma, coef0: o.coef0 };
  return { kp, cols: new KernelColumns(kp, x, n, p, o.cacheSize) };
}

/** K(X, SV) [n, nSV] for prediction; X checked against the fitted feature count. */
export function predictKernel(est: object, who: string, o: Required<KernelSVMOptions>, st: KernelSVMState | null, X: ArrayInput): { K: Float64Array; n: number } {
  const s = checkFitted(est, st, who.split('.')[1]);
  const t = toMatrix(X, 'X');
  const [n, p] = t.shape;
  const x = t.dataSync() as Float64Array;
  const nSV = s.support.length;
  if (o.kernel === 'precomputed') {
    if (p !== s.nFeaturesIn) throw new ShapeError(`${who}: a precomputed kernel X must be [nSamples, nTrain] = [n, ${s.nFeaturesIn}], got [${n}, ${p}]`);
    const K = new Float64Array(n * nSV);
    for (let i = 0; i < n; i++) for (let j = 0; j < nSV; j++) K[i * nSV + j] = x[i * p + s.support[j]];
    return { K, n };
  }
  if (p !== s.nFeaturesIn) throw new ShapeError(`${who}: X has ${p} features, but the model was fitted with ${s.nFeaturesIn}`);
  const kp: KernelParams = { kernel: o.kernel, degree: o.degree, gamma: s.gamma, coef0: o.coef0 };
  if (nSV === 0) return { K: new Float64Array(0), n };
  return { K: kernelBlock(kp, x, n, s.supportVectors, nSV, p), n };
}

/** Rows `idx` of a row-major matrix. */
export function takeRows(x: Float64Array, p: number, idx: Int32Array): Float64Array {
  const out = new Float64Array(idx.length * p);
  for (let i = 0; i < idx.length; i++) out.set(x.subarray(idx[i] * p, (idx[i] + 1) * p), i * p);
  return out;
}

/** Function kernels cannot be saved. */
export function checkSerializable(who: string, kernel: KernelSpec): void {
  if (typeof kernel !== 'string') throw new ValueError(`${who}: a model with a user-supplied kernel function cannot be saved as JSON; refit it after loading`);
}
