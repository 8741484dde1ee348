import '../ops/index.js'; // installs the Tensor methods for this entry point
/**
 * Optimizers, learning-rate schedulers and gradient clipping (PyTorch's `torch.optim`).
 *
 * ```ts
 * import { optim } from 'nabla';
 * const opt = new optim.AdamW(model.parameters(), { lr: 1e-3 });
 * const sched = new optim.lrScheduler.CosineAnnealingLR(opt, 100);
 * ```
 */
export { Optimizer, type OptimizerOptions, type ParamGroup, type ParamGroupInput, type ParamState, type OptimizerStateDict } from './optimizer.js';
export { SGD, type SGDOptions } from './sgd.js';
export { Adam, AdamW, type AdamOptions } from './adam.js';
export { Adagrad, type AdagradOptions } from './adagrad.js';
export { RMSprop, type RMSpropOptions } from './rmsprop.js';
export { Adamax, type AdamaxOptions } from './adamax.js';
export { Adadelta, type AdadeltaOptions } from './adadelta.js';
export { NAdam, type NAdamOptions } from './nadam.js';
export { clipGradNorm, clipGradValue, l1Penalty } from './clip.js';
export * as lrScheduler from './lr-scheduler/index.js';
