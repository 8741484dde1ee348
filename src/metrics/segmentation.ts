/**
 * Pixel-level overlap of segmentation masks: IoU (Jaccard) |P ∩ T| / |P ∪ T| and Dice
 * 2|P ∩ T| / (|P| + |T|), for binary masks (any non-zero pixel is foreground) or, with
 * `numClasses`, per class of integer label maps. Masks are Tensors of any shape (e.g. [H, W] or a
 * batch [N, H, W]) or nested arrays up to 2-D; all pixels are pooled. A class absent from both masks has an undefined score:
 * NaN by default (so `meanIou` skips it), or `zeroDivision` if given.
 */
import { Tensor } from '../tensor/tensor.js';
import { tensor } from '../tensor/creation.js';
import { ShapeError, ValueError, fmtShape } from '../tensor/errors.js';
import { readNumeric, type NumericInput } from './util.js';

/** Options of the mask metrics. */
export interface MaskOptions {
  /** Treat the masks as label maps with classes 0..numClasses-1 and score each class. */
  numClasses?: number;
  /** The score when a class is absent from both masks (default NaN). */
  zeroDivision?: number;
  /** A label value to exclude from scoring, e.g. 255 for "void" pixels (label maps only). */
  ignoreIndex?: number;
}

function read(x: NumericInput | Tensor, name: string): { data: Float64Array; shape: number[] } {
  if (x instanceof Tensor) return { data: Float64Array.from(x.detach().contiguous().dataSync() as ArrayLike<number>), shape: [...x.shape] };
  return readNumeric(x, name, { maxDim: 2 });
}

/** Intersection and the two areas per class ([k] each). */
function counts(pred: NumericInput | Tensor, target: NumericInput | Tensor, fn: string, o: MaskOptions): { inter: Float64Array; p: Float64Array; t: Float64Array } {
  const a = read(pred, `${fn}: pred`), b = read(target, `${fn}: target`);
  if (a.data.length !== b.data.length || a.shape.join() !== b.shape.join()) throw new ShapeError(`${fn}: pred and target have different shapes: ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  const k = o.numClasses ?? 1;
  if (!Number.isInteger(k) || k < 1) throw new ValueError(`${fn}: numClasses must be a positive integer, got ${o.numClasses}`);
  const inter = new Float64Array(k), p = new Float64Array(k), t = new Float64Array(k);
  for (let i = 0; i < a.data.length; i++) {
    const x = a.data[i], y = b.data[i];
    if (Number.isNaN(x) || Number.isNaN(y)) throw new ValueError(`${fn}: NaN at pixel ${i}`);
    if (o.numClasses === undefined) {
      const px = x !== 0, ty = y !== 0;
      if (px) p[0]++;
      if (ty) t[0]++;
      if (px && ty) inter[0]++;
      continue;
    }
    if (o.ignoreIndex !== undefined && y === o.ignoreIndex) continue;
    for (const [v, name] of [[x, 'pred'], [y, 'target']] as const) {
      if (!Number.isInteger(v) || v < 0 || v >= k) throw new ValueError(`${fn}: ${name} has label ${v} at pixel ${i}, outside [0, ${k})`);
    }
    p[x]++; t[y]++;
    if (x === y) inter[x]++;
  }
  return { inter, p, t };
}

function finish(v: Float64Array, o: MaskOptions): number | Tensor {
  return o.numClasses === undefined ? v[0] : tensor(v, { dtype: 'float64' });
}

/**
 * IoU of two masks: a number for binary masks, or a float64 tensor [numClasses] for label maps.
 * @example maskIou([[1, 1], [0, 0]], [[1, 0], [0, 0]]) // 0.5
 */
export function maskIou(pred: NumericInput | Tensor, target: NumericInput | Tensor, options: MaskOptions = {}): number | Tensor {
  const { inter, p, t } = counts(pred, target, 'maskIou', options);
  const zd = options.zeroDivision ?? NaN;
  return finish(inter.map((v, c) => { const u = p[c] + t[c] - v; return u === 0 ? zd : v / u; }), options);
}

/** Dice coefficient (F1 of pixels): a number for binary masks, or a tensor [numClasses] for label maps. */
export function diceScore(pred: NumericInput | Tensor, target: NumericInput | Tensor, options: MaskOptions = {}): number | Tensor {
  const { inter, p, t } = counts(pred, target, 'diceScore', options);
  const zd = options.zeroDivision ?? NaN;
  return finish(inter.map((v, c) => (p[c] + t[c] === 0 ? zd : (2 * v) / (p[c] + t[c]))), options);
}

/** Mean IoU over the classes of label maps, skipping classes absent from both (NaN). */
export function meanIou(pred: NumericInput | Tensor, target: NumericInput | Tensor, numClasses: number, options: Omit<MaskOptions, 'numClasses' | 'zeroDivision'> = {}): number {
  const v = (maskIou(pred, target, { ...options, numClasses }) as Tensor).dataSync() as Float64Array;
  let s = 0, c = 0;
  for (const x of v) if (!Number.isNaN(x)) { s += x; c++; }
  return c ? s / c : NaN;
}
