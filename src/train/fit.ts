import type { Module } from '../nn/module.js';
import type { DataSource } from './data-source.js';
import type { History } from './history.js';
import { Trainer, type TrainerOptions } from './trainer.js';

/**
 * Trains `model` on `trainData` (tensors [x, y], a Dataset or a DataLoader) and returns the
 * History: `new Trainer(model, options).fit(trainData)`.
 *
 * ```ts
 * import { nn, optim, train } from 'nabla';
 * const history = train.fit(model, [x, y], {
 *   epochs: 20, batchSize: 64, validationSplit: 0.1, seed: 0,
 *   optimizer: (p) => new optim.Adam(p, { lr: 1e-3 }),
 *   metrics: { accuracy: train.accuracy }, verbose: true,
 * });
 * history.valMetrics.accuracy; // one value per epoch
 * ```
 */
export function fit(model: Module, trainData: DataSource, options: TrainerOptions = {}): History {
  return new Trainer(model, options).fit(trainData);
}
