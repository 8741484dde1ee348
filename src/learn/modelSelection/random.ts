import { nextInt, withSeed } from '../../tensor/random.js';

/**
 * A random permutation of 0..n-1 (Fisher-Yates over nabla's generator). With `randomState` the
 * draw comes from a private stream seeded by it, leaving the global generator untouched.
 */
export function permutation(n: number, randomState?: number): Int32Array {
  return withSeed(randomState, () => shuffleInPlace(Int32Array.from({ length: n }, (_, i) => i)));
}

/** Shuffles in place by Fisher-Yates, drawing from the current generator; returns the array. */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(a: T): T {
  for (let i = a.length - 1; i > 0; i--) {
    const j = nextInt(i + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}

/**
 * A stream of seeds for splitters that draw once per split (ShuffleSplit): a fixed randomState
 * gives the same splits on every call, as scikit-learn; none draws from the global generator.
 */
export function seedFor(randomState: number | undefined): number {
  return randomState ?? withSeed(undefined, () => nextInt(0x7fffffff));
}
