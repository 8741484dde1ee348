import type { Tensor } from '../../tensor/tensor.js';
import { mul } from '../../ops/binary.js';
import { softplus, tanh } from '../../ops/unary.js';

/** Mish (Misra 2019; PyTorch's `F.mish`): x · tanh(softplus(x)). */
export function mish(x: Tensor): Tensor {
  return mul(x, tanh(softplus(x)));
}
