import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as clustering from '../../src/metrics/clustering.js';
import * as statistics from '../../src/metrics/statistics.js';
import * as bv from '../../src/metrics/bias-variance.js';
import { ShapeError, ValueError } from '../../src/index.js';
import { loadFixture, assertClose } from './fixture-more.js';

const fns: Record<string, (...a: unknown[]) => unknown> = { ...clustering, ...statistics, ...bv } as unknown as Record<string, (...a: unknown[]) => unknown>;
const fixture = loadFixture('metrics_more.json');

test('metrics_more fixture covers every function it names', () => {
  assert.ok(fixture.cases.length > 100);
  for (const c of fixture.cases) assert.equal(typeof fns[c.fn], 'function', c.fn);
});

fixture.cases.forEach((c, i) => {
  test(`parity ${i}: ${c.fn}`, () => {
    const args = [...c.args];
    if (Object.keys(c.kwargs).length > 0) {
      // options go after the positional arguments; the second input of cov/corrcoef/entropy/spearmanr may be absent
      if (['cov', 'corrcoef', 'spearmanr'].includes(c.fn) && args.length === 1) args.push(undefined);
      args.push(c.kwargs);
    }
    assertClose(fns[c.fn](...args), c.out, 1e-9, `${c.fn}#${i}`);
  });
});

test('clustering: bad input is a typed error naming the argument', () => {
  assert.throws(() => clustering.adjustedRandScore([0, 1, 1], [0, 1]), (e: Error) => e instanceof ShapeError && /labelsTrue and labelsPred.*3 and 2/.test(e.message));
  assert.throws(() => clustering.silhouetteScore([[0], [1], [2]], [0, 0, 0]), (e: Error) => e instanceof ValueError && /number of labels is 1/.test(e.message));
  assert.throws(() => clustering.silhouetteScore([[0], [NaN]], [0, 1]), (e: Error) => e instanceof ValueError && /X.*NaN/.test(e.message));
  assert.throws(() => clustering.normalizedMutualInfoScore([0, 1], [0, 1], { averageMethod: 'mean' as 'max' }), (e: Error) => e instanceof ValueError && /averageMethod/.test(e.message));
  assert.throws(() => clustering.silhouetteSamples([[1, 2], [2, 0]], [0, 1], { metric: 'precomputed' }), (e: Error) => e instanceof ValueError && /diagonal/.test(e.message));
});

test('clustering scores are invariant to renaming labels (strings or numbers)', () => {
  const a = [0, 0, 1, 1, 2, 2, 2], b = [1, 1, 0, 2, 2, 0, 0];
  const s = ['p', 'p', 'q', 'q', 'r', 'r', 'r'];
  for (const f of [clustering.adjustedRandScore, clustering.normalizedMutualInfoScore, clustering.adjustedMutualInfoScore]) {
    assert.ok(Math.abs(f(a, b) - f(s, b)) < 1e-15);
    assert.ok(Math.abs(f(a, b) - f(b, a)) < 1e-12, 'symmetric');
  }
});

test('statistics: information gain of a perfect and a useless split (bits)', () => {
  const parent = ['y', 'y', 'n', 'n'];
  assert.equal(statistics.informationGain(parent, [['y', 'y'], ['n', 'n']]), 1);
  assert.equal(statistics.informationGain(parent, [['y', 'n'], ['y', 'n']]), 0);
  // 9 yes / 5 no, split by 'outlook' (Quinlan's play-tennis): gain 0.2467 bits
  const p = [...Array(9).fill(1), ...Array(5).fill(0)];
  const g = statistics.informationGain(p, [[1, 1, 0, 0, 0], [1, 1, 1, 1], [1, 1, 1, 0, 0]]);
  assert.ok(Math.abs(g - 0.24674981977443933) < 1e-12, String(g));
  assert.throws(() => statistics.informationGain(parent, [['y'], ['n']]), (e: Error) => e instanceof ShapeError && /partition/.test(e.message));
});

test('statistics: mutualInformation in bits equals entropy for identical variables', () => {
  const x = [0, 1, 2, 3, 0, 1, 2, 3];
  assert.ok(Math.abs(statistics.mutualInformation(x, x, { base: 2 }) - 2) < 1e-12);
  assert.throws(() => statistics.mutualInformation([0, 1], [0]), (e: Error) => e instanceof ShapeError && /x and y.*2 and 1/.test(e.message));
});

test('statistics: rankData averages ties as scipy', () => {
  assert.deepEqual(Array.from(statistics.rankData([10, 20, 10, 30, 20, 20])), [1.5, 4, 1.5, 6, 4, 4]);
});
