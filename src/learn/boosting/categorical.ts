import { ValueError } from '../../tensor/errors.js';
import type { BinMapper } from './binning.js';

/**
 * Native categorical features of histogram boosting (LightGBM `categorical_feature`, XGBoost
 * `enable_categorical`): a categorical feature's values are non-negative integer category codes,
 * binned one bin per category (code c → bin c), split by sets of categories (split.ts) and stored
 * in the tree as a per-category direction table (tree.ts).
 */

/** The user's categoricalFeatures option: feature indices, or a boolean mask over the features. */
export type CategoricalFeatures = number[] | boolean[] | null;

/** The option as a per-feature mask (null when no feature is categorical), checked against the width p. */
export function categoricalMask(option: CategoricalFeatures | undefined, p: number): Uint8Array | null {
  if (option === null || option === undefined) return null;
  if (!Array.isArray(option)) throw new ValueError(`categoricalFeatures: expected an array of feature indices or a boolean mask, got ${String(option)}`);
  const mask = new Uint8Array(p);
  if (option.length > 0 && typeof option[0] === 'boolean') {
    if (option.length !== p || option.some((v) => typeof v !== 'boolean')) throw new ValueError(`categoricalFeatures: a boolean mask needs one boolean per feature (${p}), got ${option.length} entries`);
    option.forEach((v, f) => { mask[f] = v ? 1 : 0; });
  } else {
    for (const f of option) {
      if (typeof f !== 'number' || !Number.isInteger(f) || f < 0 || f >= p) throw new ValueError(`categoricalFeatures: expected feature indices in [0, ${p - 1}], got ${String(f)}`);
      mask[f] = 1;
    }
  }
  return mask.some((v) => v === 1) ? mask : null;
}

/**
 * Makes the mapper bin each categorical feature by its codes: cuts at c + ½, so code c falls in bin
 * c and the feature has K = (largest code + 1) bins. Codes must be NaN (missing) or integers in
 * [0, maxBins − 2] (the last code is the missing bin).
 */
export function binCategories(mapper: BinMapper, mask: Uint8Array, x: Float64Array, n: number, p: number): void {
  const maxCode = mapper.missingBin - 1;
  const top = new Int32Array(p).fill(-1);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < p; f++) {
      if (!mask[f]) continue;
      const v = x[i * p + f];
      if (v !== v) continue;
      if (!Number.isInteger(v) || v < 0 || v > maxCode) {
        throw new ValueError(`categoricalFeatures: feature ${f} must hold integer category codes in [0, ${maxCode}] (maxBins − 2) or NaN, got ${v} in row ${i}`);
      }
      if (v > top[f]) top[f] = v;
    }
  }
  for (let f = 0; f < p; f++) {
    if (mask[f]) mapper.cuts[f] = Float64Array.from({ length: Math.max(0, top[f]) }, (_, c) => c + 0.5);
  }
}

/**
 * Stable partition of rows[start:end) by a categorical split: rows whose category code c has
 * cats[c] = 1 (or, for the missing code, whose default is left) first. Returns the first right row's position.
 */
export function partitionByCategory(
  rows: Int32Array, scratch: Int32Array, start: number, end: number, bins: Uint8Array, n: number, feature: number, cats: Uint8Array, missingBin: number, defaultLeft: boolean,
): number {
  const col = feature * n, dl = defaultLeft ? 1 : 0;
  let l = start, r = 0;
  for (let k = start; k < end; k++) {
    const row = rows[k];
    const code = bins[col + row];
    const isLeft = code === missingBin ? dl : code < cats.length ? cats[code] : dl;
    rows[l] = row;
    scratch[r] = row;
    l += isLeft;
    r += isLeft ^ 1;
  }
  rows.set(scratch.subarray(0, r), l);
  return l;
}

