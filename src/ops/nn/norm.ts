import type { Tensor } from '../../tensor/tensor.js';
import { numel } from '../../tensor/shape.js';
import { ShapeError, ValueError, fmtShape } from '../../tensor/errors.js';
import { noGrad } from '../../autograd/grad-mode.js';
import { add, mul, sub } from '../binary.js';
import { rsqrt } from '../unary.js';
import { mean } from '../reduce.js';
import { reshape } from '../movement.js';
import { copy_ } from '../inplace.js';
import { floatDTypeOf } from './params.js';
import { canFuseLayerNorm, fusedLayerNorm } from './layer-norm-fused.js';

// Normalisation functionals, composed from differentiable tensor ops (mean, sub, mul, rsqrt), so
// gradients of every order come for free.

/** (x - mean) / sqrt(var + eps) over `dims` (biased variance); also returns the mean and variance. */
function normalize(x: Tensor, dims: readonly number[], eps: number): { y: Tensor; mu: Tensor; v: Tensor } {
  const mu = mean(x, dims, true);
  const d = sub(x, mu);
  const v = mean(mul(d, d), dims, true);
  return { y: mul(d, rsqrt(add(v, eps))), mu, v };
}

/** y * weight + bias, each optional, weight/bias reshaped to `shape` for broadcasting. */
function affine(y: Tensor, weight: Tensor | null, bias: Tensor | null, shape: readonly number[]): Tensor {
  let out = y;
  if (weight) out = mul(out, reshape(weight, shape));
  if (bias) out = add(out, reshape(bias, shape));
  return out;
}

function checkParam(op: string, what: string, t: Tensor | null, want: readonly number[]): void {
  if (t && (t.ndim !== want.length || t.shape.some((s, i) => s !== want[i]))) {
    throw new ShapeError(`${op}: ${what} of shape ${fmtShape(t.shape)}, expected ${fmtShape(want)}`);
  }
}

/** Options with the epsilon added to the variance. */
export interface NormOptions {
  /** Added to the variance inside the square root (default 1e-5). */
  eps?: number;
}

/**
 * Layer normalisation (PyTorch's `F.layer_norm`) over the trailing dims `normalizedShape`:
 * (x - mean) / sqrt(var + eps) * weight + bias, with the biased variance.
 *
 * ```ts
 * nb.layerNorm(h, [D], gamma, beta); // h [B, T, D]
 * ```
 */
export function layerNorm(x: Tensor, normalizedShape: number | readonly number[], weight: Tensor | null = null, bias: Tensor | null = null, opts: NormOptions = {}): Tensor {
  const op = 'layerNorm';
  const ns = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
  const k = ns.length;
  if (k === 0 || k > x.ndim || ns.some((s, i) => x.shape[x.ndim - k + i] !== s)) {
    throw new ShapeError(`${op}: normalizedShape ${fmtShape(ns)} must match the trailing dims of the input ${fmtShape(x.shape)}`);
  }
  checkParam(op, 'weight', weight, ns);
  checkParam(op, 'bias', bias, ns);
  floatDTypeOf(op, x, weight, bias);
  const dims = ns.map((_, i) => x.ndim - k + i);
  const eps = opts.eps ?? 1e-5;
  const composite = (xx: Tensor, w: Tensor | null, b: Tensor | null): Tensor => affine(normalize(xx, dims, eps).y, w, b, ns);
  return canFuseLayerNorm(x, weight, bias) ? fusedLayerNorm(x, weight, bias, numel(ns), eps, composite) : composite(x, weight, bias);
}

/** Options of batchNorm (PyTorch's defaults). */
export interface BatchNormOptions extends NormOptions {
  /** Normalise with the batch statistics and update the running ones (default false). */
  training?: boolean;
  /** Weight of the new batch statistic in the running average (default 0.1). */
  momentum?: number;
}

/**
 * Batch normalisation (PyTorch's `F.batch_norm`) of x [N, C, ...] per channel. In training it
 * normalises with the batch mean and biased variance and updates runningMean/runningVar in
 * place (running = (1 - momentum) * running + momentum * batch, with the unbiased variance);
 * otherwise it normalises with the running statistics.
 */
export function batchNorm(x: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, weight: Tensor | null = null,
  bias: Tensor | null = null, opts: BatchNormOptions = {}): Tensor {
  const op = 'batchNorm';
  if (x.ndim < 2) throw new ShapeError(`${op}: expected an input [N, C, ...] with at least 2 dims, got shape ${fmtShape(x.shape)}`);
  const C = x.shape[1];
  for (const [what, t] of [['runningMean', runningMean], ['runningVar', runningVar], ['weight', weight], ['bias', bias]] as const) checkParam(op, what, t, [C]);
  floatDTypeOf(op, x, weight, bias);
  const eps = opts.eps ?? 1e-5;
  const momentum = opts.momentum ?? 0.1;
  const bshape = x.shape.map((s, d) => (d === 1 ? C : 1)); // [1, C, 1, ...]
  const dims = x.shape.map((_, d) => d).filter((d) => d !== 1);
  if (opts.training ?? false) {
    const n = numel(x.shape) / Math.max(C, 1);
    if (n <= 1) throw new ValueError(`${op}: expected more than 1 value per channel when training, got input ${fmtShape(x.shape)}`);
    const { y, mu, v } = normalize(x, dims, eps);
    noGrad(() => {
      if (runningMean) copy_(runningMean, add(mul(runningMean, 1 - momentum), mul(reshape(mu.detach(), [C]), momentum)));
      if (runningVar) copy_(runningVar, add(mul(runningVar, 1 - momentum), mul(reshape(v.detach(), [C]), (momentum * n) / (n - 1))));
    });
    return affine(y, weight, bias, bshape);
  }
  if (!runningMean || !runningVar) throw new ValueError(`${op}: runningMean and runningVar are required when training is false`);
  const y = mul(sub(x, reshape(runningMean, bshape)), rsqrt(add(reshape(runningVar, bshape), eps)));
  return affine(y, weight, bias, bshape);
}

/**
 * Group normalisation (PyTorch's `F.group_norm`) of x [N, C, ...]: the C channels split into
 * numGroups groups, each normalised over its channels and spatial positions; weight/bias are [C].
 */
export function groupNorm(x: Tensor, numGroups: number, weight: Tensor | null = null, bias: Tensor | null = null, opts: NormOptions = {}): Tensor {
  const op = 'groupNorm';
  if (x.ndim < 2) throw new ShapeError(`${op}: expected an input [N, C, ...] with at least 2 dims, got shape ${fmtShape(x.shape)}`);
  const [N, C] = x.shape;
  if (!Number.isInteger(numGroups) || numGroups < 1 || C % numGroups !== 0) {
    throw new ValueError(`${op}: the ${C} channels of input ${fmtShape(x.shape)} are not divisible into numGroups ${numGroups} groups`);
  }
  checkParam(op, 'weight', weight, [C]);
  checkParam(op, 'bias', bias, [C]);
  floatDTypeOf(op, x, weight, bias);
  const grouped = reshape(x, [N, numGroups, (C / numGroups) * numel(x.shape.slice(2))]); // [N, G, C/G * spatial]
  const y = reshape(normalize(grouped, [2], opts.eps ?? 1e-5).y, x.shape);
  return affine(y, weight, bias, x.shape.map((s, d) => (d === 1 ? C : 1)));
}
