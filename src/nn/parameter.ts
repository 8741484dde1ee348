import { Tensor } from '../tensor/tensor.js';
import { DTypeError } from '../tensor/errors.js';
import { isFloat } from '../tensor/dtype.js';
import { contiguous } from '../ops/cast.js';
import { noGrad } from '../autograd/grad-mode.js';

/**
 * A tensor that is a module's learnable weight: a leaf that requires grad (PyTorch's
 * `nn.Parameter`). It shares storage with the tensor it wraps (copied first if strided), so
 * optimizers update it in place.
 */
export class Parameter extends Tensor {
  constructor(data: Tensor, requiresGrad = true) {
    const c = noGrad(() => contiguous(data));
    super(c.storage, c.shape, c.dtype, c.strides, c.offset);
    if (requiresGrad && !isFloat(c.dtype)) throw new DTypeError(`Parameter: only floating-point tensors can require grad, got ${c.dtype}`);
    this.requiresGrad = requiresGrad;
  }

  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }
}
