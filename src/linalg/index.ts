import '../ops/index.js'; // installs the Tensor methods for this entry point
/**
 * nabla/linalg: decompositions and solvers on float64 and float32 matrices (NumPy's
 * `numpy.linalg` names, camelCased). Everything computes in float64 (float32 input is rounded
 * once at the end) and is batched over leading dims unless noted. No gradients flow through
 * linalg yet: inputs that require grad are read as values, outputs do not require grad.
 */
export { LinAlgError } from './errors.js';
export type { MatrixInput } from './matrix.js';
export { solve, inv, det, slogdet } from './lu.js';
export { cholesky } from './cholesky.js';
export { qr, type QRMode } from './qr.js';
export { svd, svdvals, type SVDOptions } from './svd.js';
export { eigh, eigvalsh, type UPLO } from './eigh.js';
export { lstsq, type LstsqDriver, type LstsqOptions, type LstsqResult } from './lstsq.js';
export { pinv, matrixRank, type PinvOptions } from './pinv.js';
export { matrixNorm, type MatrixNormOrd } from './matrix-norm.js';
