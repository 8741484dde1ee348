// Exact split finding (treeMethod 'exact') against XGBoost 1.7's tree_method='exact'
// (test/fixtures/learn/boosting_exact.json, tools/parity_learn/boosting_exact.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../../src/io/node.js';
import { loadBreastCancer, loadDiabetes, loadIris } from '../../../src/data/index.js';
import { GradientBoostingClassifier, GradientBoostingRegressor } from '../../../src/learn/boosting/index.js';
import type { BoostedTree } from '../../../src/learn/boosting/tree.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { ValueError } from '../../../src/tensor/errors.js';

interface XgbNode { path: string; leaf?: number; feature?: number; threshold?: number; missingLeft?: boolean }
interface ExactCase { dataset: string; missing: boolean; nanIndex: number[]; objective: string; params: Record<string, number>; baseScore: number; trees: XgbNode[][]; margin: (number | number[])[] }

const fixture = JSON.parse(readFileSync(join(packageRoot(), 'test/fixtures/learn/boosting_exact.json'), 'utf8')) as { cases: ExactCase[] };
const loaders: Record<string, () => { data: Tensor; target: Tensor }> = { breast_cancer: loadBreastCancer, diabetes: loadDiabetes, iris: loadIris };

/** The case's data, with the generator's missing values (flat indices) set to NaN. */
function data(c: ExactCase): { X: Tensor; y: number[] } {
  const ds = loaders[c.dataset]();
  const X = Float64Array.from(ds.data.dataSync() as Float64Array);
  for (const i of c.nanIndex) X[i] = NaN;
  const y = Array.from(ds.target.dataSync() as Float64Array, Number);
  return { X: new Tensor(X, ds.data.shape, 'float64'), y };
}

function nodeAt(t: BoostedTree, path: string): number {
  let v = 0;
  for (const ch of path) v = ch === 'L' ? t.left[v] : t.right[v];
  return v;
}

// XGBoost keeps predictions, gradients and leaves in float32: values agree to 1e-6 of the
// prediction scale (diabetes targets are ~150, so its residuals carry float32 noise of ~1e-5).
const close = (a: number, b: number, scale = 1) => Math.abs(a - b) <= 1e-6 * Math.max(scale, Math.abs(b));

for (const c of fixture.cases) {
  const p = c.params;
  const scale = Math.max(1, Math.abs(c.baseScore));
  test(`exact parity: ${c.dataset}${c.missing ? ' with 10% missing' : ''} ${c.objective} depth ${p.max_depth} (lambda ${p.reg_lambda}, alpha ${p.reg_alpha}, gamma ${p.gamma}, mcw ${p.min_child_weight}): XGBoost's splits, thresholds and margins to 1e-6`, () => {
    const { X, y } = data(c);
    const opts = { treeMethod: 'exact' as const, nEstimators: p.n_estimators, maxDepth: p.max_depth, learningRate: p.learning_rate, regLambda: p.reg_lambda, regAlpha: p.reg_alpha, gamma: p.gamma, minChildWeight: p.min_child_weight, baseScore: c.baseScore };
    const est = c.objective === 'reg:squarederror' ? new GradientBoostingRegressor(opts).fit(X, y) : new GradientBoostingClassifier(opts).fit(X, y);
    const trees = (est.model as { trees: BoostedTree[][] }).trees.flat();
    assert.equal(trees.length, c.trees.length);
    trees.forEach((t, i) => {
      assert.equal(t.nodeCount, c.trees[i].length, `tree ${i} node count`);
      for (const n of c.trees[i]) {
        const v = nodeAt(t, n.path);
        if (n.leaf !== undefined) {
          assert.equal(t.left[v], -1, `tree ${i} node ${n.path} should be a leaf`);
          assert.ok(close(t.value[v], n.leaf, scale), `tree ${i} leaf ${n.path}: ${t.value[v]} vs ${n.leaf}`);
        } else {
          assert.equal(t.feature[v], n.feature, `tree ${i} feature at ${n.path}`);
          assert.equal(t.threshold[v], Math.fround(n.threshold as number), `tree ${i} threshold at ${n.path}`);
          assert.equal(t.defaultLeft[v] === 1, n.missingLeft, `tree ${i} default at ${n.path}`);
        }
      }
    });
    const out = est instanceof GradientBoostingRegressor ? est.predict(X) : est.decisionFunction(X);
    const margin = Array.from(out.dataSync() as Float64Array);
    const want = c.margin.flat();
    assert.equal(margin.length, want.length);
    // multi:softprob adds base_score to every class's margin (softmax ignores it); nabla starts at 0.
    const shift = c.objective === 'multi:softprob' ? c.baseScore : 0;
    for (let i = 0; i < want.length; i++) assert.ok(close(margin[i] + shift, want[i], scale), `margin ${i}: ${margin[i] + shift} vs ${want[i]}`);
  });
}

test('exact: row subsampling, column sampling and save/load work; the options are checked', () => {
  const bc = loadBreastCancer();
  const y = Array.from(bc.target.dataSync() as Float64Array, Number);
  const opts = { treeMethod: 'exact' as const, nEstimators: 10, maxDepth: 3, subsample: 0.7, colsampleBytree: 0.6, colsampleBylevel: 0.8, randomState: 3 };
  const a = new GradientBoostingClassifier(opts).fit(bc.data, y);
  const b = new GradientBoostingClassifier(opts).fit(bc.data, y);
  assert.deepEqual(Array.from(a.predictProba(bc.data).dataSync()), Array.from(b.predictProba(bc.data).dataSync()));
  assert.ok(a.score(bc.data, y) > 0.97);
  assert.equal(a.getParams().treeMethod, 'exact');
  const back = GradientBoostingClassifier.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
  assert.deepEqual(Array.from(back.predictProba(bc.data).dataSync()), Array.from(a.predictProba(bc.data).dataSync()));
  assert.throws(() => new GradientBoostingClassifier({ treeMethod: 'exact', growPolicy: 'lossguide', maxLeaves: 8 }).fit(bc.data, y), (e: Error) => e instanceof ValueError && /treeMethod: 'exact' grows depth-wise only/.test(e.message));
  assert.throws(() => new GradientBoostingRegressor({ treeMethod: 'approx' as 'exact' }).fit(bc.data, y), /treeMethod: expected 'hist' or 'exact', got approx/);
});

test('exact and hist agree when every distinct value has its own bin', () => {
  // Few distinct values: hist's cuts are the midpoints of neighbouring values, so both methods
  // see the same candidates and grow the same trees.
  const X: number[][] = [], y: number[] = [];
  for (let i = 0; i < 300; i++) { const a = i % 13, b = (i * 7) % 17; X.push([a, b]); y.push(Math.sin(a) * 3 + (b > 8 ? 2 : 0) + (i % 5) * 0.1); }
  const hist = new GradientBoostingRegressor({ nEstimators: 5, maxDepth: 3 }).fit(X, y);
  const exact = new GradientBoostingRegressor({ nEstimators: 5, maxDepth: 3, treeMethod: 'exact' }).fit(X, y);
  const ph = Array.from(hist.predict(X).dataSync()), pe = Array.from(exact.predict(X).dataSync());
  for (let i = 0; i < ph.length; i++) assert.ok(Math.abs(ph[i] - pe[i]) < 1e-9, `${i}: ${ph[i]} vs ${pe[i]}`);
});
