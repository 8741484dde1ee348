import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';

const bits = (t: nb.Tensor) => [...t.dataSync()];

test('random: the same seed gives identical bits, a different seed different numbers', () => {
  const draw = () => [nb.rand([50]), nb.randn([51]), nb.randint(0, 100, [20]), nb.randperm(30), nb.bernoulli(0.5, [40]),
    nb.multinomial(nb.tensor([1, 2, 3, 4]), 3), nb.normal(2, 3, [7], { dtype: 'float64' }), nb.uniform(-1, 1, [9])];
  nb.manualSeed(123);
  const a = draw();
  nb.manualSeed(123);
  const b = draw();
  a.forEach((t, i) => assert.deepEqual(bits(t), bits(b[i]), `draw ${i}`));
  nb.manualSeed(124);
  const c = draw();
  assert.notDeepEqual(bits(a[0]), bits(c[0]));
  assert.notDeepEqual(bits(a[1]), bits(c[1]));
  assert.equal(nb.getSeed(), 124);
  // state save / restore
  const st = nb.getRngState();
  const x = bits(nb.rand([5]));
  nb.setRngState(st);
  assert.deepEqual(bits(nb.rand([5])), x);
});

test('random: ranges and dtypes', () => {
  nb.manualSeed(1);
  const r = nb.rand([10000]).dataSync();
  assert.ok(r.every((v) => v >= 0 && v < 1));
  const u = nb.uniform(-2, 3, [10000], { dtype: 'float64' }).dataSync();
  assert.ok(u.every((v) => v >= -2 && v < 3));
  const i = nb.randint(-3, 4, [10000]);
  assert.equal(i.dtype, 'int32');
  const iv = i.dataSync();
  assert.ok(iv.every((v) => v >= -3 && v < 4));
  for (let k = -3; k < 4; k++) assert.ok(iv.includes(k), `randint never drew ${k}`);
  assert.throws(() => nb.randint(3, 3, [1]), nb.ValueError);
  assert.throws(() => nb.rand([2], { dtype: 'int32' }), nb.DTypeError);
  assert.throws(() => nb.normal(0, -1, [2]), nb.ValueError);
  const b = nb.bernoulli(nb.tensor([0, 1, 0, 1])).toArray();
  assert.deepEqual(b, [0, 1, 0, 1]);
  assert.throws(() => nb.bernoulli(1.5, [2]), nb.ValueError);
});

test('random: moments of randn, rand, normal and bernoulli over 100k samples', () => {
  nb.manualSeed(7);
  const n = 100000;
  const moments = (t: nb.Tensor) => {
    const d = t.dataSync();
    let s = 0, s2 = 0;
    for (const v of d) { s += v; s2 += v * v; }
    const m = s / d.length;
    return [m, Math.sqrt(s2 / d.length - m * m)];
  };
  // standard errors: mean 1/sqrt(n) ≈ 0.003, std ≈ 0.0022; allow ~5 of them
  const [m, sd] = moments(nb.randn([n]));
  assert.ok(Math.abs(m) < 0.015, `randn mean ${m}`);
  assert.ok(Math.abs(sd - 1) < 0.012, `randn std ${sd}`);
  const [mu, su] = moments(nb.rand([n]));
  assert.ok(Math.abs(mu - 0.5) < 0.005, `rand mean ${mu}`);
  assert.ok(Math.abs(su - Math.sqrt(1 / 12)) < 0.005, `rand std ${su}`);
  const [mn, sn] = moments(nb.normal(3, 2, [n]));
  assert.ok(Math.abs(mn - 3) < 0.03 && Math.abs(sn - 2) < 0.025, `normal ${mn} ${sn}`);
  const [mb] = moments(nb.bernoulli(0.3, [n]));
  assert.ok(Math.abs(mb - 0.3) < 0.008, `bernoulli mean ${mb}`);
  // randn tails: about 4.55% beyond 2 sigma
  const d = nb.randn([n]).dataSync();
  const tail = d.filter((v) => Math.abs(v) > 2).length / n;
  assert.ok(Math.abs(tail - 0.0455) < 0.004, `tail ${tail}`);
});

test('randperm is a permutation; multinomial frequencies; without replacement has no repeats', () => {
  nb.manualSeed(3);
  for (const n of [0, 1, 2, 17, 1000]) {
    const p = [...nb.randperm(n).dataSync()].sort((a, b) => a - b);
    assert.deepEqual(p, Array.from({ length: n }, (_, i) => i));
  }
  const w = nb.tensor([[1, 0, 3, 0, 2], [0, 5, 0, 1, 0]]);
  for (let trial = 0; trial < 50; trial++) {
    const s = nb.multinomial(w, 2).toArray() as number[][];
    assert.notEqual(s[1][0], s[1][1]);
    assert.notEqual(s[0][0], s[0][1]);
    for (const v of s[0]) assert.ok([0, 2, 4].includes(v), `row 0 drew zero-weight ${v}`);
  }
  const all = nb.multinomial(nb.tensor([1, 1, 1, 0]), 3).dataSync();
  assert.deepEqual([...all].sort(), [0, 1, 2]);
  assert.throws(() => nb.multinomial(nb.tensor([1, 1]), 3), nb.ValueError);
  const counts = [0, 0, 0];
  for (const v of nb.multinomial(nb.tensor([1, 2, 7]), 20000, true).dataSync()) counts[v]++;
  [0.1, 0.2, 0.7].forEach((p, i) => assert.ok(Math.abs(counts[i] / 20000 - p) < 0.015, `category ${i}: ${counts[i]}`));
  assert.throws(() => nb.multinomial(nb.tensor([-1, 1]), 1), nb.ValueError);
});
