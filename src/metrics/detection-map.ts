/**
 * Average precision for object detection as COCO's cocoeval (bbox, area range 'all', no crowd
 * regions): per image and category, detections (the `maxDetections` best) are greedily matched by
 * decreasing score to the unmatched ground-truth box of highest IoU ≥ threshold; per category the
 * matches of all images are ranked by score, precision is made monotone and read at 101 recall
 * points (0, 0.01, …, 1), and AP is their mean. mAP averages over categories that have ground
 * truth; COCO's headline mAP also averages over IoU thresholds 0.5, 0.55, …, 0.95.
 */
import { Tensor } from '../tensor/tensor.js';
import { tensor } from '../tensor/creation.js';
import { ShapeError, ValueError } from '../tensor/errors.js';
import { sortLabels, type Label } from './util.js';
import { boxesXyxy, type BoxFormat } from './detection.js';

/** One detection: its image, category, box and confidence. */
export interface Detection { imageId: Label; categoryId: Label; box: readonly number[]; score: number }
/** One ground-truth object. */
export interface GroundTruth { imageId: Label; categoryId: Label; box: readonly number[] }

/** Options of {@link evaluateDetections}. */
export interface DetectionEvalOptions {
  /** IoU thresholds (default COCO's 0.5:0.05:0.95). */
  iouThresholds?: readonly number[];
  /** Box layout of `box` (default 'xyxy'; COCO files use 'xywh'). */
  format?: BoxFormat;
  /** Detections kept per image and category, best first (default 100). */
  maxDetections?: number;
}

/** Per-category results: ap and recall are [nThresholds, nCategories]; NaN for categories without ground truth. */
export interface DetectionEval {
  categories: Label[];
  iouThresholds: number[];
  ap: Tensor;
  recall: Tensor;
  /** Mean AP over thresholds and categories with ground truth (COCO's AP). */
  map: number;
  /** Mean AP at IoU 0.5 and 0.75, when those thresholds are evaluated (else NaN). */
  map50: number;
  map75: number;
}

/** COCO's thresholds: np.linspace(.5, .95, 10). */
export const COCO_IOU_THRESHOLDS: readonly number[] = Array.from({ length: 10 }, (_, i) => 0.5 + i * (0.45 / 9));
const REC_THRS = Array.from({ length: 101 }, (_, i) => i * 0.01);

interface Box { x: number; y: number; w: number; h: number }

/** COCO's bbox IoU on [x, y, w, h] boxes (maskApi bbIou, non-crowd). */
function cocoIou(d: Box, g: Box): number {
  const w = Math.min(d.x + d.w, g.x + g.w) - Math.max(d.x, g.x);
  if (w <= 0) return 0;
  const h = Math.min(d.y + d.h, g.y + g.h) - Math.max(d.y, g.y);
  if (h <= 0) return 0;
  const i = w * h;
  return i / (d.w * d.h + g.w * g.h - i);
}

function toBox(b: readonly number[], format: BoxFormat, name: string): Box {
  if (!Array.isArray(b) || b.length !== 4) throw new ShapeError(`${name}: a box must have 4 numbers, got ${JSON.stringify(b)}`);
  if (format === 'xywh') {
    for (const v of b) if (!Number.isFinite(v)) throw new ValueError(`${name}: box has a non-finite value`);
    return { x: b[0], y: b[1], w: b[2], h: b[3] };
  }
  const [x1, y1, x2, y2] = boxesXyxy([[...b]], format, name);
  return { x: x1, y: y1, w: x2 - x1, h: y2 - y1 };
}

/** Matches of one image and category at every threshold: per detection (sorted) whether it matched. */
function evaluateImage(dts: { box: Box; score: number }[], gts: Box[], thresholds: readonly number[]): boolean[][] {
  const ious = dts.map((d) => gts.map((g) => cocoIou(d.box, g)));
  return thresholds.map((t) => {
    const gtm = new Uint8Array(gts.length);
    return dts.map((_, di) => {
      let iou = Math.min(t, 1 - 1e-10);
      let m = -1;
      for (let gi = 0; gi < gts.length; gi++) {
        if (gtm[gi]) continue;
        if (ious[di][gi] < iou) continue;
        iou = ious[di][gi];
        m = gi;
      }
      if (m === -1) return false;
      gtm[m] = 1;
      return true;
    });
  });
}

/**
 * COCO-style evaluation of detections against ground truth: per-category AP and recall at each
 * IoU threshold, and the means. Categories are those appearing in either list; images those
 * appearing in either list.
 */
