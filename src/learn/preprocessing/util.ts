import { Tensor } from '../../tensor/tensor.js';
import { ShapeError } from '../../tensor/errors.js';
import { toMatrix, type ArrayInput } from '../base.js';

/** Shared helpers of the preprocessing estimators: float64 matrices as (data, rows, cols). */

/** A row-major float64 matrix read from an input. */
export interface Mat { data: Float64Array; rows: number; cols: number }

/** The input as a float64 matrix (a copy, safe to modify); NaN allowed when asked. */
export function readMatrix(X: ArrayInput, name = 'X', allowNaN = false): Mat {
  const t = toMatrix(X, name, { allowNaN });
  return { data: Float64Array.from(t.dataSync() as Float64Array), rows: t.shape[0], cols: t.shape[1] };
}

/** A [rows, cols] float64 tensor over `data` (not copied). */
export function matTensor(data: Float64Array, rows: number, cols: number): Tensor {
  return new Tensor(data, [rows, cols], 'float64');
}

/** A 1-D float64 tensor (copied). */
export function vecTensor(values: ArrayLike<number>): Tensor {
  return new Tensor(Float64Array.from(values), [values.length], 'float64');
}

/** A fitted 1-D tensor's values (float64). */
export function values(t: Tensor): Float64Array {
  const d = t.dataSync();
  return d instanceof Float64Array ? d : Float64Array.from(d);
}

/** Throws ShapeError unless X has the number of features seen in fit. */
export function checkFeatures(owner: object, expected: number, got: number, name = 'X'): void {
  if (expected !== got) throw new ShapeError(`${owner.constructor.name}: ${name} has ${got} features, but the estimator was fitted with ${expected} features`);
}

/** Column j's non-NaN values, sorted ascending. */
export function sortedColumn(m: Mat, j: number): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < m.rows; i++) {
    const v = m.data[i * m.cols + j];
    if (!Number.isNaN(v)) out.push(v);
  }
  return Float64Array.from(out).sort();
}

/** numpy's default ('linear') percentile of sorted values, q in [0, 100]; NaN when empty. */
export function percentileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (q / 100) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  const frac = pos - lo;
  // numpy's _lerp: a + (b - a) * t, with the symmetric form for t >= 0.5.
  const a = sorted[lo], b = sorted[hi];
  const diff = b - a;
  return frac >= 0.5 ? b - diff * (1 - frac) : a + diff * frac;
}

/** Replaces scales that are (nearly) zero by 1, as scikit-learn's `_handle_zeros_in_scale`. */
export function handleZerosInScale(scale: Float64Array, constantMask?: Uint8Array): Float64Array {
  const eps = 2.220446049250313e-16;
  for (let j = 0; j < scale.length; j++) if (scale[j] < 10 * eps || (constantMask && constantMask[j])) scale[j] = 1;
  return scale;
}
