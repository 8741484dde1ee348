import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor } from '../../../src/tensor/creation.js';
import { getRngState } from '../../../src/tensor/random.js';
import { ValueError } from '../../../src/tensor/errors.js';
import { KFold, StratifiedKFold, GroupKFold, LeaveOneOut, LeavePOut, TimeSeriesSplit, ShuffleSplit, StratifiedShuffleSplit, trainTestSplit, type Split, type Splitter } from '../../../src/learn/modelSelection/index.js';
import { fixture } from './fixture.js';

interface Case { kind: string; n: number; y?: (number | string)[]; groups?: (number | string)[]; layout?: string; options: Record<string, number>; folds: { train: number[]; test: number[] }[] }

function make(c: Case): Splitter {
  switch (c.kind) {
    case 'KFold': return new KFold(c.options);
    case 'StratifiedKFold': return new StratifiedKFold(c.options);
    case 'GroupKFold': return new GroupKFold(c.options);
    case 'LeaveOneOut': return new LeaveOneOut();
    case 'LeavePOut': return new LeavePOut(c.options.p);
    case 'TimeSeriesSplit': return new TimeSeriesSplit(c.options);
    default: throw new Error(c.kind);
  }
}

const plain = (s: Split[]) => s.map((f) => ({ train: Array.from(f.train), test: Array.from(f.test) }));

for (const c of fixture.splitters as Case[]) {
  test(`sklearn parity: ${c.kind} n=${c.n} ${c.layout ?? ''} ${JSON.stringify(c.options)}`, () => {
    const sp = make(c);
    const X = tensor(Array.from({ length: c.n }, (_, i) => [i]), { dtype: 'float64' });
    assert.deepEqual(plain(sp.split(X, c.y, c.groups)), c.folds);
    assert.equal(sp.getNSplits(X, c.y, c.groups), c.folds.length);
  });
}

for (const c of fixture.trainTestSplit as { n: number; options: Record<string, number>; train: number[]; test: number[] }[]) {
  test(`sklearn parity: trainTestSplit shuffle=false n=${c.n} ${JSON.stringify(c.options)}`, () => {
    const a = Array.from({ length: c.n }, (_, i) => i);
    const [tr, te] = trainTestSplit(a, { ...c.options, shuffle: false });
    assert.deepEqual(tr, c.train);
    assert.deepEqual(te, c.test);
  });
}

function checkPartition(splits: Split[], n: number): void {
  const seen = new Array(n).fill(0);
  for (const s of splits) {
    for (const i of s.test) seen[i]++;
    assert.equal(s.train.length + s.test.length, n);
    const t = new Set(s.test);
    for (const i of s.train) assert.ok(!t.has(i), 'train and test overlap');
  }
  assert.deepEqual(seen, new Array(n).fill(1), 'each sample in exactly one test fold');
}

test('KFold shuffle: a partition, sizes n//k(+1), determined by randomState, global generator untouched', () => {
  const before = getRngState();
  const a = new KFold({ nSplits: 4, shuffle: true, randomState: 3 }).split(23);
  assert.deepEqual(getRngState(), before);
  checkPartition(a, 23);
  assert.deepEqual(a.map((s) => s.test.length), [6, 6, 6, 5]);
  assert.deepEqual(plain(new KFold({ nSplits: 4, shuffle: true, randomState: 3 }).split(23)), plain(a));
  assert.notDeepEqual(plain(new KFold({ nSplits: 4, shuffle: true, randomState: 4 }).split(23)), plain(a));
  assert.notDeepEqual(plain(a), plain(new KFold({ nSplits: 4 }).split(23)));
});

test('StratifiedKFold shuffle: a partition keeping class proportions (each fold within one of the exact share)', () => {
  const y = [...new Array(30).fill(0), ...new Array(12).fill(1), ...new Array(6).fill(2)];
  const splits = new StratifiedKFold({ nSplits: 3, shuffle: true, randomState: 0 }).split(y.length, y);
  checkPartition(splits, y.length);
  for (const s of splits) {
    const counts = [0, 0, 0];
    for (const i of s.test) counts[y[i]]++;
    assert.deepEqual(counts, [10, 4, 2]);
  }
  assert.deepEqual(plain(new StratifiedKFold({ nSplits: 3, shuffle: true, randomState: 0 }).split(y.length, y)), plain(splits));
});

