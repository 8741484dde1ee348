import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, ShapeError, ValueError, Tensor } from '../../src/index.js';
import { boxIou, generalizedBoxIou, nms, batchedNms, boxArea } from '../../src/metrics/detection.js';
import { evaluateDetections, meanAveragePrecision, averagePrecisionPerClass, COCO_IOU_THRESHOLDS, type Detection, type GroundTruth } from '../../src/metrics/detection-map.js';
import { maskIou, diceScore, meanIou } from '../../src/metrics/segmentation.js';
import { loadFixture, assertClose } from './fixture-more.js';

const fixture = loadFixture('detection.json');
const near = (a: number, b: number, tol = 1e-12): void => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('detection fixture loads', () => assert.ok(fixture.cases.length >= 25));

fixture.cases.forEach((c, i) => {
  test(`detection parity ${i}: ${c.fn}`, () => {
    const a = c.args as unknown[];
    const kw = c.kwargs as Record<string, unknown>;
    if (c.fn === 'boxIou') assertClose(boxIou(a[0] as number[][], a[1] as number[][], kw), c.out, 1e-12);
    else if (c.fn === 'generalizedBoxIou') assertClose(generalizedBoxIou(a[0] as number[][], a[1] as number[][], kw), c.out, 1e-12);
    else if (c.fn === 'nms') assert.deepEqual(nms(a[0] as number[][], a[1] as number[], a[2] as number).toArray(), c.out);
    else if (c.fn === 'batchedNms') assert.deepEqual(batchedNms(a[0] as number[][], a[1] as number[], a[2] as number[], a[3] as number).toArray(), c.out);
    else if (c.fn === 'evaluateDetections') {
      const r = evaluateDetections(a[0] as Detection[], a[1] as GroundTruth[], kw);
      const e = c.out as { categories: number[]; ap: number[][]; recall: number[][]; map: number; map50: number };
      assert.deepEqual(r.categories, e.categories);
      assertClose(r.ap, e.ap, 1e-12, 'ap');
      assertClose(r.recall, e.recall, 1e-12, 'recall');
      assertClose(r.map, e.map, 1e-12, 'map');
      assertClose(r.map50, e.map50, 1e-12, 'map50');
    } else throw new Error(`unknown fixture function ${c.fn}`);
  });
});

test('boxIou: worked values, formats agree, empty sets', () => {
  assertClose(boxIou([[0, 0, 2, 2]], [[1, 1, 3, 3], [0, 0, 2, 2], [5, 5, 6, 6]]), [[1 / 7, 1, 0]]);
  assertClose(boxIou([[0, 0, 2, 2]], [[1, 1, 2, 2]], { format: 'xywh' }), [[1 / 7]]);
  assertClose(boxIou([[1, 1, 2, 2]], [[2, 2, 2, 2]], { format: 'cxcywh' }), [[1 / 7]]);
  assert.deepEqual(boxIou([], [[0, 0, 1, 1]]).shape, [0, 1]);
  assertClose(boxArea([[0, 0, 2, 3]]), [6]);
  // GIoU of disjoint boxes is negative: IoU 0, enclosing box 3x1 = 3, union 2 → -1/3
  assertClose(generalizedBoxIou([[0, 0, 1, 1]], [[2, 0, 3, 1]]), [[-1 / 3]]);
  assert.throws(() => boxIou([[0, 0, 1]], [[0, 0, 1, 1]]), (e: Error) => e instanceof ShapeError && /boxes1.*\[N, 4\]/.test(e.message));
  assert.throws(() => boxIou([[0, 0, 1, 1]], [[0, 0, 1, 1]], { format: 'yxyx' as 'xyxy' }), (e: Error) => e instanceof ValueError && /format/.test(e.message));
});

