import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';

test('in-place arithmetic updates the tensor and returns it', () => {
  const x = nb.tensor([1, 2, 3]);
  assert.equal(x.add_(1).mul_(2), x);
  assert.deepEqual(x.toArray(), [4, 6, 8]);
  x.sub_(nb.tensor([1, 1, 1])).div_(2);
  assert.deepEqual(x.toArray(), [1.5, 2.5, 3.5]);
  x.zero_();
  assert.deepEqual(x.toArray(), [0, 0, 0]);
});

test('copy_ into a strided view writes only that view', () => {
  const m = nb.zeros([2, 3]);
  m.transpose(0, 1).select(1, 1).copy_(nb.tensor([7, 8, 9])); // row 1 of m
  assert.deepEqual(m.toArray(), [[0, 0, 0], [7, 8, 9]]);
  m.slice(1, 0, 3, 2).fill_(5); // columns 0 and 2
  assert.deepEqual(m.toArray(), [[5, 0, 5], [5, 8, 5]]);
});

test('copy_ from a view of the same storage reads the old values (no aliasing)', () => {
  const x = nb.tensor([1, 2, 3, 4, 5]);
  x.copy_(x.flip(0).detach());
  assert.deepEqual(x.toArray(), [5, 4, 3, 2, 1]);
  const y = nb.tensor([1, 2, 3, 4, 5]);
  y.slice(0, 1).copy_(y.slice(0, 0, 4)); // shift right by one, overlapping
  assert.deepEqual(y.toArray(), [1, 1, 2, 3, 4]);
});

test('in-place on a tensor that requires grad is refused while grad mode is on', () => {
  const w = nb.ones([2], { requiresGrad: true });
  assert.throws(() => w.add_(1), (e: unknown) => e instanceof nb.ValueError && /noGrad/.test(e.message));
  nb.noGrad(() => w.sub_(0.5));
  assert.deepEqual(w.toArray(), [0.5, 0.5]);
});
