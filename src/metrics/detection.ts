/**
 * Bounding-box geometry for object detection, as torchvision.ops: pairwise IoU and generalised
 * IoU matrices [N, M] (broadcast tensor ops), and greedy non-maximum suppression. Boxes are rows
 * [x1, y1, x2, y2] ('xyxy', default), [x, y, w, h] ('xywh', COCO's) or [cx, cy, w, h] ('cxcywh').
 * Average precision / COCO mAP: ./detection-map.ts; pixel masks: ./segmentation.ts.
 */
import { Tensor } from '../tensor/tensor.js';
import { tensor } from '../tensor/creation.js';
import { add, sub, mul, div, maximum, minimum } from '../ops/binary.js';
import { clamp } from '../ops/unary.js';
import { narrow, unsqueeze, select } from '../ops/movement.js';
import { ShapeError, ValueError, fmtShape } from '../tensor/errors.js';
import { checkOption, readNumeric, readVector, type NumericInput, type LabelInput } from './util.js';
import { codes } from './statistics.js';

/** How a box row is laid out. */
export type BoxFormat = 'xyxy' | 'xywh' | 'cxcywh';
const FORMATS = ['xyxy', 'xywh', 'cxcywh'] as const;

/** Boxes as a float64 [N, 4] array in xyxy form (the input converted as needed). */
export function boxesXyxy(boxes: NumericInput, format: BoxFormat = 'xyxy', name = 'boxes'): Float64Array {
  checkOption(format, FORMATS, `${name}: format`);
  const r = readNumeric(boxes, name);
  if (r.data.length === 0) return new Float64Array(0);
  if (r.shape.length !== 2 || r.shape[1] !== 4) throw new ShapeError(`${name}: expected boxes [N, 4], got shape ${fmtShape(r.shape)}`);
  const d = r.data;
  const out = new Float64Array(d.length);
  for (let i = 0; i < d.length; i += 4) {
    const [a, b, c, e] = [d[i], d[i + 1], d[i + 2], d[i + 3]];
    if (format === 'xyxy') { out[i] = a; out[i + 1] = b; out[i + 2] = c; out[i + 3] = e; }
    else if (format === 'xywh') { out[i] = a; out[i + 1] = b; out[i + 2] = a + c; out[i + 3] = b + e; }
    else { out[i] = a - 0.5 * c; out[i + 1] = b - 0.5 * e; out[i + 2] = a + 0.5 * c; out[i + 3] = b + 0.5 * e; }
  }
  return out;
}

function asTensor(d: Float64Array): Tensor {
  return tensor(d, { dtype: 'float64' }).reshape([d.length / 4, 4]);
}

/** Areas (x2 - x1)(y2 - y1) of boxes [N, 4] (any format) → [N]. */
export function boxArea(boxes: NumericInput, options: { format?: BoxFormat } = {}): Tensor {
  const b = asTensor(boxesXyxy(boxes, options.format, 'boxArea: boxes'));
  return area(b);
}

function area(b: Tensor): Tensor {
  // [N, 4] -> [N]
  return mul(sub(select(b, 1, 2), select(b, 1, 0)), sub(select(b, 1, 3), select(b, 1, 1)));
}

/** Intersection and union matrices [N, M] of two xyxy box tensors. */
function interUnion(b1: Tensor, b2: Tensor): { inter: Tensor; union: Tensor } {
  // [N, 1, 2] vs [1, M, 2] -> [N, M, 2]
  const lt = maximum(unsqueeze(narrow(b1, 1, 0, 2), 1), unsqueeze(narrow(b2, 1, 0, 2), 0));
  const rb = minimum(unsqueeze(narrow(b1, 1, 2, 2), 1), unsqueeze(narrow(b2, 1, 2, 2), 0));
  const wh = clamp(sub(rb, lt), 0);
  const inter = mul(select(wh, 2, 0), select(wh, 2, 1)); // [N, M]
  const union = sub(add(unsqueeze(area(b1), 1), unsqueeze(area(b2), 0)), inter);
  return { inter, union };
}

function pair(boxes1: NumericInput, boxes2: NumericInput, format: BoxFormat | undefined, fn: string): [Tensor, Tensor] | null {
  const a = boxesXyxy(boxes1, format, `${fn}: boxes1`), b = boxesXyxy(boxes2, format, `${fn}: boxes2`);
  if (a.length === 0 || b.length === 0) return null;
  return [asTensor(a), asTensor(b)];
}

/**
 * Pairwise intersection over union [N, M] of two sets of boxes (torchvision.ops.box_iou).
 * Degenerate boxes with zero union give NaN, as torchvision.
 * @example boxIou([[0, 0, 2, 2]], [[1, 1, 3, 3]]) // [[1/7]]
 */
export function boxIou(boxes1: NumericInput, boxes2: NumericInput, options: { format?: BoxFormat } = {}): Tensor {
  const p = pair(boxes1, boxes2, options.format, 'boxIou');
  if (p === null) return tensor(new Float64Array(0), { dtype: 'float64' }).reshape([boxCount(boxes1), boxCount(boxes2)]);
  const { inter, union } = interUnion(p[0], p[1]);
  return div(inter, union);
}

