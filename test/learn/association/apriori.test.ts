import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apriori, associationRules, type FrequentItemset } from '../../../src/learn/association/index.js';
import { tensor } from '../../../src/tensor/creation.js';
import { ValueError } from '../../../src/tensor/errors.js';

// mlxtend's documentation example (Raschka), values computed by hand below.
const baskets = [
  ['Milk', 'Onion', 'Nutmeg', 'Kidney Beans', 'Eggs', 'Yogurt'],
  ['Dill', 'Onion', 'Nutmeg', 'Kidney Beans', 'Eggs', 'Yogurt'],
  ['Milk', 'Apple', 'Kidney Beans', 'Eggs'],
  ['Milk', 'Unicorn', 'Corn', 'Kidney Beans', 'Yogurt'],
  ['Corn', 'Onion', 'Onion', 'Kidney Beans', 'Ice cream', 'Eggs'],
];

const EXPECTED: [string[], number][] = [
  [['Eggs'], 0.8], [['Kidney Beans'], 1], [['Milk'], 0.6], [['Onion'], 0.6], [['Yogurt'], 0.6],
  [['Eggs', 'Kidney Beans'], 0.8], [['Eggs', 'Onion'], 0.6], [['Kidney Beans', 'Milk'], 0.6],
  [['Kidney Beans', 'Onion'], 0.6], [['Kidney Beans', 'Yogurt'], 0.6],
  [['Eggs', 'Kidney Beans', 'Onion'], 0.6],
];

test('apriori: the textbook basket example (minSupport 0.6)', () => {
  const got = apriori(baskets, { minSupport: 0.6 });
  assert.deepEqual(got.map((f) => [f.itemset, f.support]), EXPECTED);
  // maxLen cuts the levels; a one-hot matrix with column names gives the same result.
  assert.equal(apriori(baskets, { minSupport: 0.6, maxLen: 2 }).length, 10);
  const cols = ['Apple', 'Corn', 'Dill', 'Eggs', 'Ice cream', 'Kidney Beans', 'Milk', 'Nutmeg', 'Onion', 'Unicorn', 'Yogurt'];
  const oneHot = baskets.map((b) => cols.map((c) => (b.includes(c) ? 1 : 0)));
  assert.deepEqual(apriori(tensor(oneHot), { minSupport: 0.6, columns: cols }), got);
  assert.deepEqual(apriori(oneHot.map((r) => r.map((v) => v === 1)), { minSupport: 0.6, columns: cols }), got);
  assert.deepEqual(apriori(oneHot, { minSupport: 0.6, oneHot: true }).map((f) => f.itemset), got.map((f) => f.itemset.map((it) => cols.indexOf(it as string))));
});

test('associationRules: confidence, lift, leverage, conviction by hand', () => {
  const rules = associationRules(apriori(baskets, { minSupport: 0.6 }), { metric: 'confidence', minThreshold: 0.7 });
  const find = (a: string[], c: string[]) => rules.find((r) => r.antecedents.join() === a.join() && r.consequents.join() === c.join());
  const eo = find(['Eggs'], ['Onion']);
  assert.ok(eo);
  assert.equal(eo.support, 0.6); assert.equal(eo.confidence, 0.6 / 0.8);
  assert.ok(Math.abs(eo.lift - 1.25) < 1e-15); assert.ok(Math.abs(eo.leverage - 0.12) < 1e-15); assert.ok(Math.abs(eo.conviction - 1.6) < 1e-12);
  const oe = find(['Onion'], ['Eggs']);
  assert.ok(oe);
  assert.equal(oe.confidence, 1); assert.equal(oe.conviction, Infinity); assert.ok(Math.abs(oe.lift - 1.25) < 1e-15);
  const ek = find(['Eggs'], ['Kidney Beans']);
  assert.ok(ek);
  assert.equal(ek.lift, 1); assert.ok(Math.abs(ek.leverage) < 1e-15);
  assert.ok(find(['Eggs', 'Onion'], ['Kidney Beans']));
  assert.ok(!find(['Kidney Beans'], ['Eggs', 'Onion'])); // confidence 0.6 < 0.7
  // 3-itemset: 6 splits; 2-itemsets: 2 each; count rules with confidence >= 0.7 by hand:
  // E→K 1, K→E .8, E→O .75, O→E 1, K→M .6✗, M→K 1, K→O .6✗, O→K 1, K→Y .6✗, Y→K 1,
  // EK→O .75, EO→K 1, KO→E 1, E→KO .75, K→EO .6✗, O→EK 1  → 12.
  assert.equal(rules.length, 12);
  for (const r of rules) assert.ok(r.confidence >= 0.7);
  const lifted = associationRules(apriori(baskets, { minSupport: 0.6 }), { metric: 'lift', minThreshold: 1.2 });
  for (const r of lifted) assert.ok(Math.abs(r.lift - 1.25) < 1e-12, JSON.stringify(r));
  assert.equal(lifted.length, 6);
});

test('apriori / associationRules: bad input', () => {
  assert.throws(() => apriori(baskets, { minSupport: 0 }), ValueError);
  assert.throws(() => apriori(baskets, { minSupport: 1.5 }), ValueError);
  assert.throws(() => apriori([], { minSupport: 0.5 }), ValueError);
  assert.throws(() => apriori([[0, 2]], { oneHot: true }), /0\/1/);
  assert.throws(() => associationRules([], {}), ValueError);
  const partial: FrequentItemset[] = [{ itemset: ['a', 'b'], support: 0.5 }];
  assert.throws(() => associationRules(partial), /missing/);
  assert.throws(() => associationRules(apriori(baskets), { metric: 'zhang' as 'lift' }), ValueError);
});
