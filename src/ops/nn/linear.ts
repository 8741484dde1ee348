import type { Tensor } from '../../tensor/tensor.js';
import { ShapeError, fmtShape } from '../../tensor/errors.js';
import { add, mul } from '../binary.js';
import { matmul } from '../matmul.js';
import { mT, permute, reshape, unsqueeze } from '../movement.js';
import { sum } from '../reduce.js';
import { isFloat } from '../../tensor/dtype.js';
import { noGrad } from '../../autograd/grad-mode.js';
import { record } from '../../autograd/record.js';
import { markFreshGradient } from '../../autograd/fresh.js';
import { binary_ } from '../scratch.js';
import { biasGrad } from './bias-grad.js';

/**
 * y = x Wᵀ + b (PyTorch's `F.linear`): x [..., in], weight [out, in], bias [out] → [..., out].
 * The transpose is a view, so the matmul reads W in place.
 *
 * ```ts
 * const y = linear(x, w, b); // x [B, 784], w [256, 784] → [B, 256]
 * ```
 */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  const op = 'linear';
  if (weight.ndim !== 2) throw new ShapeError(`${op}: expected a 2-D weight [outFeatures, inFeatures], got shape ${fmtShape(weight.shape)}`);
  if (x.ndim === 0 || x.shape[x.ndim - 1] !== weight.shape[1]) {
    throw new ShapeError(`${op}: input ${fmtShape(x.shape)} must end in inFeatures = ${weight.shape[1]} (weight ${fmtShape(weight.shape)})`);
  }
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== weight.shape[0])) {
    throw new ShapeError(`${op}: bias of shape ${fmtShape(bias.shape)}, expected [${weight.shape[0]}]`);
  }
  if (bias && x.dtype === weight.dtype && bias.dtype === x.dtype && isFloat(x.dtype)) return linearBiased(x, weight, bias);
  const y = matmul(x, mT(weight));
  return bias ? add(y, bias) : y;
}

/**
 * x Wᵀ + b as ONE node: the bias is added in place to the fresh product (no second [..., out]
 * output), and the backward is dx = g W, dW = gᵀ x (contiguous, as the optimizer wants it),
 * db = Σ g, written with tensor ops (so createGraph still differentiates it).
 */
function linearBiased(x: Tensor, weight: Tensor, bias: Tensor): Tensor {
  const y = noGrad(() => matmul(x, mT(weight))); // [..., out], fresh and contiguous
  binary_('add', y, bias);
  const out = weight.shape[0], inF = weight.shape[1];
  return record('linear', [x, weight, bias], y, (g) => {
    const g2 = reshape(g, [-1, out]); // [N, out]
    return [
      x.requiresGrad ? markFreshGradient(matmul(g, weight)) : null, // [..., in], a new buffer
      weight.requiresGrad ? matmul(mT(g2), reshape(x, [-1, inF])) : null, // [out, in]
      bias.requiresGrad ? biasGrad(g2) : null, // [out]
    ];
  });
}

/**
 * y_k = x1ᵀ W_k x2 + b_k (PyTorch's `F.bilinear`): x1 [..., in1], x2 [..., in2],
 * weight [out, in1, in2], bias [out] → [..., out].
 */
export function bilinear(x1: Tensor, x2: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  const op = 'bilinear';
  if (weight.ndim !== 3) throw new ShapeError(`${op}: expected a 3-D weight [out, in1, in2], got shape ${fmtShape(weight.shape)}`);
  const [out, in1, in2] = weight.shape;
  const lead = x1.shape.slice(0, -1);
  if (x1.ndim === 0 || x1.shape[x1.ndim - 1] !== in1 || x2.ndim !== x1.ndim || x2.shape[x2.ndim - 1] !== in2 || x2.shape.slice(0, -1).some((s, i) => s !== lead[i])) {
    throw new ShapeError(`${op}: inputs ${fmtShape(x1.shape)} and ${fmtShape(x2.shape)} must be [..., ${in1}] and [..., ${in2}] with the same leading dims (weight ${fmtShape(weight.shape)})`);
  }
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== out)) throw new ShapeError(`${op}: bias of shape ${fmtShape(bias.shape)}, expected [${out}]`);
  const a = reshape(x1, [-1, in1]); // [N, in1]
  const b = reshape(x2, [-1, in2]); // [N, in2]
  const wFlat = reshape(permute(weight, [1, 0, 2]), [in1, out * in2]); // [in1, out*in2]
  const t = reshape(matmul(a, wFlat), [-1, out, in2]); // [N, out, in2]
  let y = sum(mul(t, unsqueeze(b, 1)), -1); // [N, out]
  if (bias) y = add(y, bias);
  return reshape(y, [...lead, out]);
}
