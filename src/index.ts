/**
 * nabla: tensors with automatic differentiation on a pure-TypeScript or native SIMD backend.
 *
 * ```ts
 * import * as nb from 'nabla';
 * nb.manualSeed(0);
 * const w = nb.randn([3, 2], { requiresGrad: true });
 * const loss = nb.randn([4, 3]).matmul(w).relu().sum();
 * loss.backward(); // w.grad: Tensor [3, 2]
 * ```
 */
import './ops/methods.js';

export { Tensor, type NestedArray } from './tensor/tensor.js';
export type { DType, TypedArray, FloatDType } from './tensor/dtype.js';
export { NablaError, ShapeError, DTypeError, IndexError, ValueError, NotFittedError } from './tensor/errors.js';
export * from './tensor/creation.js';
export { manualSeed, getSeed, getRngState, setRngState } from './tensor/random.js';
export { getBackend, setBackend, nativeAvailable, type BackendName } from './backend/index.js';
export { castTo, contiguous, clone } from './ops/cast.js';
export * from './ops/binary.js';
export * from './ops/unary.js';
export * from './ops/reduce.js';
export * from './ops/movement.js';
export * from './ops/matmul.js';
export * from './ops/statistics.js';
export * from './ops/logsumexp.js';
export * from './ops/scan.js';
export * from './ops/norm.js';
export * from './ops/sort.js';
export * from './ops/einsum.js';
export * from './ops/extrema.js';
export * from './ops/inplace.js';
export * from './ops/nn/softmax.js';
export * from './ops/nn/conv.js';
export * from './ops/nn/conv-transpose.js';
export * from './ops/index-join.js';
export * from './ops/nn/pool.js';
export * from './ops/nn/adaptive-pool.js';
export * from './ops/nn/unfold.js';
export * from './ops/nn/interpolate.js';
export * from './ops/nn/dropout.js';
export * from './ops/nn/embedding.js';
export * from './ops/nn/norm.js';
export * from './ops/nn/attention.js';
export { noGrad, enableGrad, isGradEnabled } from './autograd/grad-mode.js';
export * as autograd from './autograd/index.js';
export * as nn from './nn/index.js';
export * as optim from './optim/index.js';
export * as data from './data/index.js';
export * as io from './io/index.js';
export * as train from './train/index.js';
export * as metrics from './metrics/index.js';
export * as linalg from './linalg/index.js';
export * as learn from './learn/index.js';
export * as preprocessing from './learn/preprocessing/index.js';
export * as modelSelection from './learn/modelSelection/index.js';
