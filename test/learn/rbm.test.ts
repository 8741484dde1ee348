import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { loadDigits } from '../../src/data/digits.js';
import { BernoulliRBM } from '../../src/learn/rbm.js';
import { NotFittedError, ShapeError, ValueError } from '../../src/tensor/errors.js';
import { getRngState } from '../../src/tensor/random.js';

interface Fixture {
  components: number[]; interceptHidden: number[]; interceptVisible: number[]; flips: number[];
  transform: number[]; freeEnergy: number[]; pseudoLikelihood: number[]; meanPseudoLikelihood: number;
}
function fixturePath(): string {
  const rel = join('test', 'fixtures', 'learn', 'rbm.json');
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) if (existsSync(join(dir, rel))) return join(dir, rel);
  return join(process.cwd(), rel);
}
const fx = JSON.parse(readFileSync(fixturePath(), 'utf8')) as Fixture;

const digits = loadDigits();
const all = (digits.data.toArray() as number[][]).map((r) => r.map((v) => (v / 16 > 0.5 ? 1 : 0)));
const Xtr = all.slice(0, 1000), Xte = all.slice(1000, 1200);

function close(a: ArrayLike<number>, e: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(a.length, e.length, what);
  for (let i = 0; i < e.length; i++) assert.ok(Math.abs(a[i] - e[i]) <= tol * (1 + Math.abs(e[i])), `${what}[${i}]: ${a[i]} vs ${e[i]}`);
}

const fromSklearn = (): BernoulliRBM => BernoulliRBM.fromJSON({
  type: 'BernoulliRBM', params: { nComponents: 32, learningRate: 0.05, batchSize: 10, nIter: 10, randomState: 0 },
  components: fx.components, interceptHidden: fx.interceptHidden, interceptVisible: fx.interceptVisible, hSamples: new Array(320).fill(0), nFeaturesIn: 64, rngState: null,
});

test('BernoulliRBM: transform, free energy and pseudo-likelihood match scikit-learn given its weights', () => {
  const rbm = fromSklearn();
  close(rbm.transform(Xte).dataSync(), fx.transform, 1e-12, 'transform');
  close(rbm.freeEnergy(Xte).dataSync(), fx.freeEnergy, 1e-12, 'freeEnergy');
  close(rbm.pseudoLikelihood(Xte, fx.flips).dataSync(), fx.pseudoLikelihood, 1e-10, 'pseudoLikelihood');
});

test('BernoulliRBM: PCD training raises the pseudo-likelihood to scikit-learn\'s level', () => {
  const mean = (t: ArrayLike<number>): number => Array.from(t).reduce((a, b) => a + b, 0) / t.length;
  const opts = { nComponents: 32, learningRate: 0.05, batchSize: 10, randomState: 0 };
  const early = mean(new BernoulliRBM({ ...opts, nIter: 1 }).fit(Xtr.slice(0, 20)).pseudoLikelihood(Xte, fx.flips).dataSync());
  const rbm = new BernoulliRBM({ ...opts, nIter: 10 }).fit(Xtr);
  const trained = mean(rbm.pseudoLikelihood(Xte, fx.flips).dataSync());
  assert.ok(trained > early + 5, `trained ${trained} vs barely trained ${early}`);
  // Different random draws: within 15% of scikit-learn's trained model on the same flips.
  assert.ok(Math.abs(trained - fx.meanPseudoLikelihood) < 0.15 * Math.abs(fx.meanPseudoLikelihood), `nabla ${trained} vs scikit-learn ${fx.meanPseudoLikelihood}`);
  const h = rbm.transform(Xte);
  assert.deepEqual(h.shape, [200, 32]);
  for (const v of h.dataSync()) assert.ok(v >= 0 && v <= 1);
});

test('BernoulliRBM: determinism under randomState, global stream untouched, round-trip', () => {
  const before = getRngState();
  const a = new BernoulliRBM({ nComponents: 8, nIter: 2, randomState: 7 }).fit(Xtr.slice(0, 100));
  a.gibbs(Xte.slice(0, 2));
  assert.deepEqual(getRngState(), before, 'a seeded RBM leaves the global stream alone');
  a.fit(Xtr.slice(0, 100));
  const b = new BernoulliRBM({ nComponents: 8, nIter: 2, randomState: 7 }).fit(Xtr.slice(0, 100));
  assert.deepEqual(a.components?.toArray(), b.components?.toArray());
  assert.deepEqual(a.scoreSamples(Xte).toArray(), b.scoreSamples(Xte).toArray());
  assert.deepEqual(a.gibbs(Xte.slice(0, 3)).toArray(), b.gibbs(Xte.slice(0, 3)).toArray());
  const g = a.gibbs(Xte.slice(0, 3)).dataSync();
  for (const v of g) assert.ok(v === 0 || v === 1);
  const back = BernoulliRBM.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
  assert.deepEqual(back.transform(Xte).toArray(), a.transform(Xte).toArray());
  assert.deepEqual(back.gibbs(Xte.slice(0, 3)).toArray(), a.gibbs(Xte.slice(0, 3)).toArray());
});

test('BernoulliRBM: partialFit initialises once, then takes one PCD step per call', () => {
  const a = new BernoulliRBM({ nComponents: 8, randomState: 1 });
  a.partialFit(Xtr.slice(0, 10));
  const w1 = Array.from(a.components?.dataSync() ?? []);
  a.partialFit(Xtr.slice(10, 20));
  const w2 = Array.from(a.components?.dataSync() ?? []);
  assert.equal(w1.length, 8 * 64);
  assert.notDeepEqual(w1, w2);
  const b = new BernoulliRBM({ nComponents: 8, randomState: 1 }).partialFit(Xtr.slice(0, 10)).partialFit(Xtr.slice(10, 20));
  assert.deepEqual(Array.from(b.components?.dataSync() ?? []), w2);
  assert.throws(() => a.partialFit([[0, 1]]), ShapeError);
});

test('BernoulliRBM: errors', () => {
  assert.throws(() => new BernoulliRBM().transform([[0, 1]]), NotFittedError);
  const rbm = new BernoulliRBM({ nComponents: 2, nIter: 1, randomState: 0 }).fit([[0, 1], [1, 0]]);
  assert.throws(() => rbm.transform([[0, 1, 1]]), ShapeError);
  assert.throws(() => rbm.pseudoLikelihood([[0, 1]], [5]), ValueError);
  assert.throws(() => new BernoulliRBM({ nComponents: 0 }).fit([[0, 1]]), ValueError);
  assert.throws(() => new BernoulliRBM().fit([[NaN, 1]]), ValueError);
});