function boxCount(b: NumericInput): number {
  const r = readNumeric(b, 'boxes');
  return r.shape.length === 2 ? r.shape[0] : 0;
}

/**
 * Pairwise generalised IoU [N, M] (Rezatofighi et al., 2019; torchvision.ops.generalized_box_iou):
 * IoU - (|C| - |A ∪ B|) / |C| with C the smallest box enclosing both; in [-1, 1].
 */
export function generalizedBoxIou(boxes1: NumericInput, boxes2: NumericInput, options: { format?: BoxFormat } = {}): Tensor {
  const p = pair(boxes1, boxes2, options.format, 'generalizedBoxIou');
  if (p === null) return tensor(new Float64Array(0), { dtype: 'float64' }).reshape([boxCount(boxes1), boxCount(boxes2)]);
  const [b1, b2] = p;
  const { inter, union } = interUnion(b1, b2);
  const iou = div(inter, union);
  // the enclosing box [N, M, 2] corners
  const lt = minimum(unsqueeze(narrow(b1, 1, 0, 2), 1), unsqueeze(narrow(b2, 1, 0, 2), 0));
  const rb = maximum(unsqueeze(narrow(b1, 1, 2, 2), 1), unsqueeze(narrow(b2, 1, 2, 2), 0));
  const wh = clamp(sub(rb, lt), 0);
  const areaC = mul(select(wh, 2, 0), select(wh, 2, 1));
  return sub(iou, div(sub(areaC, union), areaC));
}

/** Indices of `scores` sorted by decreasing score, ties in index order (a stable sort). */
function byScore(scores: Float64Array): number[] {
  return Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a] || a - b);
}

/**
 * Greedy non-maximum suppression (torchvision.ops.nms): visit boxes by decreasing score, keep a
 * box, and drop every later box whose IoU with it is greater than `iouThreshold`. Returns the
 * kept indices (int32), sorted by decreasing score.
 */
export function nms(boxes: NumericInput, scores: NumericInput, iouThreshold: number, options: { format?: BoxFormat } = {}): Tensor {
  const b = boxesXyxy(boxes, options.format, 'nms: boxes');
  const s = readVector(scores, 'nms: scores');
  const n = b.length / 4;
  if (s.length !== n) throw new ShapeError(`nms: boxes and scores have inconsistent numbers of boxes: ${n} and ${s.length}`);
  if (Number.isNaN(iouThreshold)) throw new ValueError('nms: iouThreshold must be a number, got NaN');
  return tensor(Int32Array.from(greedy(b, byScore(s), iouThreshold)));
}

function greedy(b: Float64Array, order: readonly number[], thr: number): number[] {
  const n = b.length / 4;
  const areas = new Float64Array(n);
  for (let i = 0; i < n; i++) areas[i] = (b[4 * i + 2] - b[4 * i]) * (b[4 * i + 3] - b[4 * i + 1]);
  const suppressed = new Uint8Array(n);
  const keep: number[] = [];
  for (let oi = 0; oi < order.length; oi++) {
    const i = order[oi];
    if (suppressed[i]) continue;
    keep.push(i);
    for (let oj = oi + 1; oj < order.length; oj++) {
      const j = order[oj];
      if (suppressed[j]) continue;
      const w = Math.max(0, Math.min(b[4 * i + 2], b[4 * j + 2]) - Math.max(b[4 * i], b[4 * j]));
      const h = Math.max(0, Math.min(b[4 * i + 3], b[4 * j + 3]) - Math.max(b[4 * i + 1], b[4 * j + 1]));
      const inter = w * h;
      if (inter / (areas[i] + areas[j] - inter) > thr) suppressed[j] = 1;
    }
  }
  return keep;
}

/**
 * NMS done independently per category (torchvision.ops.batched_nms): boxes of different
 * `idxs` never suppress each other. Returns kept indices sorted by decreasing score.
 */
export function batchedNms(boxes: NumericInput, scores: NumericInput, idxs: LabelInput, iouThreshold: number, options: { format?: BoxFormat } = {}): Tensor {
  const b = boxesXyxy(boxes, options.format, 'batchedNms: boxes');
  const s = readVector(scores, 'batchedNms: scores');
  const { idx, k } = codes(idxs, 'batchedNms: idxs');
  const n = b.length / 4;
  if (s.length !== n || idx.length !== n) throw new ShapeError(`batchedNms: boxes, scores and idxs have inconsistent lengths: ${n}, ${s.length} and ${idx.length}`);
  const order = byScore(s);
  const keep: number[] = [];
  for (let c = 0; c < k; c++) keep.push(...greedy(b, order.filter((i) => idx[i] === c), iouThreshold));
  keep.sort((x, y) => s[y] - s[x] || x - y);
  return tensor(Int32Array.from(keep));
}
