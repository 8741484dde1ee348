import { getBackend } from '../../backend/index.js';
import { loadNative } from '../../backend/native/load.js';

/** The SVM kernel of the native addon (src/backend/native/cpp/svm.cc); optional. */
interface SvmAddon {
  /** out[j] ← ±(float) K(x_i, x_rows[j]) for j in [start, end); args = [n, p, i, start, end, kind, gamma, coef0, degree, signI]. */
  svmKernelEntries(x: Float64Array, sq: Float64Array, rows: Int32Array, signs: Int8Array, out: Float32Array, args: Float64Array): void;
}

/** The kernel codes of svm.cc. */
export const KERNEL_CODE: Record<string, number> = { linear: 0, poly: 1, rbf: 2, sigmoid: 3 };

/**
 * The addon's svmKernelEntries when the native backend is selected and has it, else null (an
 * older build, or the js backend: the TypeScript loop in kernel.ts runs instead).
 */
export function nativeSvmEntries(): SvmAddon['svmKernelEntries'] | null {
  if (getBackend() !== 'native') return null;
  const r = loadNative();
  if (!('addon' in r)) return null;
  const a = r.addon as unknown as Partial<SvmAddon>;
  return typeof a.svmKernelEntries === 'function' ? a.svmKernelEntries.bind(a) : null;
}
