import type { Tensor } from '../tensor/tensor.js';

// Gradients that a backward rule has just allocated and holds no other reference to. When
// the engine receives one for a tensor that gets gradients from several paths, it may add the
// other contributions into it in place instead of allocating each sum (see engine.ts). A mark
// is consumed by the engine on delivery.
const fresh = new WeakSet<Tensor>();

/**
 * Marks `t`, returned by a backward rule, as a fresh buffer: contiguous, not a view of
 * anything, not saved or returned anywhere else (not the incoming gradient, not another output
 * of the same rule). Returns `t`. The engine uses the mark only in a first-order backward (with
 * createGraph the gradients are graph tensors and are never summed in place or reused).
 */
export function markFreshGradient<T extends Tensor | null>(t: T): T {
  if (t) fresh.add(t);
  return t;
}

/** True (once) when `t` was marked by `markFreshGradient`. */
export function takeFreshGradient(t: Tensor): boolean {
  return fresh.delete(t);
}
