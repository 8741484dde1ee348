import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import {
  Dataset, TensorDataset, ConcatDataset, Subset, DataLoader, SequentialSampler, RandomSampler,
  WeightedRandomSampler, BatchSampler, randomSplit, defaultCollate,
} from '../../src/data/index.js';

const i32 = { dtype: 'int32' } as const;

class Squares extends Dataset<[number, number]> {
  constructor(private readonly n: number) { super(); }
  get length() { return this.n; }
  getItem(i: number): [number, number] { return [i, i * i]; }
}

test('TensorDataset: rows as tuples, size checks, negative indices', () => {
  const x = nb.arange(0, 12).reshape([6, 2]);
  const y = nb.arange(0, 6, 1, i32);
  const ds = new TensorDataset(x, y);
  assert.equal(ds.length, 6);
  const [xi, yi] = ds.getItem(2);
  assert.deepEqual(xi.toArray(), [4, 5]);
  assert.equal(yi.item(), 2);
  assert.deepEqual(ds.getItem(-1)[0].toArray(), [10, 11]);
  assert.throws(() => ds.getItem(6), (e: unknown) => e instanceof nb.IndexError && /index 6 is out of range for a dataset of length 6/.test((e as Error).message));
  assert.throws(() => new TensorDataset(x, nb.zeros([5])), (e: unknown) => e instanceof nb.ShapeError && /\[6, 2\].*\[5\]/.test((e as Error).message));
  assert.deepEqual([...ds].length, 6);
});

test('ConcatDataset and Subset index through to their parts', () => {
  const c = new ConcatDataset([new Squares(3), new Squares(0), new Squares(2)]);
  assert.equal(c.length, 5);
  assert.deepEqual([0, 1, 2, 3, 4].map((i) => c.getItem(i)[0]), [0, 1, 2, 0, 1]);
  assert.deepEqual(c.getItem(-1), [1, 1]);
  assert.throws(() => c.getItem(5), nb.IndexError);
  const s = new Subset(new Squares(10), [7, 3, 3]);
  assert.equal(s.length, 3);
  assert.deepEqual(s.getItem(0), [7, 49]);
  assert.throws(() => new Subset(new Squares(3), [3]), nb.IndexError);
});

test('DataLoader over TensorDataset: batches by indexSelect, length, dropLast, destructuring', () => {
  const x = nb.arange(0, 20).reshape([10, 2]);
  const y = nb.arange(0, 10, 1, i32);
  const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 4 });
  assert.equal(loader.length, 3);
  const seen: number[][] = [];
  for (const [xb, yb] of loader) {
    assert.equal(xb.shape[1], 2);
    assert.equal(yb.dtype, 'int32');
    seen.push(yb.toArray() as number[]);
  }
  assert.deepEqual(seen, [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
  const drop = new DataLoader(new TensorDataset(x, y), { batchSize: 4, dropLast: true });
  assert.equal(drop.length, 2);
  assert.equal([...drop].length, 2);
  const [first] = drop;
  assert.deepEqual(first[0].toArray(), [[0, 1], [2, 3], [4, 5], [6, 7]]);
});

test('shuffle: every index once per epoch, a new order each epoch, reproducible with manualSeed', () => {
  const ds = new TensorDataset(nb.arange(0, 50, 1, i32));
  const loader = new DataLoader(ds, { batchSize: 8, shuffle: true });
  const epoch = () => [...loader].flatMap(([b]) => b.toArray() as number[]);
  nb.manualSeed(7);
  const e1 = epoch(), e2 = epoch();
  assert.deepEqual([...e1].sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i));
  assert.notDeepEqual(e1, e2);
  nb.manualSeed(7);
  assert.deepEqual(epoch(), e1);
  assert.deepEqual(epoch(), e2);
});

