// The loss functions of nn.functional, one family per file.
export type { Reduction, ReductionOptions } from './loss-util.js';
export * from './loss-regression.js';
export * from './loss-bce.js';
export * from './loss-classification.js';
export * from './loss-margin.js';
export * from './loss-divergence.js';
export * from './loss-contrastive.js';