test('ShuffleSplit / StratifiedShuffleSplit: sizes (test rounded up), disjoint, stratified, seeded', () => {
  const ss = new ShuffleSplit({ nSplits: 4, testSize: 0.25, randomState: 1 });
  const a = ss.split(10);
  assert.equal(a.length, 4);
  for (const s of a) {
    assert.equal(s.test.length, 3);
    assert.equal(s.train.length, 7);
    assert.equal(new Set([...s.train, ...s.test]).size, 10);
  }
  assert.deepEqual(plain(ss.split(10)), plain(a));
  const y = [...new Array(20).fill(0), ...new Array(10).fill(1)];
  for (const s of new StratifiedShuffleSplit({ nSplits: 5, testSize: 0.3, randomState: 2 }).split(30, y)) {
    assert.equal(s.test.length, 9);
    assert.equal(Array.from(s.test).filter((i) => y[i] === 1).length, 3);
    assert.equal(Array.from(s.train).filter((i) => y[i] === 1).length, 7);
    assert.equal(new Set([...s.train, ...s.test]).size, 30);
  }
});

test('trainTestSplit: several arrays of their own kind, shuffled and stratified', () => {
  const X = tensor(Array.from({ length: 20 }, (_, i) => [i, -i]), { dtype: 'float64' });
  const y = Array.from({ length: 20 }, (_, i) => (i < 15 ? 0 : 1));
  const [Xtr, Xte, ytr, yte] = trainTestSplit<unknown>(X, y, { testSize: 0.2, stratify: y, randomState: 0 }) as [typeof X, typeof X, number[], number[]];
  assert.deepEqual(Xtr.shape, [16, 2]);
  assert.deepEqual(Xte.shape, [4, 2]);
  assert.equal(yte.filter((v) => v === 1).length, 1);
  const first = Array.from(Xtr.dataSync() as Float64Array).filter((_, i) => i % 2 === 0);
  assert.deepEqual(first.map((v) => (v < 15 ? 0 : 1)), ytr, 'rows of X and y stay aligned');
  const again = trainTestSplit<unknown>(X, y, { testSize: 0.2, stratify: y, randomState: 0 });
  assert.deepEqual(again[3], yte);
});

test('splitters: typed errors naming the argument', () => {
  assert.throws(() => new KFold({ nSplits: 1 }), (e) => e instanceof ValueError && /nSplits/.test(e.message));
  assert.throws(() => new KFold({ nSplits: 3, randomState: 1 }), (e) => e instanceof ValueError && /randomState/.test(e.message));
  assert.throws(() => new KFold({ nSplits: 6 }).split(5), (e) => e instanceof ValueError && /n_samples=5/.test(e.message));
  assert.throws(() => new StratifiedKFold({ nSplits: 3 }).split(4), (e) => e instanceof ValueError && /'y'/.test(e.message));
  assert.throws(() => new StratifiedKFold({ nSplits: 3 }).split(4, [0, 0, 1, 1]), (e) => e instanceof ValueError && /each class/.test(e.message));
  assert.throws(() => new StratifiedKFold({ nSplits: 2 }).split(4, [0.5, 1, 1, 0]), (e) => e instanceof ValueError && /continuous/.test(e.message));
  assert.throws(() => new StratifiedKFold({ nSplits: 2 }).split(4, [0, 1, 1]), (e) => e instanceof ValueError && /4 and 3/.test(e.message));
  assert.throws(() => new GroupKFold({ nSplits: 3 }).split(4), (e) => e instanceof ValueError && /groups/.test(e.message));
  assert.throws(() => new GroupKFold({ nSplits: 3 }).split(4, null, [1, 1, 2, 2]), (e) => e instanceof ValueError && /number of groups: 2/.test(e.message));
  assert.throws(() => new LeavePOut(3).split(3), (e) => e instanceof ValueError && /p=3/.test(e.message));
  assert.throws(() => new TimeSeriesSplit({ nSplits: 5 }).split(5), (e) => e instanceof ValueError && /folds=6/.test(e.message));
  assert.throws(() => trainTestSplit([1, 2, 3], [1, 2]), (e) => e instanceof ValueError && /inconsistent/.test(e.message));
  assert.throws(() => trainTestSplit([1, 2, 3, 4], { testSize: 1.5 }), (e) => e instanceof ValueError && /testSize=1.5/.test(e.message));
  assert.throws(() => trainTestSplit([1, 2, 3, 4], { testSize: 4 }), (e) => e instanceof ValueError && /testSize=4/.test(e.message));
  assert.throws(() => new StratifiedShuffleSplit({ testSize: 0.5 }).split(4, [0, 0, 0, 1]), (e) => e instanceof ValueError && /only 1 member/.test(e.message));
});
