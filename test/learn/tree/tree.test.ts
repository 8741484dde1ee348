import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadBreastCancer, loadDiabetes, loadIris } from '../../../src/data/index.js';
import { DecisionTreeClassifier, DecisionTreeRegressor, exportText, formatFixed, Tree } from '../../../src/learn/tree/index.js';
import { NotFittedError, ShapeError, ValueError } from '../../../src/tensor/errors.js';
import { getRngState } from '../../../src/tensor/random.js';
import { Tensor } from '../../../src/tensor/tensor.js';

const iris = loadIris();
const cancer = loadBreastCancer();

test('fit returns this; NotFittedError before fit', () => {
  const clf = new DecisionTreeClassifier();
  assert.throws(() => clf.predict([[1, 2, 3, 4]]), NotFittedError);
  assert.throws(() => clf.featureImportances, NotFittedError);
  assert.throws(() => new DecisionTreeRegressor().getDepth(), NotFittedError);
  assert.equal(clf.fit(iris.data, iris.target), clf);
  assert.equal(clf.score(iris.data, iris.target), 1);
  assert.equal(clf.nClasses, 3);
  assert.equal(clf.nFeaturesIn, 4);
});

test('bad options and inputs raise typed errors naming the argument', () => {
  const X = [[0], [1], [2], [3]], y = [0, 0, 1, 1];
  assert.throws(() => new DecisionTreeClassifier({ maxDepth: 0 }).fit(X, y), (e: Error) => e instanceof ValueError && /maxDepth/.test(e.message));
  assert.throws(() => new DecisionTreeClassifier({ minSamplesLeaf: 0 }).fit(X, y), (e: Error) => e instanceof ValueError && /minSamplesLeaf/.test(e.message));
  assert.throws(() => new DecisionTreeClassifier({ minSamplesSplit: 0 }).fit(X, y), (e: Error) => e instanceof ValueError && /minSamplesSplit/.test(e.message));
  assert.throws(() => new DecisionTreeClassifier({ maxFeatures: 5 }).fit(X, y), (e: Error) => e instanceof ValueError && /maxFeatures/.test(e.message));
  assert.throws(() => new DecisionTreeClassifier({ maxLeafNodes: 1 }).fit(X, y), (e: Error) => e instanceof ValueError && /maxLeafNodes/.test(e.message));
  assert.throws(() => new DecisionTreeClassifier({ ccpAlpha: -1 }).fit(X, y), (e: Error) => e instanceof ValueError && /ccpAlpha/.test(e.message));
  assert.throws(() => new DecisionTreeClassifier({ criterion: 'mse' as never }).fit(X, y), (e: Error) => e instanceof ValueError && /criterion/.test(e.message));
  assert.throws(() => new DecisionTreeRegressor({ criterion: 'gini' as never }).fit(X, y), (e: Error) => e instanceof ValueError && /criterion/.test(e.message));
  assert.throws(() => new DecisionTreeClassifier().fit(X, [0, 1, 0]), (e: Error) => e instanceof ShapeError && /4 and 3/.test(e.message));
  assert.throws(() => new DecisionTreeClassifier().fit(X, y, [1, 1, -1, 1]), (e: Error) => e instanceof ValueError && /sampleWeight/.test(e.message));
  assert.throws(() => new DecisionTreeClassifier().fit([[0], [Infinity]], [0, 1]), ValueError);
  assert.throws(() => new DecisionTreeRegressor().fit(X, [0, NaN, 1, 1]), ValueError);
  const clf = new DecisionTreeClassifier().fit(X, y);
  assert.throws(() => clf.predict([[0, 1]]), (e: Error) => e instanceof ShapeError && /2 features.*1/.test(e.message));
});

