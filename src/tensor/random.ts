// One seeded generator drives every random op (xoshiro128** seeded through splitmix32), so
// `manualSeed(s)` reproduces a run bit for bit on every backend: random numbers are always
// drawn here, in TypeScript, never in a kernel.

let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
let initialSeed = 0;

function splitmix32(state: number): () => number {
  let a = state >>> 0;
  return () => {
    a = (a + 0x9e3779b9) >>> 0;
    let z = a;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Seeds the global generator (PyTorch's `torch.manual_seed`). Accepts any integer. */
export function manualSeed(seed: number): void {
  if (!Number.isFinite(seed)) throw new RangeError(`manualSeed: seed must be a finite number, got ${seed}`);
  initialSeed = Math.trunc(seed);
  // Fold the high bits in so seeds above 2^32 still differ.
  const hi = Math.floor(initialSeed / 2 ** 32) >>> 0;
  const sm = splitmix32((initialSeed >>> 0) ^ Math.imul(hi, 0x27d4eb2f));
  s0 = sm(); s1 = sm(); s2 = sm(); s3 = sm();
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
}

/** The seed last given to manualSeed. */
export function getSeed(): number {
  return initialSeed;
}

/** The generator's state, to save and restore (e.g. in a checkpoint). */
export function getRngState(): number[] {
  return [s0, s1, s2, s3];
}
export function setRngState(state: readonly number[]): void {
  if (state.length !== 4) throw new RangeError(`setRngState: expected 4 words, got ${state.length}`);
  [s0, s1, s2, s3] = state.map((v) => v >>> 0);
}

/** Next 32 random bits. */
export function nextUint32(): number {
  const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
  const t = (s1 << 9) >>> 0;
  s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3;
  s2 = (s2 ^ t) >>> 0;
  s3 = rotl(s3, 11);
  s0 >>>= 0; s1 >>>= 0; s2 >>>= 0;
  return result;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** Uniform in [0, 1) with 53 random bits. */
export function nextDouble(): number {
  const hi = nextUint32() >>> 5; // 27 bits
  const lo = nextUint32() >>> 6; // 26 bits
  return (hi * 67108864 + lo) / 9007199254740992;
}

/** Uniform in [0, 1) with 24 random bits (exactly representable in float32, never rounds to 1). */
export function nextFloat(): number {
  return (nextUint32() >>> 8) / 16777216;
}

/** Uniform integer in [0, n), without modulo bias. */
export function nextInt(n: number): number {
  if (n <= 0x100000000) {
    const limit = Math.floor(0x100000000 / n) * n;
    for (;;) {
      const r = nextUint32();
      if (r < limit) return r % n;
    }
  }
  return Math.floor(nextDouble() * n);
}

/** Fills with standard normals by the Box-Muller transform (pairs, from 53-bit uniforms). */
export function fillNormal(out: Float32Array | Float64Array, mean = 0, std = 1): void {
  for (let i = 0; i < out.length; i += 2) {
    const u1 = 1 - nextDouble(); // (0, 1]
    const u2 = nextDouble();
    const r = Math.sqrt(-2 * Math.log(u1));
    out[i] = mean + std * r * Math.cos(2 * Math.PI * u2);
    if (i + 1 < out.length) out[i + 1] = mean + std * r * Math.sin(2 * Math.PI * u2);
  }
}

/** Fills with uniforms in [low, high). */
export function fillUniform(out: Float32Array | Float64Array, low = 0, high = 1): void {
  const f32 = out instanceof Float32Array;
  for (let i = 0; i < out.length; i++) {
    const u = f32 ? nextFloat() : nextDouble();
    out[i] = low + (high - low) * u;
    // Rounding to float32 can land exactly on high; keep the interval half-open.
    if (out[i] >= high && high > low) out[i] = low;
  }
}

/**
 * Runs fn with the generator seeded to `seed`, then restores the global stream exactly, so a
 * seeded helper (an estimator's randomState, a seeded split) never perturbs the rest of a run.
 * With `seed` undefined, fn draws from the global stream as is.
 */
export function withSeed<R>(seed: number | undefined, fn: () => R): R {
  if (seed === undefined) return fn();
  const state = getRngState();
  const initial = initialSeed;
  manualSeed(seed);
  try {
    return fn();
  } finally {
    initialSeed = initial;
    setRngState(state);
  }
}

manualSeed(67280421310721); // PyTorch's default initial seed: runs are reproducible by default
