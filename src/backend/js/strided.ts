import type { View } from '../types.js';

/**
 * Merges adjacent dims that every view walks as one (stride[d] == stride[d+1] * shape[d+1]),
 * so the inner loops run as long as possible. Drops size-1 dims.
 */
export function coalesce(shape: readonly number[], strides: readonly (readonly number[])[]): { shape: number[]; strides: number[][] } {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const last = outShape.length - 1;
    if (last >= 0 && strides.every((s, j) => outStrides[j][last] === s[d] * shape[d])) {
      outShape[last] *= shape[d];
      strides.forEach((s, j) => { outStrides[j][last] = s[d]; });
    } else {
      outShape.push(shape[d]);
      strides.forEach((s, j) => outStrides[j].push(s[d]));
    }
  }
  return { shape: outShape, strides: outStrides };
}

/**
 * Visits a row-major walk over `shape` as runs along the innermost dim. For each run, `fn`
 * gets the flat output position of its first element, each view's offset of it, the run
 * length and each view's step along it.
 */
export function forEachRun(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
  offsets: readonly number[],
  fn: (pos: number, offs: readonly number[], n: number, steps: readonly number[]) => void,
): void {
  let total = 1;
  for (const d of shape) total *= d;
  if (total === 0) return;
  const c = coalesce(shape, strides);
  const rank = c.shape.length;
  if (rank === 0) {
    fn(0, offsets, 1, offsets.map(() => 0));
    return;
  }
  const n = c.shape[rank - 1];
  const steps = c.strides.map((s) => s[rank - 1]);
  const rows = total / n;
  const idx = new Array<number>(rank).fill(0);
  const offs = [...offsets];
  const k = offs.length;
  for (let r = 0, pos = 0; r < rows; r++, pos += n) {
    fn(pos, offs, n, steps);
    for (let d = rank - 2; d >= 0; d--) {
      idx[d]++;
      for (let j = 0; j < k; j++) offs[j] += c.strides[j][d];
      if (idx[d] < c.shape[d]) break;
      for (let j = 0; j < k; j++) offs[j] -= c.strides[j][d] * c.shape[d];
      idx[d] = 0;
    }
  }
}

/** Largest and smallest element offsets a view can touch (for bounds checks). */
export function viewExtent(v: View): { min: number; max: number } {
  let min = v.offset;
  let max = v.offset;
  for (let d = 0; d < v.shape.length; d++) {
    if (v.shape[d] === 0) return { min: v.offset, max: v.offset - 1 };
    const span = (v.shape[d] - 1) * v.strides[d];
    if (span > 0) max += span; else min += span;
  }
  return { min, max };
}
