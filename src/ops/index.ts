// Every op, and (as a side effect of loading them) the Tensor methods they install. Each
// subpath entry point (nabla/nn, nabla/learn, ...) imports this file, so tensors have their
// methods whichever entry point a program starts from.
import './methods.js';

export { castTo, contiguous, clone } from './cast.js';
export * from './binary.js';
export * from './unary.js';
export * from './reduce.js';
export * from './movement.js';
export * from './matmul.js';
export * from './statistics.js';
export * from './logsumexp.js';
export * from './scan.js';
export * from './norm.js';
export * from './sort.js';
export * from './einsum.js';
export * from './extrema.js';
export * from './inplace.js';
export * from './nn/softmax.js';
export * from './nn/conv.js';
export * from './nn/conv-transpose.js';
export * from './index-join.js';
export * from './nn/pool.js';
export * from './nn/adaptive-pool.js';
export * from './nn/unfold.js';
export * from './nn/interpolate.js';
export * from './nn/dropout.js';
export * from './nn/embedding.js';
export * from './nn/norm.js';
export * from './nn/attention.js';
