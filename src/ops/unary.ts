import { Tensor } from '../tensor/tensor.js';
import { allocUninit, isFloat, type DType } from '../tensor/dtype.js';
import { backend } from '../backend/index.js';
import type { UnaryOp } from '../backend/types.js';
import { record } from '../autograd/record.js';
import { rawCast } from './cast.js';
import { sameFloatShape, viewOf } from './util.js';
import { add, div, gt, ge, le, logicalAnd, mul, sub, where } from './binary.js';
import { zerosLike } from '../tensor/creation.js';
import { isGradEnabled } from '../autograd/grad-mode.js';
import { markFreshGradient } from '../autograd/fresh.js';
import { geluBackwardFused } from './gelu-backward.js';
import { reluBackwardFused } from './relu-backward.js';

type GradRule = (g: Tensor, x: Tensor, out: Tensor, p0: number, p1: number) => Tensor | null;

/** How an elementwise op treats dtypes: 'float' computes in float (ints → float32); 'keep' keeps the input's dtype; 'bool' answers bool. */
type Kind = 'float' | 'keep' | 'bool';

/** Runs a unary kernel; no graph. */
export function unaryRaw(op: UnaryOp, x: Tensor, kind: Kind, p0 = 0, p1 = 0): Tensor {
  let dt: DType = x.dtype;
  if (kind === 'float' && !isFloat(dt)) dt = 'float32';
  if (kind === 'keep' && dt === 'bool') dt = 'int32';
  const outDType: DType = kind === 'bool' ? 'bool' : dt;
  const src = rawCast(x, dt);
  const out = new Tensor(allocUninit(outDType, x.numel()), x.shape, outDType); // written in full by the kernel
  backend().unary(op, viewOf(src), out.storage, p0, p1);
  return out;
}

