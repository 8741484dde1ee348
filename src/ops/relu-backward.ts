import { Tensor } from '../tensor/tensor.js';
import { allocUninit } from '../tensor/dtype.js';
import { activeAddon } from '../backend/index.js';

// ReLU's first-order backward as ONE pass into one fresh buffer, PyTorch's threshold_backward:
// dx = x <= 0 ? 0 : g (native src/backend/native/cpp/relu_back.cc when available, else the js
// twin below). A NaN input passes g through; x <= 0 gives 0 even where g is Inf or NaN. Used by
// relu's rule in ./unary.ts when no graph is being built; with createGraph the composite rule
// (a `where` of the same selection) runs instead.

type FloatArray = Float32Array | Float64Array;

function native() {
  const a = activeAddon();
  return a && a.reluBackward ? a : null;
}

/** dx = x <= 0 ? 0 : g as a fresh tensor; no graph. */
export function reluBackwardFused(g: Tensor, x: Tensor): Tensor {
  const n = x.numel();
  const dx = new Tensor(allocUninit(x.dtype, n), x.shape, x.dtype); // written in full below
  if (n === 0) return dx;
  const gs = g.dataSync() as FloatArray, xs = x.dataSync() as FloatArray; // contiguous values
  const out = dx.storage as FloatArray;
  const nat = native();
  if (nat) nat.reluBackward!(gs, xs, out, n);
  else reluBackwardJs(gs, xs, out, n);
  return dx;
}

/** The js twin of relu_back.cc's kernel. */
export function reluBackwardJs(g: FloatArray, x: FloatArray, dx: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) dx[i] = x[i] <= 0 ? 0 : g[i];
}