test('nms: keeps the best of overlapping boxes, sorted by score; IoU equal to the threshold is kept', () => {
  const boxes = [[0, 0, 10, 10], [1, 1, 11, 11], [20, 20, 30, 30], [0, 0, 10, 10]];
  assert.deepEqual(nms(boxes, [0.9, 0.8, 0.7, 0.95], 0.5).toArray(), [3, 2]);
  assert.deepEqual(nms([[0, 0, 2, 1], [1, 0, 3, 1]], [1, 0.5], 1 / 3).toArray(), [0, 1]);
  assert.deepEqual(batchedNms(boxes, [0.9, 0.8, 0.7, 0.95], [0, 1, 0, 0], 0.5).toArray(), [3, 1, 2]);
  assert.throws(() => nms(boxes, [1, 2], 0.5), (e: Error) => e instanceof ShapeError && /4 and 2/.test(e.message));
});

test('mAP: perfect detections give 1; a missed object halves recall; a category with no ground truth is ignored', () => {
  const gts: GroundTruth[] = [{ imageId: 1, categoryId: 'cat', box: [0, 0, 10, 10] }, { imageId: 2, categoryId: 'cat', box: [5, 5, 15, 15] }];
  const perfect: Detection[] = gts.map((g) => ({ ...g, score: 0.9 }));
  assert.equal(meanAveragePrecision(perfect, gts), 1);
  const half = meanAveragePrecision([perfect[0], { imageId: 3, categoryId: 'dog', box: [0, 0, 1, 1], score: 1 }], gts, { iouThreshold: 0.5 });
  // recall reaches 0.5 at precision 1: 51 of 101 recall points
  near(half, 51 / 101);
  const per = averagePrecisionPerClass([perfect[0]], gts);
  near(per.get('cat') as number, 51 / 101);
  assert.equal(COCO_IOU_THRESHOLDS.length, 10);
  // a box shifted to IoU 0.68: matched at 0.5..0.65, missed at 0.7..0.95
  const shifted: Detection[] = [{ imageId: 1, categoryId: 'cat', box: [0, 0, 10, 6.8], score: 1 }];
  const r = evaluateDetections(shifted, [gts[0]]);
  assert.deepEqual(Array.from(r.ap.dataSync()).map((v) => (v > 0 ? 1 : 0)), [1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
  assert.throws(() => evaluateDetections([{ imageId: 1, categoryId: 0, box: [0, 0, 1], score: 1 }], []), (e: Error) => e instanceof ShapeError && /detections\[0\]/.test(e.message));
});

test('masks: IoU and Dice for binary masks and label maps', () => {
  near(maskIou([[1, 1], [0, 0]], [[1, 0], [0, 0]]) as number, 0.5);
  near(diceScore([[1, 1], [0, 0]], [[1, 0], [0, 0]]) as number, 2 / 3);
  assert.ok(Number.isNaN(maskIou([[0, 0]], [[0, 0]]) as number));
  assert.equal(maskIou([[0, 0]], [[0, 0]], { zeroDivision: 1 }), 1);
  const pred = tensor([[0, 1, 1], [2, 2, 0]]), target = tensor([[0, 1, 2], [2, 2, 0]]);
  const per = maskIou(pred, target, { numClasses: 4 }) as Tensor;
  assertClose(per, [1, 0.5, 2 / 3, NaN]);
  near(meanIou(pred, target, 4), (1 + 0.5 + 2 / 3) / 3);
  assertClose(diceScore(pred, target, { numClasses: 3 }), [1, 2 / 3, 0.8]);
  assert.throws(() => maskIou(pred, target, { numClasses: 2 }), (e: Error) => e instanceof ValueError && /outside \[0, 2\)/.test(e.message));
  assert.throws(() => maskIou([[1, 0]], [[1, 0, 0]]), (e: Error) => e instanceof ShapeError && /different shapes/.test(e.message));
  // ignoreIndex drops void pixels
  near(meanIou([[0, 1, 1]], [[0, 1, 255]], 2, { ignoreIndex: 255 }), 1);
});
