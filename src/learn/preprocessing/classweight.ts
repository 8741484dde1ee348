import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { classIndex, encodeLabels, toVector, type ArrayInput, type ClassLabels } from '../base.js';
import { vecTensor } from './util.js';

/** 'balanced', per-class weights keyed by label (missing classes weigh 1), or null (all 1). */
export type ClassWeight = 'balanced' | Record<string, number> | null;

/**
 * Class weights, scikit-learn's `compute_class_weight`: with 'balanced', nSamples / (nClasses ·
 * count(class)), so every class contributes the same total weight.
 *
 * ```ts
 * preprocessing.computeClassWeight('balanced', [0, 1], [0, 0, 0, 1]); // [0.667, 2]
 * ```
 */
export function computeClassWeight(classWeight: ClassWeight, classes: ArrayInput, y: ArrayInput): Tensor {
  const cls = toVector(classes, 'classes').dataSync() as Float64Array;
  const yv = toVector(y).dataSync() as Float64Array;
  if (new Set(yv).size > 0 && [...new Set(yv)].some((v) => !cls.includes(v))) throw new ValueError('computeClassWeight: classes should include all valid labels that can be in y');
  if (classWeight === null || classWeight === undefined) return vecTensor(new Float64Array(cls.length).fill(1));
  if (classWeight === 'balanced') {
    const { classes: present, indices } = encodeLabels(yv);
    if (cls.some((c) => !present.includes(c))) throw new ValueError('computeClassWeight: classes should have valid labels that are in y');
    const counts = new Float64Array(present.length);
    for (const i of indices) counts[i]++;
    return vecTensor(Array.from(cls, (c) => yv.length / (present.length * counts[present.indexOf(c)])));
  }
  if (typeof classWeight !== 'object') throw new ValueError(`computeClassWeight: classWeight must be 'balanced', a record of weights or null, got ${String(classWeight)}`);
  const known = new Set(Array.from(cls, String));
  for (const k of Object.keys(classWeight)) if (!known.has(k)) throw new ValueError(`computeClassWeight: the class weight of label ${k} is given, but it is not in classes`);
  return vecTensor(Array.from(cls, (c) => classWeight[String(c)] ?? 1));
}

/**
 * Per-class weights for a classifier's fit: `classes` its sorted labels (numbers or strings),
 * `indices` each sample's class index; a record's keys name labels (numbers as strings).
 */
export function classWeightsFor(classWeight: ClassWeight, classes: ClassLabels, indices: Int32Array): Float64Array {
  let cw = classWeight;
  if (cw !== null && typeof cw === 'object') {
    cw = Object.fromEntries(Object.entries(cw).map(([label, w]) => {
      const c = classIndex(classes, label);
      if (c < 0) throw new ValueError(`computeClassWeight: the class weight of label ${label} is given, but it is not in classes`);
      return [String(c), w];
    }));
  }
  const codes = Float64Array.from({ length: classes.length }, (_, c) => c);
  return computeClassWeight(cw, codes, Float64Array.from(indices)).dataSync() as Float64Array;
}

/**
 * Per-sample weights from class weights, scikit-learn's `compute_sample_weight` (one output).
 *
 * ```ts
 * preprocessing.computeSampleWeight('balanced', [0, 0, 0, 1]); // [0.667, 0.667, 0.667, 2]
 * ```
 */
export function computeSampleWeight(classWeight: ClassWeight, y: ArrayInput): Tensor {
  const yv = toVector(y).dataSync() as Float64Array;
  const { classes, indices } = encodeLabels(yv);
  const w = computeClassWeight(classWeight, classes, yv).dataSync();
  return vecTensor(Array.from(indices, (i) => w[i]));
}
