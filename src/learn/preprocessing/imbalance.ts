import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { nextDouble, nextInt, withSeed } from '../../tensor/random.js';
import { BaseEstimator, checkSameLength, encodeLabels, toVector, type ArrayInput } from '../base.js';
import { matTensor, readMatrix, vecTensor, type Mat } from './util.js';

/**
 * imbalanced-learn's sampling_strategy: 'auto', 'minority', 'majority', 'not minority',
 * 'not majority', 'all', a ratio minority/majority (binary only), or target counts per class.
 */
export type SamplingStrategy = 'auto' | 'minority' | 'majority' | 'not minority' | 'not majority' | 'all' | number | Record<string, number>;

/** The resampled data. */
export interface Resampled { X: Tensor; y: Tensor }

interface SamplerOptions { samplingStrategy: SamplingStrategy; randomState: number | undefined }

/**
 * Samples to add (over) or to keep (under) per class, as imbalanced-learn's
 * `check_sampling_strategy`. Keys are class labels, in ascending order.
 */
export function samplingTargets(strategy: SamplingStrategy, y: Float64Array, kind: 'over' | 'under', owner: string): Map<number, number> {
  const { classes, indices } = encodeLabels(y);
  const counts = new Float64Array(classes.length);
  for (const i of indices) counts[i]++;
  let maj = 0, min = 0;
  counts.forEach((c, i) => { if (c > counts[maj]) maj = i; if (c < counts[min]) min = i; });
  const out = new Map<number, number>();
  const pick = (keep: (i: number) => boolean, target: (i: number) => number) => classes.forEach((c, i) => { if (keep(i)) out.set(c, target(i)); });
  if (typeof strategy === 'string') {
    const s = strategy === 'auto' ? (kind === 'over' ? 'not majority' : 'not minority') : strategy;
    const sel: Record<string, (i: number) => boolean> = {
      minority: (i) => i === min, majority: (i) => i === maj, 'not minority': (i) => i !== min, 'not majority': (i) => i !== maj, all: () => true,
    };
    if (!sel[s]) throw new ValueError(`${owner}: unknown samplingStrategy '${strategy}'`);
    if (kind === 'over' && s === 'majority') throw new ValueError(`${owner}: 'majority' cannot be used with an over-sampler`);
    if (kind === 'under' && s === 'minority') throw new ValueError(`${owner}: 'minority' cannot be used with an under-sampler`);
    pick(sel[s], (i) => (kind === 'over' ? counts[maj] - counts[i] : counts[min]));
  } else if (typeof strategy === 'number') {
    if (classes.length !== 2) throw new ValueError(`${owner}: a float samplingStrategy is only for binary targets; got ${classes.length} classes, use a record of counts`);
    if (!(strategy > 0 && strategy <= 1)) throw new ValueError(`${owner}: samplingStrategy ratio must be in (0, 1], got ${strategy}`);
    if (kind === 'over') {
      pick((i) => i !== maj, (i) => Math.trunc(counts[maj] * strategy - counts[i]));
      for (const [c, n] of out) if (n < 0) throw new ValueError(`${owner}: samplingStrategy ${strategy} would remove samples of class ${c}; raise the ratio`);
    } else {
      pick((i) => i !== min, () => Math.trunc(counts[min] / strategy));
      for (const [c, n] of out) if (n > counts[classes.indexOf(c)]) throw new ValueError(`${owner}: samplingStrategy ${strategy} would generate samples of class ${c}; lower the ratio`);
    }
  } else {
    for (const [key, target] of Object.entries(strategy)) {
      const i = classes.indexOf(Number(key));
      if (i < 0) throw new ValueError(`${owner}: samplingStrategy names class ${key}, which is not in y`);
      if (kind === 'over' && target < counts[i]) throw new ValueError(`${owner}: with over-sampling, the target count of class ${key} (${target}) must be at least its ${counts[i]} samples`);
      if (kind === 'under' && target > counts[i]) throw new ValueError(`${owner}: with under-sampling, the target count of class ${key} (${target}) must be at most its ${counts[i]} samples`);
      out.set(Number(key), kind === 'over' ? target - counts[i] : target);
    }
    return new Map([...out].sort((a, b) => a[0] - b[0]));
  }
  return out;
}

function readXy(X: ArrayInput, y: ArrayInput): { m: Mat; yv: Float64Array } {
  const m = readMatrix(X);
  const yv = toVector(y).dataSync() as Float64Array;
  checkSameLength(m.rows, yv.length);
  return { m, yv };
}

function gather(m: Mat, yv: Float64Array, rows: readonly number[]): Resampled {
  const out = new Float64Array(rows.length * m.cols);
  rows.forEach((r, k) => out.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), k * m.cols));
  return { X: matTensor(out, rows.length, m.cols), y: vecTensor(rows.map((r) => yv[r])) };
}

function rowsOf(yv: Float64Array, c: number): number[] {
  const r: number[] = [];
  yv.forEach((v, i) => { if (v === c) r.push(i); });
  return r;
}

/** The shared shell of the samplers: options, sampling targets, `fitResample`. */
abstract class BaseSampler<P extends SamplerOptions> extends BaseEstimator<P> {
  /** Per class: samples added (over-samplers) or kept (under-samplers), as imbalanced-learn's sampling_strategy_. */
  samplingStrategy: Map<number, number> | null = null;
  protected abstract readonly kind: 'over' | 'under';

