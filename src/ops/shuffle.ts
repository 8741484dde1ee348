import { Tensor } from '../tensor/tensor.js';
import { normalizeDim, normalizeDims } from '../tensor/shape.js';
import { DTypeError, ShapeError, ValueError, fmtShape } from '../tensor/errors.js';
import { noGrad } from '../autograd/grad-mode.js';
import { record } from '../autograd/record.js';
import { expand, flatten, narrow, reshape, type ShapeArgs } from './movement.js';
import { cat } from './join.js';
import { indexSelect } from './scatter-gather.js';
import { bindMethods } from './bind.js';

// Reordering and repeating entries: flip, roll, repeat, tile, repeatInterleave. All return copies.

/** Repeats as `f(x, 2, 3)` or `f(x, [2, 3])`. */
function repeatsFrom(args: ShapeArgs): number[] {
  return (args as (number | readonly number[])[]).flat();
}

function int32(values: number[]): Tensor {
  return new Tensor(Int32Array.from(values), [values.length], 'int32');
}

/**
 * Reverses the order of entries along each of `dims` (a copy, as in PyTorch). Backward: flip.
 *
 * ```ts
 * flip(tensor([[1, 2], [3, 4]]), [1]) // [[2, 1], [4, 3]]
 * ```
 */
export function flip(x: Tensor, dims: number | readonly number[]): Tensor {
  const ds = normalizeDims('flip', dims, x.ndim);
  if (x.ndim === 0) return x.clone();
  // Each flipped dim is an indexSelect with reversed positions; the graph records one flip.
  const out = noGrad(() => ds.reduce((t, d) => indexSelect(t, d, int32(Array.from({ length: x.shape[d] }, (_, i) => x.shape[d] - 1 - i))), x));
  if (out === x) return x.clone(); // no dims: still a copy
  return record('flip', [x], out, (g) => [flip(g, ds)]);
}

/**
 * Rotates entries along `dims` by `shifts` (entries pushed past the end come back at the start).
 * Without dims, rolls the flattened tensor and restores the shape. Composed from narrow and cat,
 * so its gradient (the roll back) comes for free, to any order.
 */
export function roll(x: Tensor, shifts: number | readonly number[], dims?: number | readonly number[]): Tensor {
  const sh = typeof shifts === 'number' ? [shifts] : [...shifts];
  if (dims === undefined) {
    if (sh.length !== 1) throw new ValueError(`roll: without dims, shifts must be one number, got ${fmtShape(sh)}`);
    return reshape(roll(flatten(x), sh[0], 0), x.shape);
  }
  const ds = typeof dims === 'number' ? [dims] : [...dims];
  if (ds.length !== sh.length) throw new ValueError(`roll: shifts ${fmtShape(sh)} and dims ${fmtShape(ds)} must have the same length`);
  let out = x;
  ds.forEach((dim, k) => {
    const d = normalizeDim('roll', dim, x.ndim);
    const n = x.shape[d];
    if (n === 0) return;
    const s = ((sh[k] % n) + n) % n;
    if (s === 0) return;
    // the last s entries move to the front
    out = cat([narrow(out, d, n - s, s), narrow(out, d, 0, n - s)], d);
  });
  return out === x ? x.clone() : out;
}

/**
 * Tiles x `repeats[i]` times along each dim (PyTorch's `Tensor.repeat`); more repeats than dims
 * prepends new dims. Backward: the gradient summed over the copies (through expand).
 *
 * ```ts
 * repeat(tensor([1, 2]), 2, 2) // [[1, 2, 1, 2], [1, 2, 1, 2]]
 * ```
 */
export function repeat(x: Tensor, ...repeatArgs: ShapeArgs): Tensor {
  const reps = repeatsFrom(repeatArgs);
  if (reps.length < x.ndim) {
    throw new ValueError(`repeat: ${reps.length} repeats ${fmtShape(reps)} for a tensor of ${x.ndim} dims (shape ${fmtShape(x.shape)}); give at least one per dim`);
  }
  if (reps.some((r) => !Number.isInteger(r) || r < 0)) throw new ValueError(`repeat: repeats ${fmtShape(reps)} must be non-negative integers`);
  const shape = [...new Array<number>(reps.length - x.ndim).fill(1), ...x.shape];
  // [s0, s1, ..] → [1, s0, 1, s1, ..] → expand to [r0, s0, r1, s1, ..] → [r0*s0, r1*s1, ..]
  const spread = reshape(x, shape.flatMap((s) => [1, s]));
  const expanded = expand(spread, shape.flatMap((s, i) => [reps[i], s]));
  const out = reshape(expanded, shape.map((s, i) => s * reps[i]));
  return out.storage === x.storage ? out.clone() : out; // all-ones repeats: still a copy, as in PyTorch
}

/** NumPy's tile: like repeat, but fewer repeats than dims repeat the last dims only. */
export function tile(x: Tensor, ...repeatArgs: ShapeArgs): Tensor {
  const reps = repeatsFrom(repeatArgs);
  return repeat(x, [...new Array<number>(Math.max(x.ndim - reps.length, 0)).fill(1), ...reps]);
}

/**
 * Repeats each entry along `dim` (of the flattened tensor when dim is omitted) `repeats` times,
 * or `repeats[i]` times for entry i (an int32 tensor or number array). Backward: through indexSelect.
 *
 * ```ts
 * repeatInterleave(tensor([1, 2]), 2) // [1, 1, 2, 2]
 * ```
 */
export function repeatInterleave(x: Tensor, repeats: number | Tensor | readonly number[], dim?: number): Tensor {
  const src = dim === undefined ? flatten(x) : x;
  const d = dim === undefined ? 0 : normalizeDim('repeatInterleave', dim, x.ndim);
  if (src.ndim === 0) throw new ShapeError('repeatInterleave: needs a dim to repeat along');
  const n = src.shape[d];
  let counts: number[];
  if (typeof repeats === 'number') counts = new Array<number>(n).fill(repeats);
  else {
    if (repeats instanceof Tensor && repeats.dtype !== 'int32') throw new DTypeError(`repeatInterleave: repeats must be int32, got ${repeats.dtype}`);
    counts = repeats instanceof Tensor ? Array.from(repeats.dataSync()) : [...repeats];
    if (counts.length === 1) counts = new Array<number>(n).fill(counts[0]);
    if (counts.length !== n) throw new ShapeError(`repeatInterleave: ${counts.length} repeats for dimension ${d} of size ${n}`);
  }
  if (counts.some((c) => !Number.isInteger(c) || c < 0)) throw new ValueError(`repeatInterleave: repeats must be non-negative integers, got ${fmtShape(counts)}`);
  const idx: number[] = [];
  counts.forEach((c, i) => { for (let k = 0; k < c; k++) idx.push(i); });
  return indexSelect(src, d, int32(idx));
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    flip(dims: number | readonly number[]): Tensor;
    roll(shifts: number | readonly number[], dims?: number | readonly number[]): Tensor;
    repeat(...repeats: ShapeArgs): Tensor;
    tile(...repeats: ShapeArgs): Tensor;
    repeatInterleave(repeats: number | Tensor | readonly number[], dim?: number): Tensor;
  }
}

bindMethods({ flip, roll, repeat, tile, repeatInterleave });