export function evaluateDetections(detections: readonly Detection[], groundTruths: readonly GroundTruth[], options: DetectionEvalOptions = {}): DetectionEval {
  const thresholds = [...(options.iouThresholds ?? COCO_IOU_THRESHOLDS)];
  const format = options.format ?? 'xyxy';
  const maxDet = options.maxDetections ?? 100;
  if (thresholds.length === 0 || thresholds.some((t) => !(t >= 0 && t <= 1))) throw new ValueError(`evaluateDetections: iouThresholds must be numbers in [0, 1], got ${JSON.stringify(thresholds)}`);
  if (!Number.isInteger(maxDet) || maxDet < 1) throw new ValueError(`evaluateDetections: maxDetections must be a positive integer, got ${maxDet}`);
  const categories = sortLabels([...groundTruths.map((g) => g.categoryId), ...detections.map((d) => d.categoryId)], 'categoryId');
  const images = sortLabels([...groundTruths.map((g) => g.imageId), ...detections.map((d) => d.imageId)], 'imageId');
  const key = (img: Label, cat: Label): string => `${typeof img}:${String(img)}\u0001${typeof cat}:${String(cat)}`;
  const gtBy = new Map<string, Box[]>(), dtBy = new Map<string, { box: Box; score: number }[]>();
  groundTruths.forEach((g, i) => {
    const k = key(g.imageId, g.categoryId);
    if (!gtBy.has(k)) gtBy.set(k, []);
    (gtBy.get(k) as Box[]).push(toBox(g.box, format, `evaluateDetections: groundTruths[${i}]`));
  });
  detections.forEach((d, i) => {
    if (!Number.isFinite(d.score)) throw new ValueError(`evaluateDetections: detections[${i}].score must be a finite number, got ${d.score}`);
    const k = key(d.imageId, d.categoryId);
    if (!dtBy.has(k)) dtBy.set(k, []);
    (dtBy.get(k) as { box: Box; score: number }[]).push({ box: toBox(d.box, format, `evaluateDetections: detections[${i}]`), score: d.score });
  });
  const T = thresholds.length, K = categories.length;
  const ap = new Float64Array(T * K).fill(NaN), rec = new Float64Array(T * K).fill(NaN);
  categories.forEach((cat, k) => {
    let npig = 0;
    const scores: number[] = [];
    const matched: boolean[][] = thresholds.map(() => []);
    for (const img of images) {
      const gts = gtBy.get(key(img, cat)) ?? [];
      // a stable sort by decreasing score (np.argsort(-score, kind='mergesort')), then the best maxDet
      const dts = [...(dtBy.get(key(img, cat)) ?? [])].sort((a, b) => b.score - a.score).slice(0, maxDet);
      npig += gts.length;
      if (dts.length === 0) continue;
      const m = evaluateImage(dts, gts, thresholds);
      for (const d of dts) scores.push(d.score);
      m.forEach((row, t) => matched[t].push(...row));
    }
    if (npig === 0) return;
    const order = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a] || a - b);
    for (let t = 0; t < T; t++) {
      const nd = order.length;
      const pr = new Float64Array(nd), rc = new Float64Array(nd);
      let tp = 0, fp = 0;
      order.forEach((o, i) => {
        if (matched[t][o]) tp++; else fp++;
        rc[i] = tp / npig;
        pr[i] = tp / (fp + tp + Number.EPSILON);
      });
      rec[t * K + k] = nd ? rc[nd - 1] : 0;
      for (let i = nd - 1; i > 0; i--) if (pr[i] > pr[i - 1]) pr[i - 1] = pr[i];
      let sum = 0, pi = 0;
      for (const r of REC_THRS) {
        while (pi < nd && rc[pi] < r) pi++; // np.searchsorted(rc, r, side='left')
        if (pi >= nd) break;
        sum += pr[pi];
      }
      ap[t * K + k] = sum / REC_THRS.length;
    }
  });
  const meanAt = (t: number | null): number => {
    let s = 0, c = 0;
    for (let ti = 0; ti < T; ti++) {
      if (t !== null && ti !== t) continue;
      for (let k = 0; k < K; k++) { const v = ap[ti * K + k]; if (!Number.isNaN(v)) { s += v; c++; } }
    }
    return c ? s / c : NaN;
  };
  const at = (x: number): number => { const i = thresholds.findIndex((t) => Math.abs(t - x) < 1e-12); return i < 0 ? NaN : meanAt(i); };
  return {
    categories, iouThresholds: thresholds,
    ap: tensor(ap, { dtype: 'float64' }).reshape([T, K]),
    recall: tensor(rec, { dtype: 'float64' }).reshape([T, K]),
    map: meanAt(null), map50: at(0.5), map75: at(0.75),
  };
}

/**
 * Mean average precision: at one IoU threshold (e.g. 0.5 for the PASCAL-style mAP@0.5) or, by
 * default, averaged over COCO's thresholds 0.5:0.05:0.95 (mAP@[.5:.95]).
 */
export function meanAveragePrecision(detections: readonly Detection[], groundTruths: readonly GroundTruth[], options: Omit<DetectionEvalOptions, 'iouThresholds'> & { iouThreshold?: number | readonly number[] } = {}): number {
  const t = options.iouThreshold;
  return evaluateDetections(detections, groundTruths, { ...options, iouThresholds: t === undefined ? COCO_IOU_THRESHOLDS : typeof t === 'number' ? [t] : t }).map;
}

/** AP of each category at one IoU threshold (default 0.5), 101-point interpolated; NaN without ground truth. */
export function averagePrecisionPerClass(detections: readonly Detection[], groundTruths: readonly GroundTruth[], options: Omit<DetectionEvalOptions, 'iouThresholds'> & { iouThreshold?: number } = {}): Map<Label, number> {
  const r = evaluateDetections(detections, groundTruths, { ...options, iouThresholds: [options.iouThreshold ?? 0.5] });
  const ap = r.ap.dataSync() as Float64Array;
  return new Map(r.categories.map((c, k) => [c, ap[k]]));
}
