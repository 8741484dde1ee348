import { ValueError } from '../../tensor/errors.js';
import { nextDouble, nextInt, withSeed } from '../../tensor/random.js';
import type { Params } from '../base.js';

/** A parameter grid: each name's candidate values; or a list of such grids (explored one after another). */
export type ParamGrid = Readonly<Record<string, readonly unknown[]>> | readonly Readonly<Record<string, readonly unknown[]>>[];

/** The random source handed to a distribution's `rvs`: nabla's generator (seeded by the search). */
export interface RandomSource {
  /** Uniform in [0, 1). */
  random(): number;
  /** Uniform integer in [0, n). */
  randint(n: number): number;
}

/** A distribution to sample a parameter from (scipy.stats-like: `rvs`). */
export interface Distribution {
  rvs(rng: RandomSource): unknown;
}

/** Randomized-search space: per name, a list to draw from uniformly or a distribution; or a list of such spaces. */
export type ParamDistributions = Readonly<Record<string, readonly unknown[] | Distribution>> | readonly Readonly<Record<string, readonly unknown[] | Distribution>>[];

const nablaRandom: RandomSource = { random: nextDouble, randint: nextInt };

/** Uniform on [loc, loc + scale] (scipy.stats.uniform's parametrisation). */
export function uniform(loc = 0, scale = 1): Distribution {
  if (!(scale >= 0)) throw new ValueError(`uniform: scale must be non-negative, got ${scale}`);
  return { rvs: (rng) => loc + scale * rng.random() };
}

/** Log-uniform on [a, b] (scipy.stats.loguniform): log(x) uniform; good for learning rates and penalties. */
export function logUniform(a: number, b: number): Distribution {
  if (!(a > 0 && b > a)) throw new ValueError(`logUniform: need 0 < a < b, got a=${a}, b=${b}`);
  return { rvs: (rng) => Math.exp(Math.log(a) + (Math.log(b) - Math.log(a)) * rng.random()) };
}

/** Integers uniform in [low, high) (scipy.stats.randint). */
export function randint(low: number, high: number): Distribution {
  if (!(Number.isInteger(low) && Number.isInteger(high) && high > low)) throw new ValueError(`randint: need integers low < high, got low=${low}, high=${high}`);
  return { rvs: (rng) => low + rng.randint(high - low) };
}

function asList<T>(g: Readonly<Record<string, T>> | readonly Readonly<Record<string, T>>[], owner: string): Readonly<Record<string, T>>[] {
  const list = Array.isArray(g) ? (g as Readonly<Record<string, T>>[]) : [g as Readonly<Record<string, T>>];
  for (const d of list) if (typeof d !== 'object' || d === null) throw new ValueError(`${owner}: expected a record of parameter values (or a list of records), got ${typeof d}`);
  return list;
}

/**
 * All combinations of a grid (scikit-learn's `ParameterGrid`): names sorted, the last name
 * varying fastest, grids of a list one after another; so candidates come in scikit-learn's order.
 */
export function parameterGrid(grid: ParamGrid): Params[] {
  const out: Params[] = [];
  for (const g of asList(grid, 'parameterGrid')) {
    const keys = Object.keys(g).sort();
    for (const k of keys) {
      if (!Array.isArray(g[k])) throw new ValueError(`parameterGrid: the values of '${k}' must be an array, got ${typeof g[k]}`);
      if (g[k].length === 0) throw new ValueError(`parameterGrid: the values of '${k}' must be a non-empty array`);
    }
    const idx = new Array<number>(keys.length).fill(0);
    for (;;) {
      const p: Params = {};
      keys.forEach((k, i) => (p[k] = g[k][idx[i]]));
      out.push(p);
      let i = keys.length - 1;
      while (i >= 0 && ++idx[i] === g[keys[i]].length) idx[i--] = 0;
      if (i < 0) break;
    }
  }
  return out;
}

/**
 * nIter candidates drawn from a search space (scikit-learn's `ParameterSampler`): when every
 * value is a list, distinct grid points without replacement (at most the grid's size);
 * otherwise, for each candidate a space is chosen at random and each name (sorted) is drawn
 * from its distribution or list. Seeded by randomState without touching the global generator.
 */
export function parameterSampler(space: ParamDistributions, nIter: number, randomState?: number): Params[] {
  if (!Number.isInteger(nIter) || nIter < 1) throw new ValueError(`parameterSampler: nIter must be a positive integer, got ${nIter}`);
  const spaces = asList(space, 'parameterSampler');
  const allLists = spaces.every((s) => Object.values(s).every((v) => Array.isArray(v)));
  return withSeed(randomState, () => {
    if (allLists) {
      const grid = parameterGrid(spaces as ParamGrid);
      const n = Math.min(nIter, grid.length);
      // Partial Fisher-Yates: n distinct grid indices.
      const idx = Array.from(grid.keys());
      for (let i = 0; i < n; i++) {
        const j = i + nextInt(idx.length - i);
        [idx[i], idx[j]] = [idx[j], idx[i]];
      }
      return idx.slice(0, n).map((i) => grid[i]);
    }
    return Array.from({ length: nIter }, () => {
      const s = spaces[spaces.length === 1 ? 0 : nextInt(spaces.length)];
      const p: Params = {};
      for (const k of Object.keys(s).sort()) {
        const v = s[k];
        if (Array.isArray(v)) p[k] = v[nextInt(v.length)];
        else if (v && typeof (v as Distribution).rvs === 'function') p[k] = (v as Distribution).rvs(nablaRandom);
        else throw new ValueError(`parameterSampler: '${k}' must be an array or a distribution with rvs(rng)`);
      }
      return p;
    });
  });
}
