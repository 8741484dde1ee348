import { ValueError } from '../tensor/errors.js';

/**
 * A numerical failure of a linear-algebra routine (NumPy's `LinAlgError`): a singular matrix in
 * `solve`/`inv`, a matrix that is not positive-definite in `cholesky`, an iteration that did not
 * converge. It is a {@link ValueError}, so `instanceof ValueError` also catches it.
 */
export class LinAlgError extends ValueError {}
