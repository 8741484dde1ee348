import { ValueError } from '../../tensor/errors.js';
import { checkFitted, toFloat64Array, toMatrix, toVector, type ArrayInput } from '../base.js';
import { ShapeError } from '../../tensor/errors.js';
import type { BoosterModel, TrainSet } from './booster.js';
import { BoostedTree, type BoostedTreeJSON } from './tree.js';

/** A saved booster model inside an estimator's JSON. */
export interface BoosterModelJSON {
  baseMargin: number[];
  trees: BoostedTreeJSON[][];
  bestIteration: number;
  evalHistory: (number | string)[];
}

export function modelToJSON(m: BoosterModel): BoosterModelJSON {
  return {
    baseMargin: [...m.baseMargin], trees: m.trees.map((r) => r.map((t) => t.toJSON())), bestIteration: m.bestIteration,
    evalHistory: m.evalHistory.map((v) => (Number.isFinite(v) ? v : String(v))),
  };
}

export function modelFromJSON(j: BoosterModelJSON): BoosterModel {
  return { baseMargin: [...j.baseMargin], trees: j.trees.map((r) => r.map((t) => BoostedTree.fromJSON(t))), bestIteration: j.bestIteration, evalHistory: j.evalHistory.map(Number) };
}

/** Options of `fit` beyond X and y. */
export interface BoostingFitOptions {
  /** Per-sample weights (≥ 0), multiplied into gradients and Hessians. */
  sampleWeight?: ArrayInput | null;
  /** Validation data [X, y] for evalHistory and early stopping. */
  evalSet?: [ArrayInput, ArrayInput] | null;
}

/** X as float64 row-major with NaN allowed (missing values), checked against the fitted width. */
export function features(X: ArrayInput, who: string, nFeatures: number | null): { x: Float64Array; n: number; p: number } {
  const t = toMatrix(X, 'X', { allowNaN: true });
  const [n, p] = t.shape;
  if (nFeatures !== null && p !== nFeatures) throw new ShapeError(`${who}: X has ${p} features, but the model was fitted with ${nFeatures}`);
  return { x: t.dataSync() as Float64Array, n, p };
}

export function weights(sw: ArrayInput | null | undefined, n: number): Float64Array | null {
  if (sw === null || sw === undefined) return null;
  const w = toFloat64Array(toVector(sw, 'sampleWeight'));
  if (w.length !== n) throw new ShapeError(`X and sampleWeight have inconsistent numbers of samples: ${n} and ${w.length}`);
  for (const v of w) if (!(v >= 0)) throw new ValueError(`sampleWeight: expected non-negative weights, got ${v}`);
  return Float64Array.from(w);
}

/** The evaluation set as a TrainSet with targets mapped by encode. */
export function evalTrainSet(evalSet: [ArrayInput, ArrayInput] | null | undefined, p: number, encode: (y: Float64Array) => Float64Array): TrainSet | null {
  if (!evalSet) return null;
  const { x, n } = features(evalSet[0], 'evalSet', p);
  const y = encode(toFloat64Array(toVector(evalSet[1], 'evalSet y')));
  if (y.length !== n) throw new ShapeError(`evalSet X and y have inconsistent numbers of samples: ${n} and ${y.length}`);
  return { x, n, p, y, w: null };
}

export { checkFitted };
