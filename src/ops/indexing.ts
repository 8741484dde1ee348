import { Tensor, type NestedArray } from '../tensor/tensor.js';
import { broadcastShapes, numel } from '../tensor/shape.js';
import { DTypeError, IndexError, ValueError, fmtShape } from '../tensor/errors.js';
import { tensor } from '../tensor/creation.js';
import { backend } from '../backend/index.js';
import { permute, reshape, select, slice, unsqueeze } from './movement.js';
import { checkedIndices, indexSelect } from './scatter-gather.js';
import { nonzero } from './masked.js';
import { broadcastView } from './util.js';
import { bindMethods } from './bind.js';

/**
 * One index of `index(x, ...)`, PyTorch's `x[...]`:
 * - a number selects one entry and removes the dim (negative counts from the end);
 * - a slice string in NumPy syntax, `'1:3'`, `'::2'`, `'-2:'`, `':'` (a view; steps positive);
 * - `null` keeps the whole dim; `'...'` stands for as many whole dims as needed;
 * - an int32 tensor or a (nested) number array gathers along the dim (advanced indexing);
 * - a bool tensor or boolean array selects where true, covering as many dims as it has.
 */
export type IndexItem = number | string | null | Tensor | readonly NestedArray[];

/** An advanced (integer) index: int32 coordinates into dim `pos` of the basic-indexed view. */
interface Advanced { pos: number; dim: number; idx: Tensor }

function asIndexTensor(item: readonly NestedArray[]): Tensor {
  const t = tensor(item as NestedArray[]);
  if (t.dtype === 'bool') return t;
  const data = t.dataSync();
  for (let i = 0; i < data.length; i++) {
    if (!Number.isInteger(data[i])) throw new IndexError(`index: array indices must be integers or booleans, got ${data[i]}`);
  }
  return tensor(item as NestedArray[], { dtype: 'int32' });
}

/** Parses a NumPy slice 'start:stop:step' (parts may be empty). */
function parseSlice(s: string): { start: number; end: number; step: number } {
  const parts = s.split(':');
  if (parts.length < 2 || parts.length > 3) throw new ValueError(`index: '${s}' is not a slice (expected 'start:stop' or 'start:stop:step') or '...'`);
  const num = (p: string, dflt: number): number => {
    const t = p.trim();
    if (t === '') return dflt;
    const v = Number(t);
    if (!Number.isInteger(v)) throw new ValueError(`index: slice '${s}' has a non-integer bound '${p}'`);
    return v;
  };
  const step = num(parts[2] ?? '', 1);
  if (step <= 0) throw new ValueError(`index: slice '${s}' has step ${step}; steps must be positive (as in PyTorch)`);
  return { start: num(parts[0], 0), end: num(parts[1], Number.POSITIVE_INFINITY), step };
}

/** How many dims of x an index item consumes. */
function consumed(item: IndexItem): number {
  if (item instanceof Tensor) return item.dtype === 'bool' ? item.ndim : 1;
  return 1;
}

/**
 * PyTorch's `x[i0, i1, ...]`. Numbers, slices and null give a view of x; integer and bool
 * tensors give a copy (several integer indices broadcast together; their result dims go where
 * the first one was when they are adjacent, else first, as in PyTorch). Differentiable: views
 * through slice/select, advanced indices through indexSelect (whose backward is indexAdd).
 *
 * ```ts
 * const x = arange(12).reshape(3, 4);
 * index(x, 1, '1:3');             // [5, 6] (a view)
 * index(x, [0, 2], null);         // rows 0 and 2
 * index(x, x.gt(5));              // the elements greater than 5, 1-D
 * ```
 */
