import { Tensor } from '../tensor/tensor.js';
import { ShapeError, ValueError, fmtShape } from '../tensor/errors.js';
import { where } from './binary.js';
import { scalarTensor } from './util.js';
import { bindMethods } from './bind.js';

// Lower and upper triangles of the last two dims. Both are a where() with a fixed mask, so the
// gradient is the same triangle of the gradient, to any order.

function triangle(op: 'tril' | 'triu', x: Tensor, diagonal: number): Tensor {
  if (x.ndim < 2) throw new ShapeError(`${op}: input must have at least 2 dims, got shape ${fmtShape(x.shape)}`);
  if (!Number.isInteger(diagonal)) throw new ValueError(`${op}: diagonal must be an integer, got ${diagonal}`);
  const rows = x.shape[x.ndim - 2], cols = x.shape[x.ndim - 1];
  const mask = new Tensor(new Uint8Array(rows * cols), [rows, cols], 'bool'); // broadcasts over the batch dims
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const keep = op === 'tril' ? j - i <= diagonal : j - i >= diagonal;
      mask.storage[i * cols + j] = keep ? 1 : 0;
    }
  }
  return where(mask, x, scalarTensor(0, x.dtype));
}

/**
 * The lower triangle of the last two dims: entries (i, j) with j - i <= diagonal kept, the rest
 * zero. diagonal 0 is the main diagonal, positive above it, negative below.
 */
export function tril(x: Tensor, diagonal = 0): Tensor {
  return triangle('tril', x, diagonal);
}

/** The upper triangle of the last two dims: entries (i, j) with j - i >= diagonal kept, the rest zero. */
export function triu(x: Tensor, diagonal = 0): Tensor {
  return triangle('triu', x, diagonal);
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    tril(diagonal?: number): Tensor;
    triu(diagonal?: number): Tensor;
  }
}

bindMethods({ tril, triu });