  fitResample(X: ArrayInput, y: ArrayInput): Resampled {
    const { m, yv } = readXy(X, y);
    this.samplingStrategy = samplingTargets(this.params.samplingStrategy, yv, this.kind, this.constructor.name);
    return withSeed(this.params.randomState, () => this.resample(m, yv, this.samplingStrategy as Map<number, number>));
  }

  protected abstract resample(m: Mat, yv: Float64Array, targets: Map<number, number>): Resampled;
}

/**
 * Duplicates random samples of the smaller classes (with replacement), imbalanced-learn's
 * RandomOverSampler: the output is the original rows, then the drawn rows class by class.
 *
 * ```ts
 * const { X, y } = new preprocessing.RandomOverSampler({ randomState: 0 }).fitResample(X0, y0);
 * ```
 */
export class RandomOverSampler extends BaseSampler<SamplerOptions> {
  protected readonly kind = 'over';
  constructor(options: Partial<SamplerOptions> = {}) {
    super({ samplingStrategy: 'auto', randomState: undefined, ...options });
  }
  protected resample(m: Mat, yv: Float64Array, targets: Map<number, number>): Resampled {
    const rows = Array.from({ length: m.rows }, (_, i) => i);
    for (const [c, n] of targets) {
      const pool = rowsOf(yv, c);
      for (let k = 0; k < n; k++) rows.push(pool[nextInt(pool.length)]);
    }
    return gather(m, yv, rows);
  }
}

/**
 * Keeps a random subset (without replacement) of the larger classes, imbalanced-learn's
 * RandomUnderSampler: the output is grouped by class in ascending label order.
 */
export class RandomUnderSampler extends BaseSampler<SamplerOptions> {
  protected readonly kind = 'under';
  constructor(options: Partial<SamplerOptions> = {}) {
    super({ samplingStrategy: 'auto', randomState: undefined, ...options });
  }
  protected resample(m: Mat, yv: Float64Array, targets: Map<number, number>): Resampled {
    const rows: number[] = [];
    for (const c of encodeLabels(yv).classes) {
      const pool = rowsOf(yv, c);
      const n = targets.get(c);
      if (n === undefined) { rows.push(...pool); continue; }
      // Partial Fisher-Yates: n distinct draws.
      for (let k = 0; k < n; k++) {
        const j = k + nextInt(pool.length - k);
        [pool[k], pool[j]] = [pool[j], pool[k]];
        rows.push(pool[k]);
      }
    }
    return gather(m, yv, rows);
  }
}

export interface SmoteOptions extends SamplerOptions {
  /** Nearest same-class neighbours to interpolate towards (default 5). */
  kNeighbors: number;
}

/**
 * Synthetic minority over-sampling, imbalanced-learn's SMOTE: each new sample is
 * x + u·(neighbour − x), with x a random sample of the class, neighbour one of its kNeighbors
 * nearest same-class samples (Euclidean) and u uniform in [0, 1). Output: the original rows,
 * then the synthetic rows class by class.
 */
export class SMOTE extends BaseSampler<SmoteOptions> {
  protected readonly kind = 'over';
  constructor(options: Partial<SmoteOptions> = {}) {
    super({ samplingStrategy: 'auto', randomState: undefined, kNeighbors: 5, ...options });
  }
  protected resample(m: Mat, yv: Float64Array, targets: Map<number, number>): Resampled {
    const k = this.params.kNeighbors;
    if (!(Number.isInteger(k) && k > 0)) throw new ValueError(`SMOTE: kNeighbors must be a positive integer, got ${k}`);
    const d = m.cols;
    const extra: number[] = [];
    const extraY: number[] = [];
    for (const [c, n] of targets) {
      if (n === 0) continue;
      const pool = rowsOf(yv, c);
      if (pool.length <= k) throw new ValueError(`SMOTE: class ${c} has ${pool.length} samples; kNeighbors = ${k} needs at least ${k + 1}`);
      const nns = pool.map((i) => nearest(m, pool, i, k));
      for (let s = 0; s < n; s++) {
        const flat = nextInt(pool.length * k);
        const row = Math.floor(flat / k);
        const x = pool[row], nb = nns[row][flat % k];
        const u = nextDouble();
        for (let j = 0; j < d; j++) extra.push(m.data[x * d + j] + u * (m.data[nb * d + j] - m.data[x * d + j]));
        extraY.push(c);
      }
    }
    const out = new Float64Array(m.data.length + extra.length);
    out.set(m.data);
    out.set(extra, m.data.length);
    return { X: matTensor(out, m.rows + extraY.length, d), y: vecTensor([...yv, ...extraY]) };
  }
}

/** The k rows of `pool` nearest to row i (excluding i), by Euclidean distance, ties by index. */
function nearest(m: Mat, pool: readonly number[], i: number, k: number): number[] {
  const d = m.cols;
  const dist = pool.filter((r) => r !== i).map((r) => {
    let s = 0;
    for (let j = 0; j < d; j++) s += (m.data[r * d + j] - m.data[i * d + j]) ** 2;
    return { r, s };
  });
  dist.sort((a, b) => a.s - b.s || a.r - b.r);
  return dist.slice(0, k).map((e) => e.r);
}
