import type { DType, TypedArray } from './dtype.js';

// Storage handed back by the autograd engine: a gradient buffer that only the engine held, once
// the op it fed has run (see engine.ts). allocUninit gives such buffers out again, for the same
// dtype and length, before asking the allocator. A training step then reuses the previous
// step's gradient buffers for its activations and gradients instead of allocating as many new
// megabytes, and new large ArrayBuffers are what drive V8's external-memory garbage collections
// (10-15% of a small model's step). Bounded by POOL_MAX_BYTES; NABLA_STORAGE_POOL=0 turns it off.

/** At most this many bytes wait in the pool; a buffer beyond it is left to the garbage collector. */
const POOL_MAX_BYTES = 64 * 1024 * 1024;
/** At most this many buffers of one dtype and length. */
const POOL_MAX_PER_SIZE = 8;

const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
const enabled = env?.NABLA_STORAGE_POOL !== '0';

const pools: Record<DType, Map<number, TypedArray[]>> = { float32: new Map(), float64: new Map(), int32: new Map(), bool: new Map() };
let pooledBytes = 0;

/**
 * Gives `a`, the storage of a `dtype` tensor, back for reuse. The caller guarantees nothing
 * references it any more (no tensor, view or closure). Only whole buffers (the array spans its
 * ArrayBuffer) are kept.
 */
export function recycleStorage(dtype: DType, a: TypedArray): void {
  if (!enabled || a.byteOffset !== 0 || a.byteLength !== a.buffer.byteLength || pooledBytes + a.byteLength > POOL_MAX_BYTES) return;
  const pool = pools[dtype];
  const list = pool.get(a.length);
  if (!list) pool.set(a.length, [a]);
  else if (list.length < POOL_MAX_PER_SIZE) list.push(a);
  else return;
  pooledBytes += a.byteLength;
}

/** A recycled buffer of this dtype and length (contents unspecified), or null. */
export function takeRecycled(dtype: DType, size: number): TypedArray | null {
  const list = pools[dtype].get(size);
  if (!list || list.length === 0) return null;
  const a = list.pop() as TypedArray;
  pooledBytes -= a.byteLength;
  return a;
}

/** Whether the pool is on (NABLA_STORAGE_POOL is not '0'). */
export function storagePoolEnabled(): boolean {
  return enabled;
}

/** Empties the pool (tests; or to hand the memory back to the garbage collector). */
export function clearStoragePool(): void {
  for (const p of Object.values(pools)) p.clear();
  pooledBytes = 0;
}
