import type { Tensor } from '../../tensor/tensor.js';
import { conv2dGeom, type ConvOptions } from './conv.js';
import { convMaxPoolForward } from './conv-core.js';
import { maxPool2dWindow, type MaxPoolOptions } from './pool.js';
import { asDType, type Pair } from './params.js';

/**
 * maxPool2d(conv2d(x, weight, bias, convOpts), kernelSize, poolOpts) as one op, with relu applied
 * to the pooled values when `relu` (which equals pooling relu(conv)). x is [N, C, H, W]. The same
 * values, indices and gradients as the separate ops, with the convolution's output never held as
 * a tensor (see convMaxPoolForward); nn.Sequential runs Conv2d → [ReLU →] MaxPool2d through it.
 */
export function conv2dMaxPool2d(x: Tensor, weight: Tensor, bias: Tensor | null, convOpts: ConvOptions,
  kernelSize: Pair, poolOpts: MaxPoolOptions, relu: boolean): Tensor {
  const { geom, dt } = conv2dGeom(x, weight, bias, convOpts);
  // [N, O, outH, outW] -> [N, O, pooled H, pooled W]
  const win = maxPool2dWindow([x.shape[0], weight.shape[0], geom.outH, geom.outW], kernelSize, { ...poolOpts, returnIndices: false });
  return convMaxPoolForward(asDType(x, dt) as Tensor, asDType(weight, dt) as Tensor, asDType(bias, dt), geom, win, relu);
}
