// Native categorical splits (categoricalFeatures): held-out scores against XGBoost 1.7 with
// enable_categorical (test/fixtures/learn/boosting_categorical.json, tools/parity_learn/boosting_categorical.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../../src/io/node.js';
import { GradientBoostingClassifier, GradientBoostingRegressor } from '../../../src/learn/boosting/index.js';
import { BoostedTree } from '../../../src/learn/boosting/tree.js';
import { r2Score, rocAucScore } from '../../../src/metrics/index.js';
import { ValueError } from '../../../src/tensor/errors.js';

interface Fixture { X: (number | null)[][]; yReg: number[]; yClf: number[]; nTrain: number; params: { max_depth: number; learning_rate: number; n_estimators: number }; cases: { task: string; xgboostCategorical: number; xgboostNumeric: number }[] }
const fx = JSON.parse(readFileSync(join(packageRoot(), 'test/fixtures/learn/boosting_categorical.json'), 'utf8')) as Fixture;
const X = fx.X.map((r) => r.map((v) => (v === null ? NaN : v)));
const Xtr = X.slice(0, fx.nTrain), Xte = X.slice(fx.nTrain);
const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
const base = { nEstimators: fx.params.n_estimators, maxDepth: fx.params.max_depth, learningRate: fx.params.learning_rate };

for (const c of fx.cases) {
  test(`categorical ${c.task}: held-out score within 1% of XGBoost enable_categorical, and better than codes as numbers`, () => {
    const score = (categoricalFeatures: number[] | null): number => {
      if (c.task === 'regression') {
        const ytr = fx.yReg.slice(0, fx.nTrain);
        const reg = new GradientBoostingRegressor({ ...base, baseScore: mean(ytr), categoricalFeatures }).fit(Xtr, ytr);
        return r2Score(fx.yReg.slice(fx.nTrain), reg.predict(Xte)) as number;
      }
      const ytr = fx.yClf.slice(0, fx.nTrain);
      const clf = new GradientBoostingClassifier({ ...base, baseScore: mean(ytr), categoricalFeatures }).fit(Xtr, ytr);
      return rocAucScore(fx.yClf.slice(fx.nTrain), clf.predictProba(Xte).select(1, 1)) as number;
    };
    const cat = score([0, 1]), num = score(null);
    assert.ok(Math.abs(cat - c.xgboostCategorical) <= 0.01, `categorical: nabla ${cat} vs XGBoost ${c.xgboostCategorical}`);
    assert.ok(cat > num, `categorical ${cat} should beat numeric codes ${num}`);
    assert.ok(Math.abs(num - c.xgboostNumeric) <= 0.01, `numeric: nabla ${num} vs XGBoost ${c.xgboostNumeric}`);
  });
}

test('a categorical node: table entries route seen categories; NaN, unseen, negative and fractional codes take the default side, raw and binned alike', () => {
  for (const dl of [0, 1]) {
    const t = new BoostedTree(Int32Array.from([0, -1, -1]), Int32Array.from([0, 0, 0]), Float64Array.from([0, 0, 0]), Uint8Array.from([dl, 0, 0]),
      Int32Array.from([1, -1, -1]), Int32Array.from([2, -1, -1]), Float64Array.from([0, 10, 20]), new Float64Array(3), new Float64Array(3));
    t.setCategories(0, Uint8Array.from([1, 0, 1, 0]));
    const raw = [0, 1, 2, 3, NaN, 4, 7, -1, 0.5];
    const want = [10, 20, 10, 20, ...Array(5).fill(dl ? 10 : 20)];
    const out = new Float64Array(raw.length);
    t.addPredictions(Float64Array.from(raw), raw.length, 1, out, 1, 0);
    assert.deepEqual(Array.from(out), want);
    // Binned: codes are the categories, 255 the missing code.
    const codes = Uint8Array.from([0, 1, 2, 3, 255]);
    const ob = new Float64Array(5);
    t.addPredictionsBinned(codes, 5, 255, Int32Array.from([0, 1, 2, 3, 4]), ob, 1, 0);
    assert.deepEqual(Array.from(ob), want.slice(0, 5));
    const back = BoostedTree.fromJSON(JSON.parse(JSON.stringify(t.toJSON())));
    const o2 = new Float64Array(raw.length);
    back.addPredictions(Float64Array.from(raw), raw.length, 1, o2, 1, 0);
    assert.deepEqual(Array.from(o2), want);
    assert.equal(t.dump().split('\n')[0], `0:[f0 in {0,2}] yes=1,no=2,missing=${dl ? 1 : 2},gain=0,cover=0`);
  }
});