test('NaN goes to the side that helps the split, and follows missingGoToLeft at predict', () => {
  // The NaN samples are class 1, like the large values: they must go right.
  const X = [[1], [2], [3], [NaN], [NaN], [10], [11], [12]];
  const clf = new DecisionTreeClassifier({ randomState: 0 }).fit(X, [0, 0, 0, 1, 1, 1, 1, 1]);
  assert.equal(clf.tree?.missingGoToLeft[0], 0);
  assert.deepEqual(Array.from(clf.predict([[NaN], [2], [11]]).dataSync()), [1, 0, 1]);
  assert.equal(clf.score(X, [0, 0, 0, 1, 1, 1, 1, 1]), 1);
  // Now NaN behaves like the small values: left.
  const clf2 = new DecisionTreeClassifier({ randomState: 0 }).fit(X, [0, 0, 0, 0, 0, 1, 1, 1]);
  assert.equal(clf2.tree?.missingGoToLeft[0], 1);
  assert.deepEqual(Array.from(clf2.predict([[NaN], [2], [11]]).dataSync()), [0, 0, 1]);
  // Only NaN vs values separates the classes: the split is "all values left, NaN right".
  const clf3 = new DecisionTreeClassifier().fit([[1], [1], [NaN], [NaN]], [0, 0, 1, 1]);
  assert.equal(clf3.tree?.threshold[0], Infinity);
  assert.deepEqual(Array.from(clf3.predict([[NaN], [5]]).dataSync()), [1, 0]);
  // No NaN at fit: NaN follows the child with more samples.
  const clf4 = new DecisionTreeClassifier().fit([[1], [2], [3], [4], [5]], [0, 0, 0, 1, 1]);
  assert.equal(clf4.predict([[NaN]]).dataSync()[0], 0);
});

test('the same randomState gives the same tree and leaves the global generator alone', () => {
  const before = getRngState();
  const a = new DecisionTreeClassifier({ randomState: 7, maxFeatures: 'sqrt', splitter: 'random' }).fit(cancer.data, cancer.target);
  const b = new DecisionTreeClassifier({ randomState: 7, maxFeatures: 'sqrt', splitter: 'random' }).fit(cancer.data, cancer.target);
  assert.deepEqual(getRngState(), before);
  assert.deepEqual(a.tree?.toJSON(), b.tree?.toJSON());
  const c = new DecisionTreeClassifier({ randomState: 8, maxFeatures: 'sqrt', splitter: 'random' }).fit(cancer.data, cancer.target);
  assert.notDeepEqual(a.tree?.toJSON(), c.tree?.toJSON());
});

test('toJSON / fromJSON round-trip exactly (through a JSON string)', () => {
  const clf = new DecisionTreeClassifier({ maxDepth: 4, criterion: 'entropy' }).fit(iris.data, iris.target);
  const back = DecisionTreeClassifier.fromJSON(JSON.parse(JSON.stringify(clf.toJSON())));
  assert.deepEqual(back.toJSON(), clf.toJSON());
  assert.deepEqual(Array.from(back.predictProba(iris.data).dataSync()), Array.from(clf.predictProba(iris.data).dataSync()));
  const d = loadDiabetes();
  const reg = new DecisionTreeRegressor({ minSamplesLeaf: 5 }).fit(d.data, d.target);
  const reg2 = DecisionTreeRegressor.fromJSON(JSON.parse(JSON.stringify(reg.toJSON())));
  assert.deepEqual(Array.from(reg2.predict(d.data).dataSync()), Array.from(reg.predict(d.data).dataSync()));
  // An infinite threshold survives JSON.
  const inf = new DecisionTreeClassifier().fit([[1], [1], [NaN], [NaN]], [0, 0, 1, 1]);
  assert.equal(Tree.fromJSON(JSON.parse(JSON.stringify(inf.tree?.toJSON()))).threshold[0], Infinity);
  assert.throws(() => DecisionTreeClassifier.fromJSON({ ...clf.toJSON(), type: 'X' as never }), ValueError);
});

test('a single class: every leaf predicts it with probability 1', () => {
  const clf = new DecisionTreeClassifier().fit([[0], [1], [2]], [3, 3, 3]);
  assert.equal(clf.tree?.nodeCount, 1);
  assert.deepEqual(Array.from(clf.predict([[5]]).dataSync()), [3]);
  assert.deepEqual(Array.from(clf.predictProba([[5]]).dataSync()), [1]);
  assert.deepEqual(Array.from(clf.predictLogProba([[5]]).dataSync()), [0]);
});

