import { Tensor } from '../tensor/tensor.js';
import type { FloatDType } from '../tensor/dtype.js';
import { Parameter } from './parameter.js';

// Small helpers shared by the layer files: fresh parameters and PyTorch-like `extraRepr` text.

/** A new (uninitialised, zero) parameter of the given shape. */
export function emptyParam(shape: readonly number[], dtype: FloatDType = 'float32'): Parameter {
  return new Parameter(Tensor.empty(shape, dtype));
}

type ReprValue = number | boolean | string | null | undefined | readonly (number | null)[];

/** `key=value` pairs for extraRepr: JS booleans, arrays as [a, b], strings quoted, undefined skipped. */
export function reprArgs(args: Record<string, ReprValue>): string {
  const fmt = (v: ReprValue): string => {
    if (v === null) return 'null';
    if (Array.isArray(v)) return `[${v.map((e) => (e === null ? 'null' : String(e))).join(', ')}]`;
    if (typeof v === 'string') return `'${v}'`;
    return String(v);
  };
  return Object.entries(args).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${fmt(v)}`).join(', ');
}
