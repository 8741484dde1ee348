import '../ops/index.js'; // installs the Tensor methods for this entry point
/**
 * The fit loop, its callbacks and resumable checkpoints (`train`).
 *
 * ```ts
 * import { train } from 'nabla';
 * const history = train.fit(model, [x, y], { epochs: 10, metrics: { accuracy: train.accuracy } });
 * ```
 */
export { fit } from './fit.js';
export { Trainer, type TrainerOptions } from './trainer.js';
export { History } from './history.js';
export { accuracy, binaryAccuracy, BUILTIN_METRICS, type Metric } from './metrics.js';
export { BatchLoss, type LossFunction, type LossModule, type ClassWeight } from './loss.js';
export { prepareData, type Batch, type BatchSource, type DataSource } from './data-source.js';
export { ShuffleSampler } from './shuffle.js';
export { saveCheckpoint, loadCheckpoint, CHECKPOINT_FORMAT, type SaveCheckpointOptions, type LoadCheckpointOptions } from './checkpoint.js';
export { type Callback, type CallbackContext, type Logs, type Scheduler, type AnyOptimizer } from './callback.js';
export * from './callbacks/index.js';
