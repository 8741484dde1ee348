import { Tensor } from '../tensor/tensor.js';
import { DTypeError, ShapeError, ValueError, fmtShape } from '../tensor/errors.js';
import { isFloat } from '../tensor/dtype.js';
import { fillNormal, fillUniform, nextDouble } from '../tensor/random.js';
import { noGrad } from '../autograd/grad-mode.js';
import { copy_, fill_ } from '../ops/inplace.js';
import { erf, erfinv, orthonormalColumns } from './init-math.js';

// nn.init (PyTorch's torch.nn.init): in-place initialisers. Each writes into the tensor's
// storage without recording a graph (under noGrad), draws from the one seeded generator, and
// returns the tensor. The numbers differ from PyTorch's RNG; the distributions are the same.

/** The nonlinearities calculateGain knows (PyTorch's names; 'leakyRelu' is accepted too). */
export type Nonlinearity = 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'conv_transpose1d' | 'conv_transpose2d' | 'conv_transpose3d'
  | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'leakyRelu' | 'selu';

/** Which fan a kaiming initialiser preserves: the forward pass's variance (fanIn) or the backward's (fanOut). */
export type FanMode = 'fanIn' | 'fanOut';

function checkFloat(op: string, t: Tensor): void {
  if (!isFloat(t.dtype)) throw new DTypeError(`${op}: expected a floating-point tensor, got ${t.dtype}`);
}

/** Writes `fill`ed values (a fresh buffer of t's dtype) into t, without a graph. */
function fillWith(op: string, t: Tensor, fill: (buf: Float32Array | Float64Array) => void): Tensor {
  checkFloat(op, t);
  const buf = t.dtype === 'float64' ? new Float64Array(t.numel()) : new Float32Array(t.numel());
  fill(buf);
  const src = new Tensor(buf, t.shape, t.dtype === 'float64' ? 'float64' : 'float32');
  noGrad(() => copy_(t, src));
  return t;
}

/**
 * The recommended gain for a nonlinearity (PyTorch's `calculate_gain`): 1 for linear/conv/sigmoid,
 * 5/3 for tanh, √2 for relu, √(2 / (1 + slope²)) for leaky_relu (param = slope, default 0.01), 3/4 for selu.
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number | null): number {
  switch (nonlinearity) {
    case 'linear': case 'conv1d': case 'conv2d': case 'conv3d':
    case 'conv_transpose1d': case 'conv_transpose2d': case 'conv_transpose3d': case 'sigmoid':
      return 1;
    case 'tanh': return 5 / 3;
    case 'relu': return Math.SQRT2;
    case 'leaky_relu': case 'leakyRelu': {
      const slope = param ?? 0.01;
      if (typeof slope !== 'number' || !Number.isFinite(slope)) throw new ValueError(`calculateGain: negative slope ${String(slope)} is not a valid number`);
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu': return 3 / 4;
    default: throw new ValueError(`calculateGain: unsupported nonlinearity '${String(nonlinearity)}'`);
  }
}

/**
 * fanIn = size(1) · receptive field, fanOut = size(0) · receptive field, for a weight
 * [out, in, ...kernel] (PyTorch's `_calculate_fan_in_and_fan_out`). Needs at least 2 dims.
 */
export function calculateFanInAndFanOut(t: Tensor): { fanIn: number; fanOut: number } {
  if (t.ndim < 2) throw new ShapeError(`calculateFanInAndFanOut: fan in and fan out need a tensor with at least 2 dims, got shape ${fmtShape(t.shape)}`);
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: t.shape[1] * receptive, fanOut: t.shape[0] * receptive };
}

function fanOf(op: string, t: Tensor, mode: FanMode | 'fan_in' | 'fan_out'): number {
  const { fanIn, fanOut } = calculateFanInAndFanOut(t);
  if (mode === 'fanIn' || mode === 'fan_in') return fanIn;
  if (mode === 'fanOut' || mode === 'fan_out') return fanOut;
  throw new ValueError(`${op}: mode must be 'fanIn' or 'fanOut', got '${String(mode)}'`);
}

/** Fills t with U(a, b). */
export function uniform_(t: Tensor, a = 0, b = 1): Tensor {
  if (!(b >= a)) throw new ValueError(`uniform_: expected a <= b, got a=${a}, b=${b}`);
  return fillWith('uniform_', t, (buf) => fillUniform(buf, a, b));
}

/** Fills t with N(mean, std²). */
export function normal_(t: Tensor, mean = 0, std = 1): Tensor {
  if (!(std >= 0)) throw new ValueError(`normal_: std must be >= 0, got ${std}`);
  return fillWith('normal_', t, (buf) => fillNormal(buf, mean, std));
}

/** Fills t with val. */
export function constant_(t: Tensor, val: number): Tensor {
  noGrad(() => fill_(t, val));
  return t;
}
export function zeros_(t: Tensor): Tensor { return constant_(t, 0); }
export function ones_(t: Tensor): Tensor { return constant_(t, 1); }

