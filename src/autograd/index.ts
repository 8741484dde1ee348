import '../ops/index.js'; // installs the Tensor methods for this entry point
export { backward, grad, type BackwardOptions, type GradOptions } from './engine.js';
export { noGrad, enableGrad, isGradEnabled } from './grad-mode.js';
export { GradNode, type BackwardFn } from './node.js';
export { record, needsGrad } from './record.js';
export { gradcheck, gradgradcheck, type GradcheckOptions } from './gradcheck.js';