test('inputs are not mutated; apply, decisionPath, getNLeaves agree', () => {
  const X = iris.data.dataSync().slice();
  const clf = new DecisionTreeClassifier({ maxDepth: 3 }).fit(iris.data, iris.target);
  assert.deepEqual(iris.data.dataSync(), X);
  const leaves = clf.apply(iris.data).dataSync();
  const path = clf.decisionPath(iris.data);
  const m = clf.tree?.nodeCount as number;
  assert.deepEqual(path.shape, [150, m]);
  for (let i = 0; i < 150; i++) {
    assert.equal(path.dataSync()[i * m], 1);
    assert.equal(path.dataSync()[i * m + leaves[i]], 1);
  }
  assert.ok(new Set(leaves).size <= clf.getNLeaves());
  assert.equal(clf.getDepth(), 3);
});

test('maxLeafNodes bounds the leaves; ccpAlpha prunes to the path', () => {
  const small = new DecisionTreeClassifier({ maxLeafNodes: 5, randomState: 0 }).fit(cancer.data, cancer.target);
  assert.equal(small.getNLeaves(), 5);
  const full = new DecisionTreeClassifier({ randomState: 0 });
  const { ccpAlphas, impurities } = full.costComplexityPruningPath(cancer.data, cancer.target);
  const a = ccpAlphas.dataSync(), imp = impurities.dataSync();
  for (let i = 1; i < a.length; i++) assert.ok(a[i] >= a[i - 1] && imp[i] >= imp[i - 1]);
  // Pruning at the last alpha but one leaves a single split (a stump): 3 nodes.
  const pruned = new DecisionTreeClassifier({ randomState: 0, ccpAlpha: a[a.length - 2] }).fit(cancer.data, cancer.target);
  assert.equal(pruned.tree?.nodeCount, 3);
  const root = new DecisionTreeClassifier({ randomState: 0, ccpAlpha: a[a.length - 1] }).fit(cancer.data, cancer.target);
  assert.equal(root.tree?.nodeCount, 1);
});

test('getParams / setParams / clone', () => {
  const clf = new DecisionTreeClassifier({ maxDepth: 2 });
  assert.equal(clf.getParams().maxDepth, 2);
  assert.equal(clf.getParams().criterion, 'gini');
  clf.setParams({ maxDepth: 5 });
  assert.equal(clf.clone().getParams().maxDepth, 5);
  assert.throws(() => clf.setParams({ depth: 1 }), ValueError);
});

test('sample weights act like repeated samples', () => {
  const X = [[0], [1], [2], [3], [4], [5]];
  const y = [0, 0, 1, 0, 1, 1];
  const w = new DecisionTreeClassifier({ maxDepth: 1 }).fit(X, y, [1, 1, 3, 1, 1, 1]);
  const r = new DecisionTreeClassifier({ maxDepth: 1 }).fit([...X, [2], [2]], [...y, 1, 1]);
  assert.equal(w.tree?.threshold[0], r.tree?.threshold[0]);
  assert.deepEqual(Array.from(w.tree?.value ?? []), Array.from(r.tree?.value ?? []));
});

test('exportText: truncation, regression values, option errors; Python rounding', () => {
  const clf = new DecisionTreeClassifier({ maxDepth: 3 }).fit(iris.data, iris.target);
  const txt = exportText(clf, { maxDepth: 0 });
  assert.match(txt, /truncated branch of depth \d/);
  assert.throws(() => exportText(clf, { featureNames: ['a'] }), ValueError);
  assert.throws(() => exportText(clf, { spacing: 0 }), ValueError);
  const reg = new DecisionTreeRegressor({ maxDepth: 1 }).fit([[0], [1]], [1, 2]);
  assert.equal(exportText(reg), '|--- feature_0 <= 0.50\n|   |--- value: [1.00]\n|--- feature_0 >  0.50\n|   |--- value: [2.00]\n');
  assert.equal(formatFixed(0.125, 2), '0.12');
  assert.equal(formatFixed(0.375, 2), '0.38');
  assert.equal(formatFixed(2.5, 0), '2');
  assert.equal(formatFixed(-1.005, 2), (-1.005).toFixed(2));
  assert.equal(formatFixed(Infinity, 2), 'inf');
});