test('default collate: tensors stacked, numbers → int32/float32, booleans, strings, tuples and records recursively', () => {
  const loader = new DataLoader(new Squares(5), { batchSize: 2 });
  const batches = [...loader];
  assert.equal(batches.length, 3);
  assert.deepEqual(batches[0].map((t) => t.toArray()), [[0, 1], [0, 1]]);
  assert.equal(batches[0][0].dtype, 'int32');
  const out = defaultCollate([
    { img: nb.ones([2]), label: 1, w: 0.5, ok: true, name: 'a', pair: [nb.zeros([1]), 3] as [nb.Tensor, number] },
    { img: nb.zeros([2]), label: 2, w: 1, ok: false, name: 'b', pair: [nb.ones([1]), 4] as [nb.Tensor, number] },
  ]);
  assert.deepEqual(out.img.toArray(), [[1, 1], [0, 0]]);
  assert.equal(out.label.dtype, 'int32');
  assert.equal(out.w.dtype, 'float32');
  assert.deepEqual(out.w.toArray(), [0.5, 1]);
  assert.deepEqual(out.ok.toArray(), [true, false]);
  assert.deepEqual(out.name, ['a', 'b']);
  assert.deepEqual(out.pair[0].toArray(), [[0], [1]]);
  assert.deepEqual(out.pair[1].toArray(), [3, 4]);
  assert.throws(() => defaultCollate([[1, 2], [1]]), /equal size/);
  assert.throws(() => defaultCollate([nb.zeros([2]), nb.zeros([3])]), nb.ShapeError);
  // A custom collateFn gets the raw items.
  const sums = new DataLoader(new Squares(4), { batchSize: 2, collateFn: (items) => items.reduce((s, [, b]) => s + b, 0) });
  assert.deepEqual([...sums], [1, 13]);
});

test('samplers: sequential, random with replacement and numSamples, weighted, batch; option conflicts', () => {
  assert.deepEqual([...new SequentialSampler(4)], [0, 1, 2, 3]);
  nb.manualSeed(1);
  const r = [...new RandomSampler(5, { numSamples: 12 })];
  assert.equal(r.length, 12);
  assert.deepEqual([...r.slice(0, 5)].sort(), [0, 1, 2, 3, 4]); // whole permutations first
  assert.deepEqual([...r.slice(5, 10)].sort(), [0, 1, 2, 3, 4]);
  const rep = [...new RandomSampler(3, { replacement: true, numSamples: 100 })];
  assert.equal(rep.length, 100);
  assert.ok(rep.every((v) => v >= 0 && v < 3));
  assert.equal(new Set(rep).size, 3);
  // Weighted: class 0 has weight 0, class 2 nine times class 1's.
  nb.manualSeed(2);
  const w = [...new WeightedRandomSampler([0, 1, 9], 5000)];
  const counts = [0, 0, 0];
  w.forEach((i) => counts[i]++);
  assert.equal(counts[0], 0);
  assert.ok(Math.abs(counts[2] / 5000 - 0.9) < 0.02, `${counts}`);
  assert.deepEqual([...new WeightedRandomSampler([1, 1, 1], 3, false)].sort(), [0, 1, 2]);
  assert.throws(() => new WeightedRandomSampler([1, 1], 3, false), nb.ValueError);
  const bs = new BatchSampler(new SequentialSampler(7), 3, false);
  assert.equal(bs.length, 3);
  assert.deepEqual([...bs], [[0, 1, 2], [3, 4, 5], [6]]);
  const loader = new DataLoader(new Squares(7), { batchSampler: new BatchSampler(new SequentialSampler(7), 3, true) });
  assert.equal(loader.length, 2);
  assert.throws(() => new DataLoader(new Squares(3), { sampler: new SequentialSampler(3), shuffle: true }), /mutually exclusive/);
  assert.throws(() => new DataLoader(new Squares(3), { batchSampler: bs, batchSize: 2 }), /mutually exclusive/);
  assert.throws(() => new DataLoader(new Squares(3), { batchSize: 0 }), nb.ValueError);
});

test('randomSplit: lengths or fractions, disjoint and complete, seeded without disturbing the global stream', () => {
  const ds = new Squares(10);
  const [a, b] = randomSplit(ds, [7, 3]);
  assert.equal(a.length, 7);
  assert.equal(b.length, 3);
  const all = [...a.indices, ...b.indices].sort((x, y) => x - y);
  assert.deepEqual(all, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const parts = randomSplit(new Squares(11), [0.5, 0.3, 0.2]);
  assert.deepEqual(parts.map((p) => p.length), [6, 3, 2]); // floors 5+3+2 = 10, the remainder to the first (as PyTorch)
  nb.manualSeed(5);
  const before = nb.rand([2]).toArray();
  nb.manualSeed(5);
  const s1 = randomSplit(ds, [5, 5], 42);
  assert.deepEqual(nb.rand([2]).toArray(), before);
  assert.deepEqual(randomSplit(ds, [5, 5], 42)[0].indices, s1[0].indices);
  assert.notDeepEqual(randomSplit(ds, [5, 5], 43)[0].indices, s1[0].indices);
  assert.throws(() => randomSplit(ds, [5, 4]), /sum of input lengths \(9\) does not equal the length of the input dataset \(10\)/);
});
