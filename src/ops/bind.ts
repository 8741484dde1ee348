import { Tensor } from '../tensor/tensor.js';

type Fn = (x: Tensor, ...args: never[]) => unknown;

/**
 * Installs functions as Tensor methods with `this` as the first argument. Each op file binds
 * its own functions and declares the matching method signatures in a `declare module` block.
 */
export function bindMethods(table: Record<string, Fn>): void {
  for (const [name, fn] of Object.entries(table)) {
    Object.defineProperty(Tensor.prototype, name, {
      value: function (this: Tensor, ...args: never[]) { return fn(this, ...args); },
      writable: true,
      configurable: true,
    });
  }
}
