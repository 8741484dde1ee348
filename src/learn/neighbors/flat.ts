import type { Tensor } from '../../tensor/tensor.js';
import { tensor } from '../../tensor/creation.js';
import { reshape } from '../../ops/movement.js';

/** A float64 (or int32) tensor of the given shape over flat row-major values. */
export function fromFlat(values: Float64Array | Int32Array, shape: number[]): Tensor {
  return reshape(tensor(values, { dtype: values instanceof Int32Array ? 'int32' : 'float64' }), shape);
}
