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

export { Tensor, type NestedArray } from './tensor/tensor.js';
export type { DType, TypedArray, FloatDType } from './tensor/dtype.js';
export { NablaError, ShapeError, DTypeError, IndexError, ValueError, NotFittedError } from './tensor/errors.js';
export * from './tensor/creation.js';
export { manualSeed, getSeed, getRngState, setRngState } from './tensor/random.js';
export { getBackend, setBackend, nativeAvailable, type BackendName } from './backend/index.js';
export * from './ops/index.js';
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
