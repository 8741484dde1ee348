import { Tensor } from '../tensor/tensor.js';
import { ValueError } from '../tensor/errors.js';
import { tensor } from '../tensor/creation.js';
import { stack } from '../ops/join.js';

/** The batch type defaultCollate makes from items of type T. */
export type Collated<T> =
  T extends Tensor ? Tensor :
  T extends number | boolean ? Tensor :
  T extends string ? string[] :
  T extends readonly unknown[] ? { -readonly [K in keyof T]: Collated<T[K]> } :
  T extends Record<string, unknown> ? { [K in keyof T]: Collated<T[K]> } :
  T[];

/**
 * Merges a list of items into a batch (PyTorch's `default_collate`): tensors are stacked along
 * a new first dim; numbers become a tensor (int32 when every number is an integer, float32
 * otherwise — JavaScript has no int/float distinction, so pass a collateFn or tensors if a
 * float feature may be integral); booleans a bool tensor; strings stay a list; arrays (tuples)
 * and records are collated field by field, recursively.
 */
export function defaultCollate<T>(items: readonly T[]): Collated<T> {
  return collate(items as readonly unknown[], 'batch') as Collated<T>;
}

function collate(items: readonly unknown[], path: string): unknown {
  if (items.length === 0) throw new ValueError('defaultCollate: cannot collate an empty batch');
  const first = items[0];
  if (first instanceof Tensor) {
    items.forEach((t, i) => {
      if (!(t instanceof Tensor)) throw new ValueError(`defaultCollate: ${path}: item 0 is a Tensor but item ${i} is ${typeof t}`);
    });
    return stack(items as Tensor[], 0);
  }
  const kind = typeof first;
  if (kind === 'number' || kind === 'boolean') {
    items.forEach((v, i) => {
      if (typeof v !== kind) throw new ValueError(`defaultCollate: ${path}: item 0 is a ${kind} but item ${i} is ${typeof v}`);
    });
    if (kind === 'boolean') return tensor(items as boolean[]);
    const ints = (items as number[]).every((v) => Number.isInteger(v) && v >= -2147483648 && v <= 2147483647);
    return tensor(items as number[], { dtype: ints ? 'int32' : 'float32' });
  }
  if (kind === 'string') return [...items];
  if (Array.isArray(first)) {
    const n = first.length;
    items.forEach((it, i) => {
      if (!Array.isArray(it) || it.length !== n) {
        throw new ValueError(`defaultCollate: ${path}: each element in the list of batch should be of equal size (item 0 has ${n} fields, item ${i} ${Array.isArray(it) ? it.length : typeof it})`);
      }
    });
    return first.map((_, j) => collate(items.map((it) => (it as unknown[])[j]), `${path}[${j}]`));
  }
  if (first !== null && kind === 'object' && Object.getPrototypeOf(first) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(first as object)) {
      out[key] = collate(items.map((it, i) => {
        if (it === null || typeof it !== 'object' || !(key in it)) throw new ValueError(`defaultCollate: ${path}: item ${i} has no field '${key}'`);
        return (it as Record<string, unknown>)[key];
      }), `${path}.${key}`);
    }
    return out;
  }
  return [...items];
}
