import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import { gradgradcheck } from '../../src/autograd/gradcheck.js';

test('relu backward: the gradient where x > 0, exactly 0 elsewhere (NaN/Inf upstream gradients masked, as PyTorch)', () => {
  const x = nb.tensor([-2, -0, 0, 1e-30, 3, NaN, Infinity, -Infinity], { requiresGrad: true });
  const y = nb.relu(x);
  y.backward(nb.tensor([NaN, Infinity, NaN, 5, 7, 9, 11, -Infinity]));
  assert.deepEqual(Array.from(x.grad!.dataSync()), [0, 0, 0, 5, 7, 0, 11, 0]);
  // float64 and second order: d/dg of the backward is the mask
  const z = nb.tensor([[-1, 2], [3, -4]], { dtype: 'float64', requiresGrad: true });
  assert.ok(gradgradcheck((t) => nb.mul(nb.relu(t), t), [nb.add(z, 0.25)]));
});