/** Fills a 2-D tensor with the identity (ones on the main diagonal, also for non-square). */
export function eye_(t: Tensor): Tensor {
  if (t.ndim !== 2) throw new ShapeError(`eye_: only 2-D tensors are supported, got shape ${fmtShape(t.shape)}`);
  const [n, m] = t.shape;
  return fillWith('eye_', t, (buf) => { for (let i = 0; i < Math.min(n, m); i++) buf[i * m + i] = 1; });
}

/** Glorot uniform: U(-a, a), a = gain · √(6 / (fanIn + fanOut)). */
export function xavierUniform_(t: Tensor, gain = 1): Tensor {
  const { fanIn, fanOut } = calculateFanInAndFanOut(t);
  const a = Math.sqrt(3) * gain * Math.sqrt(2 / (fanIn + fanOut));
  return uniform_(t, -a, a);
}

/** Glorot normal: N(0, std²), std = gain · √(2 / (fanIn + fanOut)). */
export function xavierNormal_(t: Tensor, gain = 1): Tensor {
  const { fanIn, fanOut } = calculateFanInAndFanOut(t);
  return normal_(t, 0, gain * Math.sqrt(2 / (fanIn + fanOut)));
}

/** Options of the kaiming (He) initialisers (PyTorch's defaults: a = 0, fanIn, leaky_relu). */
export interface KaimingOptions {
  /** Negative slope of the leaky_relu after this layer (0 = relu's gain). */
  a?: number;
  mode?: FanMode | 'fan_in' | 'fan_out';
  nonlinearity?: Nonlinearity;
}

/** He uniform: U(-bound, bound), bound = gain · √(3 / fan). Layers use `{ a: √5 }`. */
export function kaimingUniform_(t: Tensor, opts: KaimingOptions = {}): Tensor {
  const fan = fanOf('kaimingUniform_', t, opts.mode ?? 'fanIn');
  if (fan === 0) return t; // PyTorch warns and leaves a zero-element tensor alone
  const std = calculateGain(opts.nonlinearity ?? 'leaky_relu', opts.a ?? 0) / Math.sqrt(fan);
  const bound = Math.sqrt(3) * std;
  return uniform_(t, -bound, bound);
}

/** He normal: N(0, std²), std = gain / √fan. */
export function kaimingNormal_(t: Tensor, opts: KaimingOptions = {}): Tensor {
  const fan = fanOf('kaimingNormal_', t, opts.mode ?? 'fanIn');
  if (fan === 0) return t;
  return normal_(t, 0, calculateGain(opts.nonlinearity ?? 'leaky_relu', opts.a ?? 0) / Math.sqrt(fan));
}

/** LeCun normal: N(0, 1 / fanIn) (the SELU initialisation; a plain, not truncated, normal). */
export function lecunNormal_(t: Tensor): Tensor {
  const { fanIn } = calculateFanInAndFanOut(t);
  return normal_(t, 0, 1 / Math.sqrt(fanIn));
}

/**
 * Truncated normal: N(mean, std²) restricted to [a, b], by the inverse CDF as PyTorch
 * (`trunc_normal_`): u ~ U(Φ(α), Φ(β)), x = mean + std · Φ⁻¹(u), clamped to [a, b].
 */
export function truncNormal_(t: Tensor, mean = 0, std = 1, a = -2, b = 2): Tensor {
  if (!(std > 0) || !(b > a)) throw new ValueError(`truncNormal_: expected std > 0 and a < b, got std=${std}, a=${a}, b=${b}`);
  const cdf = (x: number): number => (1 + erf(x / Math.SQRT2)) / 2;
  const l = cdf((a - mean) / std);
  const u = cdf((b - mean) / std);
  return fillWith('truncNormal_', t, (buf) => {
    for (let i = 0; i < buf.length; i++) {
      const p = 2 * (l + (u - l) * nextDouble()) - 1; // in [2l - 1, 2u - 1)
      const x = mean + std * Math.SQRT2 * erfinv(p);
      buf[i] = Math.min(b, Math.max(a, x));
    }
  });
}

/**
 * A (semi-)orthogonal matrix (Saxe et al.; PyTorch's `orthogonal_`): t viewed as
 * [size(0), numel / size(0)] gets orthonormal rows or columns (whichever are fewer), from the
 * QR decomposition of a normal matrix in float64 with R's diagonal made positive; times gain.
 */
export function orthogonal_(t: Tensor, gain = 1): Tensor {
  if (t.ndim < 2) throw new ShapeError(`orthogonal_: only tensors with 2 or more dims are supported, got shape ${fmtShape(t.shape)}`);
  const rows = t.shape[0];
  const cols = t.numel() / Math.max(rows, 1);
  if (t.numel() === 0) return t;
  const tall = rows >= cols;
  const [m, n] = tall ? [rows, cols] : [cols, rows];
  const a = new Float64Array(m * n);
  fillNormal(a);
  const q = orthonormalColumns(a, m, n); // [m, n] row-major
  return fillWith('orthogonal_', t, (buf) => {
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) buf[i * cols + j] = gain * (tall ? q[i * n + j] : q[j * n + i]);
    }
  });
}
