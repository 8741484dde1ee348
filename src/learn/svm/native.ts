import { activeAddon } from '../../backend/index.js';

/** The SVM kernel of the native addon (src/backend/native/cpp/svm.cc); optional. */
interface SvmAddon {
  /** out[j] ← ±(float) K(x_i, x_rows[j]) for j in [start, end); args = [n, p, i, start, end, kind, gamma, coef0, degree, signI]. */
  svmKernelEntries(x: Float64Array, sq: Float64Array, rows: Int32Array, signs: Int8Array, out: Float32Array, args: Float64Array): void;
  /** WSS3's first loop: out ← [gmax, gmaxIdx]; args = [n]. */
  svmSelectI(G: Float64Array, y: Int8Array, status: Uint8Array, args: Float64Array, out: Float64Array): void;
  /** WSS3's second loop: out ← [gmax2, gminIdx, objMin]; args = [n, gmax, qdi, yi2, tau]. */
  svmSelectJ(G: Float64Array, y: Int8Array, status: Uint8Array, QD: Float64Array, Qi: Float32Array, args: Float64Array, out: Float64Array): void;
  /** G[k] += Qi[k]·dai + Qj[k]·daj for k < n; args = [n, dai, daj]. */
  svmUpdateG(G: Float64Array, Qi: Float32Array, Qj: Float32Array, args: Float64Array): void;
}

/** The solver loops of the native addon, when the native backend is selected and has them, else null. */
export function nativeSvmLoops(): Pick<SvmAddon, 'svmSelectI' | 'svmSelectJ' | 'svmUpdateG'> | null {
  const a = activeAddon() as Partial<SvmAddon> | null;
  if (!a || typeof a.svmSelectI !== 'function' || typeof a.svmSelectJ !== 'function' || typeof a.svmUpdateG !== 'function') return null;
  return { svmSelectI: a.svmSelectI.bind(a), svmSelectJ: a.svmSelectJ.bind(a), svmUpdateG: a.svmUpdateG.bind(a) };
}

/** The kernel codes of svm.cc. */
export const KERNEL_CODE: Record<string, number> = { linear: 0, poly: 1, rbf: 2, sigmoid: 3 };

/**
 * The addon's svmKernelEntries when the native backend is selected and has it, else null (an
 * older build, or the js backend: the TypeScript loop in kernel.ts runs instead).
 */
export function nativeSvmEntries(): SvmAddon['svmKernelEntries'] | null {
  const a = activeAddon() as Partial<SvmAddon> | null;
  return a && typeof a.svmKernelEntries === 'function' ? a.svmKernelEntries.bind(a) : null;
}
