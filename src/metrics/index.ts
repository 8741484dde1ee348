// nabla/metrics: scikit-learn's metrics, camelCased. One export line per family file.
export * from './classification.js';
export * from './ranking.js';
export * from './regression.js';
export { METRICS, type MetricTags, type MetricFn } from './tags.js';
export type { Label, LabelInput, NumericInput } from './util.js';