test('absolute error predicts the weighted median', () => {
  const reg = new DecisionTreeRegressor({ criterion: 'absolute_error', maxDepth: 1 }).fit([[0], [0], [0], [1]], [1, 2, 10, 50]);
  assert.deepEqual(Array.from(reg.predict([[0], [1]]).dataSync()), [2, 50]);
  const even = new DecisionTreeRegressor({ criterion: 'absolute_error' }).fit([[0], [0]], [1, 4]);
  assert.equal(even.predict([[0]]).dataSync()[0], 2.5);
});

test('Tensor input of float32 rows works and splits like scikit-learn (float32 values)', () => {
  const X = new Tensor(Float32Array.from([0.1, 0.2, 0.3, 0.4]), [4, 1], 'float32');
  const clf = new DecisionTreeClassifier().fit(X, [0, 0, 1, 1]);
  assert.equal(clf.tree?.threshold[0], Math.fround(0.2) / 2 + Math.fround(0.3) / 2);
});

test('one TreeData shared by several trees (as a forest does) gives the trees fit() gives', async () => {
  const { TreeData, growTree, Gini, TREE_DEFAULTS } = await import('../../../src/learn/tree/index.js');
  const X = cancer.data.dataSync() as Float64Array;
  const [n, p] = cancer.data.shape;
  const y = Int32Array.from(cancer.target.dataSync());
  const data = new TreeData(X, n, p);
  for (let seed = 0; seed < 3; seed++) {
    // Bootstrap-like counts as weights, zeros included.
    const w = Float64Array.from({ length: n }, (_, i) => (i * 7 + seed * 13) % 3);
    const opts = { ...TREE_DEFAULTS, criterion: 'gini', classWeight: null, randomState: seed, maxFeatures: 'sqrt' } as const;
    const shared = growTree(data, w, new Gini(y, w, 2), opts, 'test');
    const own = new DecisionTreeClassifier(opts).fit(cancer.data, cancer.target, w);
    assert.deepEqual(shared.toJSON(), own.tree?.toJSON());
  }
});

test('non-contiguous input (a transposed view) fits and predicts like its contiguous copy', async () => {
  const { transpose } = await import('../../../src/ops/movement.js');
  const rows = iris.data.dataSync() as Float64Array;
  const cols = new Float64Array(600);
  for (let i = 0; i < 150; i++) for (let j = 0; j < 4; j++) cols[j * 150 + i] = rows[i * 4 + j];
  const view = transpose(new Tensor(cols, [4, 150], 'float64'), 0, 1); // [150, 4], strided
  const a = new DecisionTreeClassifier({ randomState: 1 }).fit(view, iris.target);
  const b = new DecisionTreeClassifier({ randomState: 1 }).fit(iris.data, iris.target);
  assert.deepEqual(a.tree?.toJSON(), b.tree?.toJSON());
  assert.deepEqual(Array.from(a.predict(view).dataSync()), Array.from(b.predict(iris.data).dataSync()));
});

test('best-first growth with an ample leaf budget reaches the same leaves as depth-first (constant features included)', () => {
  // One-hot-like columns: many features are constant inside nodes.
  const n = 400, p = 12;
  const X: number[][] = [], y: number[] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = Array.from({ length: p }, (_, j) => ((i * (j + 3) + (i >> 3)) % 7 === 0 ? 1 : 0));
    row[0] = (i * 37) % 11;
    X.push(row);
    y.push((row[0] > 5 ? 1 : 0) ^ row[3] ^ (row[7] & row[5]));
  }
  const df = new DecisionTreeClassifier({ randomState: 3 }).fit(X, y);
  const bf = new DecisionTreeClassifier({ randomState: 3, maxLeafNodes: 10000 }).fit(X, y);
  assert.equal(bf.score(X, y), df.score(X, y));
  assert.equal(bf.getNLeaves(), df.getNLeaves());
  assert.deepEqual(Array.from(bf.predictProba(X).dataSync()), Array.from(df.predictProba(X).dataSync()));
});
