// Exclusive feature bundling (enableBundle): same trees as without it, fewer histogram columns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GradientBoostingClassifier, GradientBoostingRegressor } from '../../../src/learn/boosting/index.js';
import { BinMapper } from '../../../src/learn/boosting/binning.js';
import { bundleFeatures } from '../../../src/learn/boosting/bundling.js';
import type { BoostedTree } from '../../../src/learn/boosting/tree.js';
import { ValueError } from '../../../src/tensor/errors.js';

/** n rows: `groups` categorical variables of `levels` levels one-hot encoded, then two numeric columns; a target driven by both. */
function oneHot(n: number, groups: number, levels: number, seed: number): { X: number[][]; y: number[]; yc: number[] } {
  let s = seed;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  const effect = Array.from({ length: groups * levels }, () => rnd() * 2 - 1);
  const X: number[][] = [], y: number[] = [], yc: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = new Array<number>(groups * levels + 2).fill(0);
    let t = 0;
    for (let g = 0; g < groups; g++) { const l = Math.floor(rnd() * levels); row[g * levels + l] = 1; t += effect[g * levels + l]; }
    row[groups * levels] = rnd(); row[groups * levels + 1] = rnd();
    t += Math.sin(6 * row[groups * levels]) + (rnd() - 0.5) * 0.2;
    X.push(row); y.push(t); yc.push(t > 0 ? 1 : 0);
  }
  return { X, y, yc };
}

/**
 * The same trees up to rounding: a bundled feature's default bin is the node total minus its
 * other bins (not a direct sum), so gains agree to rounding, and where the unbundled search saw
 * an exact tie between two mirror-image splits (the last two levels of a group left in a node:
 * "A = 1" and "B = 1" cut the same rows) rounding may pick the other one, with the same leaves
 * swapped (small deep nodes have more such ties, between any splits that cut their rows the
 * same way). So: same node counts, leaf values and gains as multisets, and the same predictions.
 */
function sameTrees(a: BoostedTree[][], b: BoostedTree[][]): void {
  assert.equal(a.length, b.length);
  const near = (x: number, y: number) => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(y));
  a.flat().forEach((t, i) => {
    const u = b.flat()[i];
    assert.equal(t.nodeCount, u.nodeCount, `tree ${i} node count`);
    const leaves = (w: BoostedTree) => Array.from(w.value).filter((_, v) => w.left[v] < 0).sort((x, y) => x - y);
    const lt = leaves(t), lu = leaves(u);
    lt.forEach((v, k) => assert.ok(near(v, lu[k]), `tree ${i} leaf ${k}: ${v} vs ${lu[k]}`));
    const gains = (w: BoostedTree) => Array.from(w.gain).filter((_, v) => w.left[v] >= 0).sort((x, y) => x - y);
    const gt = gains(t), gu = gains(u);
    gt.forEach((g, k) => assert.ok(near(g, gu[k]), `tree ${i} gain ${k}: ${g} vs ${gu[k]}`));
  });
}

test('bundling one-hot columns: 8 groups of 10 levels pack into 8 columns next to the 2 numeric ones', () => {
  const { X } = oneHot(500, 8, 10, 1);
  const p = X[0].length, n = X.length;
  const x = Float64Array.from(X.flat());
  const mapper = BinMapper.fit(x, n, p, 256);
  const codes = mapper.transform(x, n, p);
  const bins = new Uint8Array(n * p);
  for (let i = 0; i < n; i++) for (let f = 0; f < p; f++) bins[f * n + i] = codes[i * p + f];
  const b = bundleFeatures(bins, n, p, mapper, 256, 0, null);
  assert.ok(b);
  assert.equal(b.nCols, 10);
  assert.equal(b.nBundled, 80);
  // Conflict-free: within a group exactly one column is hot, so each row has one code per bundle.
  for (let f = 0; f < 80; f++) assert.equal(b.defaultBin[f], 0);
  assert.equal(bundleFeatures(bins, n, p, mapper, 256, 0, Uint8Array.from({ length: p }, () => 1)), null, 'all excluded: nothing to bundle');
});