export function index(x: Tensor, ...indices: IndexItem[]): Tensor {
  const items: IndexItem[] = indices.map((it) => (Array.isArray(it) ? asIndexTensor(it) : it));
  for (const it of items) {
    if (it instanceof Tensor && it.dtype !== 'int32' && it.dtype !== 'bool') {
      throw new DTypeError(`index: tensors used as indices must be int32 or bool, got ${it.dtype}`);
    }
  }
  // Expand the ellipsis into whole dims.
  const nEllipsis = items.filter((it) => it === '...').length;
  if (nEllipsis > 1) throw new IndexError('index: an index can only have a single ellipsis (\'...\')');
  const used = items.reduce((a: number, it) => a + (it === '...' ? 0 : consumed(it)), 0);
  if (used > x.ndim) throw new IndexError(`index: too many indices for a tensor of shape ${fmtShape(x.shape)}: ${used} dims indexed, the tensor has ${x.ndim}`);
  const e = items.indexOf('...');
  if (e >= 0) items.splice(e, 1, ...new Array<IndexItem>(x.ndim - used).fill(null));

  // Basic indexing first (views); record the advanced indices against the view's dims.
  let cur = x;
  let pos = 0; // the dim of cur the next item indexes
  let dim = 0; // the same dim, counted in x (for messages)
  const adv: Advanced[] = [];
  items.forEach((it, n) => {
    if (typeof it === 'number') {
      const size = cur.shape[pos];
      if (!Number.isInteger(it) || it < -size || it >= size) {
        throw new IndexError(`index: index ${it} is out of range for dimension ${dim} of size ${size} (shape ${fmtShape(x.shape)})`);
      }
      cur = select(cur, pos, it);
      dim++;
    } else if (typeof it === 'string') {
      const { start, end, step } = parseSlice(it);
      cur = slice(cur, pos, start, end, step);
      pos++; dim++;
    } else if (it === null || it === undefined) {
      pos++; dim++;
    } else if (it instanceof Tensor && it.dtype === 'int32') {
      adv.push({ pos, dim, idx: it });
      pos++; dim++;
    } else if (it instanceof Tensor) {
      if (it.ndim === 0) {
        // x[True] adds a dim of size 1, x[False] one of size 0.
        cur = unsqueeze(cur, pos);
        adv.push({ pos, dim, idx: new Tensor(new Int32Array(it.item() ? 1 : 0), [it.item() ? 1 : 0], 'int32') });
        pos++;
        return;
      }
      const covered = cur.shape.slice(pos, pos + it.ndim);
      if (it.shape.some((s, k) => s !== covered[k])) {
        throw new IndexError(`index: the shape of the mask ${fmtShape(it.shape)} at index ${n} does not match the shape ${fmtShape(covered)} of the dims ${dim}..${dim + it.ndim - 1} it covers (tensor shape ${fmtShape(x.shape)})`);
      }
      nonzero(it, { asTuple: true }).forEach((coords, k) => adv.push({ pos: pos + k, dim: dim + k, idx: coords }));
      pos += it.ndim; dim += it.ndim;
    } else {
      throw new ValueError(`index: unsupported index ${String(it)} at position ${n}`);
    }
  });
  if (adv.length === 0) return cur;
  return advancedIndex(cur, adv);
}

/** Gathers `cur` at the broadcast advanced indices (a copy, through indexSelect). */
function advancedIndex(cur: Tensor, adv: readonly Advanced[]): Tensor {
  const idx = adv.map((a) => new Tensor(checkedIndices('index', a.idx, cur.shape[a.pos], a.dim, true), a.idx.shape, 'int32'));
  let bshape: number[] = [];
  for (const t of idx) bshape = broadcastShapes('index', bshape, t.shape);
  const nB = numel(bshape);
  const p0 = adv[0].pos;
  if (adv.length === 1) {
    // One index: select along its dim, then unflatten it to the index's shape.
    const flatIdx = new Tensor(idx[0].storage, [nB], 'int32');
    const r = indexSelect(cur, p0, flatIdx); // [..., nB, ...]
    return reshape(r, [...cur.shape.slice(0, p0), ...bshape, ...cur.shape.slice(p0 + 1)]);
  }
  // Several: move the indexed dims first, merge them into one and select flat positions there.
  const positions = adv.map((a) => a.pos);
  const rest = cur.shape.map((_, d) => d).filter((d) => !positions.includes(d));
  const sizes = positions.map((p) => cur.shape[p]);
  const moved = permute(cur, [...positions, ...rest]);
  const merged = reshape(moved, [numel(sizes), ...rest.map((d) => cur.shape[d])]); // [prod(sizes), ...rest]
  const flat = new Int32Array(nB);
  const tmp = new Int32Array(nB);
  let stride = 1;
  for (let k = idx.length - 1; k >= 0; k--) {
    backend().copy(broadcastView(idx[k], bshape), tmp);
    for (let i = 0; i < nB; i++) flat[i] += tmp[i] * stride;
    stride *= sizes[k];
  }
  const picked = indexSelect(merged, 0, new Tensor(flat, [nB], 'int32')); // [nB, ...rest]
  const out = reshape(picked, [...bshape, ...rest.map((d) => cur.shape[d])]); // [...B, ...rest]
  const adjacent = positions[positions.length - 1] - p0 === positions.length - 1;
  if (!adjacent || p0 === 0) return out;
  // Adjacent indices: their result dims go where the first indexed dim was.
  const nb = bshape.length;
  const order = [
    ...Array.from({ length: p0 }, (_, i) => nb + i),
    ...Array.from({ length: nb }, (_, i) => i),
    ...Array.from({ length: rest.length - p0 }, (_, i) => nb + p0 + i),
  ];
  return permute(out, order);
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    /** PyTorch's `x[...]`; see the `index` function. */
    index(...indices: IndexItem[]): Tensor;
  }
}

bindMethods({ index });
