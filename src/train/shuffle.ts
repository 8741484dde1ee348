import { ValueError } from '../tensor/errors.js';
import { randperm } from '../tensor/creation.js';
import { getRngState, setRngState } from '../tensor/random.js';
import { withSeed } from '../tensor/random.js';
import { Sampler } from '../data/sampler.js';

/** The generator state `seed` gives, computed without disturbing the global stream. */
export function seedState(seed: number): number[] {
  return withSeed(seed, getRngState);
}

/**
 * Runs `fn` on a private random stream: `state` is swapped into nabla's generator, `fn` runs,
 * the stream's new state is written back into `state`, and the global generator is put back.
 */
export function onStream<R>(state: number[], fn: () => R): R {
  const saved = getRngState();
  setRngState(state);
  try {
    return fn();
  } finally {
    state.splice(0, 4, ...getRngState());
    setRngState(saved);
  }
}

/**
 * A new permutation of 0..n-1 each pass, drawn from a private stream seeded by `seed` (so the
 * order depends neither on nor disturbs the global generator: dropout and initialisation draw
 * the same numbers with and without shuffling), or from the global generator when `seed` is
 * undefined. `state`/`setState` save and restore the stream for a resumable checkpoint.
 */
export class ShuffleSampler extends Sampler {
  private readonly n: number;
  private stream: number[] | null;

  constructor(n: number, seed?: number) {
    super();
    if (!Number.isInteger(n) || n < 0) throw new ValueError(`ShuffleSampler: n must be a non-negative integer, got ${n}`);
    this.n = n;
    this.stream = seed === undefined ? null : seedState(seed);
  }

  get length(): number { return this.n; }

  *[Symbol.iterator](): Iterator<number> {
    if (this.n === 0) return;
    const draw = () => randperm(this.n).storage;
    yield* this.stream ? onStream(this.stream, draw) : draw();
  }

  /** The private stream's state (null when drawing from the global generator). */
  state(): number[] | null {
    return this.stream ? [...this.stream] : null;
  }

  setState(state: readonly number[] | null): void {
    if (state === null || this.stream === null) {
      if (state !== this.stream) throw new ValueError('ShuffleSampler.setState: the saved run and this one disagree on whether shuffling is seeded (give the same seed option)');
      return;
    }
    if (state.length !== 4) throw new ValueError(`ShuffleSampler.setState: expected 4 words, got ${state.length}`);
    this.stream = [...state];
  }
}
