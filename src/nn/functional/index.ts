// nn.functional: the engine's neural ops and activations under one namespace (PyTorch's
// torch.nn.functional). The losses engineer appends `export * from './loss.js';`.
export { relu, gelu, silu, leakyRelu, elu, sigmoid, tanh, softplus } from '../../ops/unary.js';
export { softmax, logSoftmax, type SoftmaxOptions } from '../../ops/nn/softmax.js';
export { linear, bilinear } from '../../ops/nn/linear.js';
export * from '../../ops/nn/conv.js';
export * from '../../ops/nn/conv-transpose.js';
export * from '../../ops/nn/pool.js';
export * from '../../ops/nn/adaptive-pool.js';
export * from '../../ops/nn/unfold.js';
export * from '../../ops/nn/interpolate.js';
export * from '../../ops/nn/dropout.js';
export * from '../../ops/nn/embedding.js';
export * from '../../ops/nn/norm.js';
export * from '../../ops/nn/attention.js';
export { mish } from './activation.js';
export * from './loss.js';
