import { Tensor } from '../tensor/tensor.js';
import { allocUninit } from '../tensor/dtype.js';
import { activeAddon } from '../backend/index.js';
import { erf } from '../backend/js/scalar-math.js';

// GELU's first-order backward as ONE pass into one fresh buffer: dx = g · gelu'(x) (native
// src/backend/native/cpp/act.cc when available, else the js twin below). Used by gelu's rule in
// ./unary.ts when no graph is being built; with createGraph the composite rule runs instead.

type FloatArray = Float32Array | Float64Array;

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 0.3989422804014327;
const SQRT_2_OVER_PI = 0.7978845608028654;
const TANH_C = 0.044715;

function native() {
  const a = activeAddon();
  return a && a.geluBackward ? a : null;
}

/** dx = g · gelu'(x) (exact erf form, or PyTorch's tanh approximation) as a fresh tensor; no graph. */
export function geluBackwardFused(g: Tensor, x: Tensor, approximate: 'none' | 'tanh'): Tensor {
  const n = x.numel();
  const dx = new Tensor(allocUninit(x.dtype, n), x.shape, x.dtype); // written in full below
  if (n === 0) return dx;
  const gs = g.dataSync() as FloatArray, xs = x.dataSync() as FloatArray; // contiguous values
  const out = dx.storage as FloatArray;
  const nat = native();
  if (nat) {
    nat.geluBackward!(gs, xs, out, n, approximate === 'tanh' ? 1 : 0);
    return dx;
  }
  geluBackwardJs(gs, xs, out, n, approximate === 'tanh');
  return dx;
}

/** The js twin of act.cc's kernel, in double (rounded once on store for float32). */
export function geluBackwardJs(g: FloatArray, x: FloatArray, dx: FloatArray, n: number, tanhForm: boolean): void {
  if (tanhForm) {
    for (let i = 0; i < n; i++) {
      const v = x[i], v2 = v * v;
      const t = Math.tanh(SQRT_2_OVER_PI * (v + TANH_C * v2 * v));
      dx[i] = g[i] * (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * (SQRT_2_OVER_PI * (1 + 3 * TANH_C * v2)));
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const v = x[i];
    dx[i] = g[i] * (0.5 * (1 + erf(v * SQRT1_2)) + v * Math.exp(-0.5 * v * v) * INV_SQRT_2PI);
  }
}
