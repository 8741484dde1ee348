import type { Tensor } from '../tensor/tensor.js';
import { isGradEnabled } from './grad-mode.js';
import { GradNode, type BackwardFn } from './node.js';

/** Whether an op on these inputs should record a graph node. */
export function needsGrad(inputs: readonly (Tensor | null | undefined)[]): boolean {
  if (!isGradEnabled()) return false;
  for (let i = 0; i < inputs.length; i++) {
    const t = inputs[i];
    if (t && t.requiresGrad) return true;
  }
  return false;
}

/**
 * Attaches a graph node to `out` when grad mode is on and some input requires grad.
 * `backward` is called only when the graph is run, so it costs nothing otherwise.
 */
export function record(name: string, inputs: readonly (Tensor | null | undefined)[], out: Tensor, backward: BackwardFn): Tensor {
  if (!needsGrad(inputs)) return out;
  out.requiresGrad = true;
  const edges: (Tensor | null)[] = [];
  for (let i = 0; i < inputs.length; i++) {
    const t = inputs[i];
    edges.push(t && t.requiresGrad ? t : null);
  }
  out.gradFn = new GradNode(name, edges, backward);
  return out;
}
