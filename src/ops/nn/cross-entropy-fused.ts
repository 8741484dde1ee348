import { Tensor } from '../../tensor/tensor.js';
import { allocStorage } from '../../tensor/dtype.js';
import { backend } from '../../backend/index.js';
import { record } from '../../autograd/record.js';
import { markFreshGradient } from '../../autograd/fresh.js';
import { isGradEnabled } from '../../autograd/grad-mode.js';
import { grad } from '../../autograd/engine.js';

// Cross-entropy of [N, C] logits against int32 class indices as ONE node (no class weights, no
// label smoothing, 'mean' or 'sum'): forward log-sum-exp per row minus the target's logit, first-
// order backward (softmax - onehot) * g / count in one buffer. With createGraph the backward
// differentiates `composite` (crossEntropy's math path) instead.

type FloatArray = Float32Array | Float64Array;

/**
 * The loss; targets are already checked (in range or ignoreIndex). 'mean' divides by the number
 * of non-ignored rows (NaN when there is none, as PyTorch).
 */
export function fusedCrossEntropy(input: Tensor, target: Tensor, ignoreIndex: number, reduction: 'mean' | 'sum', composite: (x: Tensor) => Tensor): Tensor {
  const N = input.shape[0], C = input.shape[1];
  const dtype = input.dtype;
  const x = input.dataSync() as FloatArray;
  const t = target.dataSync() as Int32Array;
  const lse = allocStorage(dtype, N) as FloatArray;
  if (N * C > 0) backend().logsumexp(x, N, C, 1, lse);
  let total = 0, count = 0;
  for (let n = 0; n < N; n++) {
    const c = t[n];
    if (c === ignoreIndex) continue;
    total += lse[n] - x[n * C + c];
    count++;
  }
  const out = new Tensor(allocStorage(dtype, 1), [], dtype);
  out.storage[0] = reduction === 'mean' ? total / count : total;
  return record('crossEntropy', [input], out, (g) => {
    if (isGradEnabled()) return grad(composite(input), [input], { gradOutputs: g, createGraph: true, retainGraph: true });
    const dx = new Tensor(allocStorage(dtype, N * C), [N, C], dtype);
    const d = dx.storage as FloatArray;
    if (N * C > 0) backend().softmax(x, N, C, 1, d, false);
    const s = g.item() / (reduction === 'mean' ? count : 1);
    for (let n = 0; n < N; n++) {
      const c = t[n], o = n * C;
      if (c === ignoreIndex) d.fill(0, o, o + C);
      else d[o + c] -= 1;
    }
    if (N * C > 0) backend().unary('mulScalar', { data: d, shape: [N * C], strides: [1], offset: 0 }, d, s);
    return [markFreshGradient(dx)]; // a new buffer only this rule has seen
  });
}
