import { Tensor } from '../tensor/tensor.js';
import { ValueError, fmtShape } from '../tensor/errors.js';
import { grad } from './engine.js';

export interface GradcheckOptions {
  /** Finite-difference step (default 1e-6). */
  eps?: number;
  atol?: number;
  rtol?: number;
  /** Throw with the worst mismatch instead of returning false (default true). */
  raiseException?: boolean;
}

type Fn = (...inputs: Tensor[]) => Tensor | readonly Tensor[];

function outputsOf(r: Tensor | readonly Tensor[]): Tensor[] {
  return Array.isArray(r) ? [...(r as readonly Tensor[])] : [r as Tensor];
}

/**
 * Compares the analytic Jacobian (from backward) with central differences, in float64, for
 * every float64 input that requires grad. Inputs must be float64 (as in PyTorch).
 */
export function gradcheck(fn: Fn, inputs: readonly Tensor[], options: GradcheckOptions = {}): boolean {
  const eps = options.eps ?? 1e-6;
  const atol = options.atol ?? 1e-5;
  const rtol = options.rtol ?? 1e-3;
  const raise = options.raiseException ?? true;
  const diff = inputs.filter((t) => t.requiresGrad);
  for (const t of diff) {
    if (t.dtype !== 'float64') throw new ValueError(`gradcheck: inputs that require grad must be float64, got ${t.dtype} of shape ${fmtShape(t.shape)}`);
    if (!t.isContiguous()) throw new ValueError('gradcheck: inputs must be contiguous');
  }
  const outs = outputsOf(fn(...inputs));
  for (let oi = 0; oi < outs.length; oi++) {
    const out = outs[oi];
    const nOut = out.numel();
    // analytic[j][input][k] = d out_j / d input_k
    const analytic: Float64Array[][] = [];
    for (let j = 0; j < nOut; j++) {
      const seed = Tensor.empty(out.shape, out.dtype);
      seed.storage[j] = 1;
      const gs = out.requiresGrad ? grad([out], diff, { gradOutputs: [seed], retainGraph: true, allowUnused: true }) : diff.map(() => null);
      analytic.push(gs.map((g, i) => (g ? Float64Array.from(g.dataSync()) : new Float64Array(diff[i].numel()))));
    }
    for (let i = 0; i < diff.length; i++) {
      const x = diff[i];
      const base = x.offset;
      for (let k = 0; k < x.numel(); k++) {
        const orig = x.storage[base + k];
        const evalAt = (v: number): Float64Array => {
          x.storage[base + k] = v;
          const o = outputsOf(fn(...inputs))[oi];
          return Float64Array.from(o.dataSync());
        };
        const plus = evalAt(orig + eps);
        const minus = evalAt(orig - eps);
        x.storage[base + k] = orig;
        for (let j = 0; j < nOut; j++) {
          const numeric = (plus[j] - minus[j]) / (2 * eps);
          const a = analytic[j][i][k];
          if (!(Math.abs(a - numeric) <= atol + rtol * Math.abs(numeric))) {
            if (!raise) return false;
            throw new ValueError(
              `gradcheck: Jacobian mismatch for output ${oi} element ${j} w.r.t. input ${inputs.indexOf(x)} element ${k}: analytic ${a}, numerical ${numeric}`,
            );
          }
        }
      }
    }
  }
  return true;
}

/**
 * Checks second derivatives: gradcheck of the function that returns the (createGraph)
 * gradients of fn's outputs, weighted by fixed random cotangents, w.r.t. the inputs.
 */
export function gradgradcheck(fn: Fn, inputs: readonly Tensor[], options: GradcheckOptions = {}): boolean {
  const outs = outputsOf(fn(...inputs));
  const cotangents = outs.map((o) => {
    const c = Tensor.empty(o.shape, 'float64');
    for (let i = 0; i < c.storage.length; i++) c.storage[i] = Math.sin(1.7 * i + 0.3) + 0.1;
    return c;
  });
  const diff = inputs.filter((t) => t.requiresGrad);
  const first = (...xs: Tensor[]): Tensor[] => {
    const o = outputsOf(fn(...xs));
    const gs = grad(o, xs.filter((t) => t.requiresGrad), { gradOutputs: cotangents, createGraph: true, allowUnused: true });
    return gs.map((g, i) => g ?? Tensor.empty(diff[i].shape, 'float64'));
  };
  return gradcheck(first, inputs, options);
}
