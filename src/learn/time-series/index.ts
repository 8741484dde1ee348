export { ExponentialSmoothing, type ExponentialSmoothingOptions, type ExponentialSmoothingJSON, type HoltWintersParams } from './holtWinters.js';
export { nelderMead, type NelderMeadOptions } from './nelderMead.js';