test('enableBundle gives the trees and predictions of the unbundled model (conflict rate 0), with column sampling too', () => {
  // (Not with row subsampling: there a tie between two splits that cut the sampled rows alike
  // may send an out-of-sample row the other way, and the next rounds' gradients follow it.)
  const { X, y, yc } = oneHot(1500, 6, 12, 7);
  for (const extra of [{}, { colsampleBytree: 0.7, colsampleBylevel: 0.8, colsampleBynode: 0.9, randomState: 5 }, { growPolicy: 'lossguide' as const, maxLeaves: 12, maxDepth: 0 }]) {
    const opts = { nEstimators: 15, maxDepth: 4, ...extra };
    const on = new GradientBoostingRegressor({ ...opts, enableBundle: true }).fit(X, y);
    const off = new GradientBoostingRegressor({ ...opts, enableBundle: false }).fit(X, y);
    const a = Array.from(on.predict(X).dataSync()), b = Array.from(off.predict(X).dataSync());
    sameTrees((on.model as { trees: BoostedTree[][] }).trees, (off.model as { trees: BoostedTree[][] }).trees);
    for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= 1e-10 * Math.max(1, Math.abs(b[i])), `${i}: ${a[i]} vs ${b[i]}`);
  }
  const c1 = new GradientBoostingClassifier({ nEstimators: 10, maxDepth: 3 }).fit(X, yc);
  const c0 = new GradientBoostingClassifier({ nEstimators: 10, maxDepth: 3, enableBundle: false }).fit(X, yc);
  sameTrees((c1.model as { trees: BoostedTree[][] }).trees, (c0.model as { trees: BoostedTree[][] }).trees);
  // Save/load keeps the option and the model.
  const back = GradientBoostingClassifier.fromJSON(JSON.parse(JSON.stringify(c1.toJSON())));
  assert.deepEqual(Array.from(back.predictProba(X).dataSync()), Array.from(c1.predictProba(X).dataSync()));
  assert.equal(back.getParams().enableBundle, true);
});

test('maxConflictRate > 0 bundles overlapping sparse features (approximate histograms) and still learns; options are checked', () => {
  const { X, y } = oneHot(1500, 6, 12, 11);
  // Two sparse indicator columns that overlap now and then.
  X.forEach((r, i) => { r.push(i % 17 === 0 ? 1 : 0, i % 13 === 0 ? 1 : 0); });
  const reg = new GradientBoostingRegressor({ nEstimators: 30, maxDepth: 4, maxConflictRate: 0.05 }).fit(X, y);
  const ref = new GradientBoostingRegressor({ nEstimators: 30, maxDepth: 4, enableBundle: false }).fit(X, y);
  assert.ok(reg.score(X, y) > ref.score(X, y) - 0.02, `${reg.score(X, y)} vs unbundled ${ref.score(X, y)}`);
  assert.throws(() => new GradientBoostingRegressor({ maxConflictRate: 1 }).fit(X, y), (e: Error) => e instanceof ValueError && /maxConflictRate: expected a number in \[0, 1\), got 1/.test(e.message));
  assert.throws(() => new GradientBoostingRegressor({ enableBundle: 'yes' as unknown as boolean }).fit(X, y), /enableBundle: expected a boolean, got yes/);
});

test('bundling next to a categorical feature (never bundled) and with leaf-wise growth: the same model as without', () => {
  const { X, y } = oneHot(1200, 5, 8, 3);
  // A categorical code column that is mostly 0 (a bundling candidate were it numeric).
  const lift = [0, 2, -2, 1, -1, 3, -3, 1.5];
  X.forEach((r, i) => { const c = i % 5 === 0 ? 1 + (i % 7) : 0; r.push(c); y[i] += lift[c]; });
  const cf = [X[0].length - 1];
  const opts = { nEstimators: 10, growPolicy: 'lossguide' as const, maxLeaves: 10, maxDepth: 0, categoricalFeatures: cf };
  const on = new GradientBoostingRegressor(opts).fit(X, y);
  const off = new GradientBoostingRegressor({ ...opts, enableBundle: false }).fit(X, y);
  sameTrees((on.model as { trees: BoostedTree[][] }).trees, (off.model as { trees: BoostedTree[][] }).trees);
  const a = Array.from(on.predict(X).dataSync()), b = Array.from(off.predict(X).dataSync());
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= 1e-10 * Math.max(1, Math.abs(b[i])), `${i}: ${a[i]} vs ${b[i]}`);
  assert.ok((on.model as { trees: BoostedTree[][] }).trees.flat().some((t) => t.categories !== null), 'the categorical column is split as categories');
});
