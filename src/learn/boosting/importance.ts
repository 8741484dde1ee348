import { ValueError } from '../../tensor/errors.js';
import type { BoostedTree } from './tree.js';

/** XGBoost's importance types: split count, mean / total gain, mean / total cover (Hessian sum). */
export type ImportanceType = 'weight' | 'gain' | 'cover' | 'total_gain' | 'total_cover';

/** Per-feature importance over all trees (features never split on get 0). */
export function importances(trees: BoostedTree[][], nFeatures: number, type: ImportanceType): Float64Array {
  if (!['weight', 'gain', 'cover', 'total_gain', 'total_cover'].includes(type)) {
    throw new ValueError(`importanceType: expected 'weight', 'gain', 'cover', 'total_gain' or 'total_cover', got ${String(type)}`);
  }
  const count = new Float64Array(nFeatures), gain = new Float64Array(nFeatures), cover = new Float64Array(nFeatures);
  for (const round of trees) {
    for (const t of round) {
      for (let i = 0; i < t.nodeCount; i++) {
        if (t.left[i] < 0) continue;
        const f = t.feature[i];
        count[f]++; gain[f] += t.gain[i]; cover[f] += t.cover[i];
      }
    }
  }
  if (type === 'weight') return count;
  if (type === 'total_gain') return gain;
  if (type === 'total_cover') return cover;
  const src = type === 'gain' ? gain : cover;
  return src.map((v, f) => (count[f] > 0 ? v / count[f] : 0));
}

/** XGBoost's `get_score`: `{ f0: value, ... }` for the features used in some split. */
export function scoreRecord(trees: BoostedTree[][], nFeatures: number, type: ImportanceType): Record<string, number> {
  const imp = importances(trees, nFeatures, type);
  const used = importances(trees, nFeatures, 'weight');
  const out: Record<string, number> = {};
  for (let f = 0; f < nFeatures; f++) if (used[f] > 0) out[`f${f}`] = imp[f];
  return out;
}

/** Importances normalised to sum 1 (scikit-learn's `feature_importances_`; all zeros without splits). */
export function normalisedImportances(trees: BoostedTree[][], nFeatures: number, type: ImportanceType): Float64Array {
  const imp = importances(trees, nFeatures, type);
  let s = 0;
  for (const v of imp) s += v;
  return s > 0 ? imp.map((v) => v / s) : imp;
}
