/** Typed errors. Each names the op, the shapes or dtypes involved, and what was expected. */
export class NablaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
/** Shapes that do not fit the op: `matmul: [32, 784] @ [512, 256]: inner dimensions 784 and 512 differ`. */
export class ShapeError extends NablaError {}
/** A dtype the op does not accept. */
export class DTypeError extends NablaError {}
/** An index or dimension out of range. */
export class IndexError extends NablaError {}
/** A value out of its domain (a negative size, an unknown mode, ...). */
export class ValueError extends NablaError {}
/** An estimator used before `fit`. */
export class NotFittedError extends NablaError {}

/** Formats a shape the way error messages print it: `[2, 3]`. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