function define(op: UnaryOp, kind: Kind, grad: GradRule | null) {
  return (x: Tensor, p0 = 0, p1 = 0): Tensor => {
    const out = unaryRaw(op, x, kind, p0, p1);
    if (!grad) return out;
    return record(op, [x], out, (g) => [grad(g, x, out, p0, p1)]);
  };
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const zeroGrad: GradRule = (g) => zerosLike(g);

// The derivative table of the elementwise ops: each rule is written with tensor ops, so it is
// itself differentiable (createGraph).
export const neg = define('neg', 'keep', (g) => neg(g));
export const abs = define('abs', 'keep', (g, x) => mul(g, sign(x)));
export const sign = define('sign', 'keep', zeroGrad);
export const exp = define('exp', 'float', (g, _x, out) => mul(g, out));
export const log = define('log', 'float', (g, x) => div(g, x));
export const log1p = define('log1p', 'float', (g, x) => div(g, add(x, 1)));
export const expm1 = define('expm1', 'float', (g, _x, out) => mul(g, add(out, 1)));
export const sqrt = define('sqrt', 'float', (g, _x, out) => div(g, mul(out, 2)));
export const rsqrt = define('rsqrt', 'float', (g, _x, out) => mul(g, mul(mul(out, mul(out, out)), -0.5)));
export const reciprocal = define('reciprocal', 'float', (g, _x, out) => mul(g, mul(neg(out), out)));
export const square = define('square', 'keep', (g, x) => mul(g, mul(x, 2)));
export const sin = define('sin', 'float', (g, x) => mul(g, cos(x)));
export const cos = define('cos', 'float', (g, x) => mul(g, neg(sin(x))));
export const tan = define('tan', 'float', (g, _x, out) => mul(g, add(mul(out, out), 1)));
export const tanh = define('tanh', 'float', (g, _x, out) => mul(g, sub(1, mul(out, out))));
export const sigmoid = define('sigmoid', 'float', (g, _x, out) => mul(g, mul(out, sub(1, out))));
// PyTorch's threshold_backward: x <= 0 gives 0 (even for an Inf/NaN g), a NaN x passes g through.
// First-order backward (no createGraph): one fused pass into one fresh buffer.
export const relu = define('relu', 'keep', (g, x) =>
  !isGradEnabled() && sameFloatShape(g, x) ? markFreshGradient(reluBackwardFused(g, x)) : where(le(x, 0), 0, g));
export const erf = define('erf', 'float', (g, x) => mul(g, mul(exp(neg(mul(x, x))), TWO_OVER_SQRT_PI)));
const geluExact = define('gelu', 'float', (g, x) => {
  // d/dx x Φ(x) = Φ(x) + x φ(x)
  // First-order backward (no createGraph): one fused pass into one fresh buffer.
  if (!isGradEnabled() && sameFloatShape(g, x)) return markFreshGradient(geluBackwardFused(g, x, 'none'));
  const cdf = mul(add(erf(mul(x, Math.SQRT1_2)), 1), 0.5);
  const pdf = mul(exp(mul(mul(x, x), -0.5)), INV_SQRT_2PI);
  return mul(g, add(cdf, mul(x, pdf)));
});
const geluTanh = define('geluTanh', 'float', (g, x) => {
  if (!isGradEnabled() && sameFloatShape(g, x)) return markFreshGradient(geluBackwardFused(g, x, 'tanh'));
  const inner = mul(add(x, mul(mul(mul(x, x), x), 0.044715)), SQRT_2_OVER_PI);
  const t = tanh(inner);
  const dInner = mul(add(mul(mul(x, x), 3 * 0.044715), 1), SQRT_2_OVER_PI);
  return mul(g, add(mul(add(t, 1), 0.5), mul(mul(mul(x, 0.5), sub(1, mul(t, t))), dInner)));
});
export const silu = define('silu', 'float', (g, x) => {
  const s = sigmoid(x);
  return mul(g, mul(s, add(mul(x, sub(1, s)), 1)));
});
export const floor = define('floor', 'keep', zeroGrad);
export const ceil = define('ceil', 'keep', zeroGrad);
/** Rounds half to even, as PyTorch does. */
export const round = define('round', 'keep', zeroGrad);
export const trunc = define('trunc', 'keep', zeroGrad);
export const isnan = define('isnan', 'bool', null);
export const isinf = define('isinf', 'bool', null);
export const isfinite = define('isfinite', 'bool', null);

const softplusOp = define('softplus', 'float', (g, x, _out, beta, threshold) =>
  mul(g, where(gt(mul(x, beta), threshold), 1, sigmoid(mul(x, beta)))));
const leakyReluOp = define('leakyRelu', 'float', (g, x, _out, slope) => mul(g, where(gt(x, 0), 1, slope)));
const eluOp = define('elu', 'float', (g, x, out, alpha) => mul(g, where(gt(x, 0), 1, add(out, alpha))));
const clampOp = define('clamp', 'keep', (g, x, _out, lo, hi) => mul(g, logicalAnd(ge(x, lo), le(x, hi))));
const powScalarOp = define('powScalar', 'keep', (g, x, _out, p) => (p === 0 ? zerosLike(g) : mul(g, mul(powScalarOp(x, p - 1), p))));
const rpowScalarOp = define('rpowScalar', 'float', (g, _x, out, base) => mul(g, mul(out, Math.log(base))));

/** GELU, exact (erf) or with PyTorch's tanh approximation. */
export function gelu(x: Tensor, opts: { approximate?: 'none' | 'tanh' } = {}): Tensor {
  return opts.approximate === 'tanh' ? geluTanh(x) : geluExact(x);
}
/** log(1 + exp(beta x)) / beta, linear above `threshold` (PyTorch's defaults: beta 1, threshold 20). */
export function softplus(x: Tensor, beta = 1, threshold = 20): Tensor {
  return softplusOp(x, beta, threshold);
}
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  return leakyReluOp(x, negativeSlope);
}
export function elu(x: Tensor, alpha = 1): Tensor {
  return eluOp(x, alpha);
}
/** Clamps into [min, max]; either bound may be null. */
export function clamp(x: Tensor, min: number | null = null, max: number | null = null): Tensor {
  const lo = min ?? -Infinity, hi = max ?? Infinity;
  // PyTorch computes min(max(x, lo), hi): with lo > hi every (non-NaN) value becomes hi.
  return clampOp(x, Math.min(lo, hi), hi);
}
/** x ** p for a scalar exponent (cheaper than pow with a tensor exponent). */
export function powScalar(x: Tensor, p: number): Tensor {
  return powScalarOp(x, p);
}
/** base ** x for a scalar base. */
export function rpowScalar(base: number, x: Tensor): Tensor {
  return rpowScalarOp(x, base);
}
