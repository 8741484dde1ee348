import { DTypeError } from './errors.js';

export type DType = 'float32' | 'float64' | 'int32' | 'bool';
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;
export type FloatDType = 'float32' | 'float64';

/** The typed array that stores each dtype (bool is one byte per element, 0 or 1). */
export function allocStorage(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case 'float32': return new Float32Array(size);
    case 'float64': return new Float64Array(size);
    case 'int32': return new Int32Array(size);
    case 'bool': return new Uint8Array(size);
  }
}

export function dtypeOfArray(a: TypedArray): DType {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Int32Array) return 'int32';
  return 'bool';
}

export function isFloat(dtype: DType): dtype is FloatDType {
  return dtype === 'float32' || dtype === 'float64';
}

const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/** Type promotion as PyTorch does it for these four dtypes: bool < int32 < float32 < float64. */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/** The dtype an op computing in floating point returns for this input (int and bool give float32). */
export function toFloatDType(dtype: DType): FloatDType {
  return dtype === 'float64' ? 'float64' : 'float32';
}

export function assertFloat(op: string, dtype: DType): void {
  if (!isFloat(dtype)) throw new DTypeError(`${op}: expected a floating-point tensor (float32 or float64), got ${dtype}`);
}

export const DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'bool'];