test('categorical splits in fitted trees: direction tables per category, save/load, importances, dump', () => {
  const ytr = fx.yReg.slice(0, fx.nTrain);
  const mask = [true, true, false, false];
  const reg = new GradientBoostingRegressor({ nEstimators: 10, maxDepth: 3, categoricalFeatures: mask, subsample: 0.7, randomState: 0 }).fit(Xtr, ytr);
  const trees = (reg.model as { trees: BoostedTree[][] }).trees.flat();
  let catNodes = 0;
  for (const t of trees) {
    for (let v = 0; v < t.nodeCount; v++) {
      const cats = t.categories?.[v];
      if (!cats) continue;
      catNodes++;
      assert.ok(t.feature[v] === 0 || t.feature[v] === 1);
      assert.equal(cats.length, t.feature[v] === 0 ? 40 : 3);
      assert.ok(Number.isNaN(t.threshold[v]) && t.bin[v] === -1);
    }
  }
  assert.ok(catNodes > 0, 'no categorical split was made');
  const t0 = trees.find((t) => t.categories?.[0]) as BoostedTree;
  const f = t0.feature[0];
  // Save/load round trip is exact; dump names the category sets.
  const back = GradientBoostingRegressor.fromJSON(JSON.parse(JSON.stringify(reg.toJSON())));
  assert.deepEqual(Array.from(back.predict(Xte).dataSync()), Array.from(reg.predict(Xte).dataSync()));
  assert.deepEqual(back.getParams().categoricalFeatures, mask);
  assert.match(t0.dump(), new RegExp(`^0:\\[f${f} in \\{[0-9,]*\\}\\] yes=1`));
  const imp = Array.from(reg.featureImportances.dataSync());
  assert.ok(imp[0] > imp[3], `the 40-level feature matters most: ${imp}`);
});

test('categorical: the rows the binned prediction sends left are those the raw prediction does (subsample out-of-bag rows)', () => {
  const ytr = fx.yReg.slice(0, 600);
  const Xs = Xtr.slice(0, 600);
  // With subsampling, out-of-sample rows are predicted on their bins during training; the final
  // model's raw predictions must give the same training fit as an independent replay.
  const a = new GradientBoostingRegressor({ nEstimators: 8, maxDepth: 3, categoricalFeatures: [0, 1], subsample: 0.5, randomState: 4, evalMetric: 'rmse' }).fit(Xs, ytr, { evalSet: [Xs, ytr] });
  const pred = Array.from(a.predict(Xs).dataSync());
  const rmse = Math.sqrt(pred.reduce((s, v, i) => s + (v - ytr[i]) ** 2, 0) / ytr.length);
  const hist = (a.model as { evalHistory: number[] }).evalHistory;
  assert.ok(Math.abs(hist[hist.length - 1] - rmse) < 1e-9, `${hist[hist.length - 1]} vs ${rmse}`);
});

test('categoricalFeatures, maxCatToOnehot and catSmooth are checked with typed errors', () => {
  const y = fx.yReg.slice(0, 50), x = Xtr.slice(0, 50);
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ categoricalFeatures: [4] }, /categoricalFeatures: expected feature indices in \[0, 3\], got 4/],
    [{ categoricalFeatures: [true, false] }, /categoricalFeatures: a boolean mask needs one boolean per feature \(4\), got 2/],
    [{ categoricalFeatures: [2] }, /categoricalFeatures: feature 2 must hold integer category codes in \[0, 254\]/],
    [{ categoricalFeatures: [0], maxBins: 16 }, /categoricalFeatures: feature 0 must hold integer category codes in \[0, 14\]/],
    [{ categoricalFeatures: [0], treeMethod: 'exact' }, /categoricalFeatures: native categorical splits need treeMethod 'hist'/],
    [{ maxCatToOnehot: 0 }, /maxCatToOnehot: expected a positive integer, got 0/],
    [{ catSmooth: -1 }, /catSmooth/],
  ];
  for (const [opts, re] of bad) assert.throws(() => new GradientBoostingRegressor({ nEstimators: 2, ...opts }).fit(x, y), (e: Error) => e instanceof ValueError && re.test(e.message), JSON.stringify(opts));
  // One-vs-rest for every feature (maxCatToOnehot above 40) still learns the 40-level feature.
  const ytr = fx.yReg.slice(0, fx.nTrain);
  const onehot = new GradientBoostingRegressor({ ...base, categoricalFeatures: [0, 1], maxCatToOnehot: 64, catSmooth: 5 }).fit(Xtr, ytr);
  assert.ok((r2Score(fx.yReg.slice(fx.nTrain), onehot.predict(Xte)) as number) > 0.8);
});

test('getDump: one text tree per round and output, numeric and categorical splits', () => {
  const ytr = fx.yClf.slice(0, 400);
  const clf = new GradientBoostingClassifier({ nEstimators: 3, maxDepth: 2, categoricalFeatures: [0] }).fit(Xtr.slice(0, 400), ytr);
  const dump = clf.getDump();
  assert.equal(dump.length, 3);
  assert.ok(dump.some((d) => / in \{/.test(d)));
  assert.match(dump[0], /^0:\[f\d+(<=| in )/);
  assert.ok(dump.every((d) => /leaf=/.test(d)));
  const reg = new GradientBoostingRegressor({ nEstimators: 2, maxDepth: 2 }).fit(Xtr.slice(0, 400), ytr);
  assert.equal(reg.getDump().length, 2);
});
