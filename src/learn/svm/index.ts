export { SVC, type SVCOptions, type SVCJSON } from './svc.js';
export { SVR, type SVROptions, type SVRJSON } from './svr.js';
export { type KernelSpec, kernelBlock } from './kernel.js';
export { type KernelSVMOptions } from './base.js';
export { LinearSVC, type LinearSVCOptions, type LinearSVCJSON } from './linear-svc.js';
