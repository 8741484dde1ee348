import { DTypeError } from './errors.js';
import { takeRecycled } from './storage-pool.js';

export type DType = 'float32' | 'float64' | 'int32' | 'bool';
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;
export type FloatDType = 'float32' | 'float64';

/** The typed array that stores each dtype (bool is one byte per element, 0 or 1), zero-filled. */
export function allocStorage(dtype: DType, size: number): TypedArray {
  if (size >= POOLED_MIN_ELEMENTS) {
    const reused = takeRecycled(dtype, size); // a gradient buffer the autograd engine gave back
    if (reused) return reused.fill(0);
  }
  switch (dtype) {
    case 'float32': return new Float32Array(size);
    case 'float64': return new Float64Array(size);
    case 'int32': return new Int32Array(size);
    case 'bool': return new Uint8Array(size);
  }
}

const BYTES: Record<DType, number> = { float32: 4, float64: 8, int32: 4, bool: 1 };
/** Smaller arrays never come from the storage pool (recycleStorage keeps only whole buffers, and allocUninit only makes those from 4 KiB). */
const POOLED_MIN_ELEMENTS = 512;
/** Node's Buffer, when present: its allocUnsafeSlow hands out memory that is not zero-filled. */
const nodeBuffer = (globalThis as { Buffer?: { allocUnsafeSlow(size: number): { buffer: ArrayBuffer } } }).Buffer;
/** Below this size zero-filling costs little and small arrays are cheaper on the JS heap. */
const UNINIT_MIN_BYTES = 4096;

/**
 * Storage with unspecified contents (not zero-filled), for an op's output that its kernel
 * writes in full before anything reads it. Never for a buffer that is accumulated into or
 * written only in part: use allocStorage there. Skips calloc's clearing of large outputs
 * (Node's Buffer.allocUnsafeSlow); small sizes, and runtimes without Buffer, get allocStorage.
 */
export function allocUninit(dtype: DType, size: number): TypedArray {
  const bytes = size * BYTES[dtype];
  if (!nodeBuffer || !Number.isSafeInteger(size) || bytes < UNINIT_MIN_BYTES) return allocStorage(dtype, size);
  const reused = takeRecycled(dtype, size); // a gradient buffer the autograd engine gave back
  if (reused) return reused;
  const buf = nodeBuffer.allocUnsafeSlow(bytes).buffer;
  switch (dtype) {
    case 'float32': return new Float32Array(buf, 0, size);
    case 'float64': return new Float64Array(buf, 0, size);
    case 'int32': return new Int32Array(buf, 0, size);
    case 'bool': return new Uint8Array(buf, 0, size);
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
