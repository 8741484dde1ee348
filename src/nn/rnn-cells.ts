import type { Tensor } from '../tensor/tensor.js';
import { ShapeError, ValueError, fmtShape } from '../tensor/errors.js';
import { empty, zeros } from '../tensor/creation.js';
import { add, mul, sub } from '../ops/binary.js';
import { relu, sigmoid, tanh } from '../ops/unary.js';
import { matmul } from '../ops/matmul.js';
import { mT, narrow, squeeze, unsqueeze } from '../ops/movement.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { uniform_ } from './init.js';

/** Options of the cells (PyTorch's keyword arguments). */
export interface RNNCellOptions {
  /** Use bias_ih and bias_hh (default true). */
  bias?: boolean;
}

/** The shared parameters of the cells: weight_ih [G*H, in], weight_hh [G*H, H], bias_ih, bias_hh. */
abstract class RNNCellBase extends Module {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly bias: boolean;
  weightIh!: Parameter;
  weightHh!: Parameter;
  biasIh!: Parameter | null;
  biasHh!: Parameter | null;

  constructor(inputSize: number, hiddenSize: number, gates: number, options: RNNCellOptions) {
    super();
    const name = this.constructor.name;
    for (const [what, v] of [['inputSize', inputSize], ['hiddenSize', hiddenSize]] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new ValueError(`${name}: ${what} must be a positive integer, got ${v}`);
    }
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.bias = options.bias ?? true;
    const stdv = 1 / Math.sqrt(hiddenSize);
    const param = (shape: number[]): Parameter => new Parameter(uniform_(empty(shape), -stdv, stdv));
    this.weightIh = param([gates * hiddenSize, inputSize]);
    this.weightHh = param([gates * hiddenSize, hiddenSize]);
    this.biasIh = this.bias ? param([gates * hiddenSize]) : null;
    this.biasHh = this.bias ? param([gates * hiddenSize]) : null;
  }

  /** Checks input [B, in] or [in] and a state [B, H] or [H]; returns batched versions. */
  protected prepare(input: Tensor, state: Tensor | null, what = 'hx'): [Tensor, Tensor] {
    const name = this.constructor.name;
    if ((input.ndim !== 1 && input.ndim !== 2) || input.shape[input.ndim - 1] !== this.inputSize) {
      throw new ShapeError(`${name}: expected input [B, ${this.inputSize}] or [${this.inputSize}], got shape ${fmtShape(input.shape)}`);
    }
    const x = input.ndim === 1 ? unsqueeze(input, 0) : input;
    const B = x.shape[0];
    if (!state) return [x, zeros([B, this.hiddenSize], { dtype: x.dtype })];
    const want = input.ndim === 1 ? [this.hiddenSize] : [B, this.hiddenSize];
    if (state.ndim !== want.length || state.shape.some((s, i) => s !== want[i])) {
      throw new ShapeError(`${name}: expected ${what} of shape ${fmtShape(want)}, got ${fmtShape(state.shape)}`);
    }
    return [x, input.ndim === 1 ? unsqueeze(state, 0) : state];
  }

  /** x W^T + b for the input and hidden halves. */
  protected affine(x: Tensor, w: Parameter, b: Parameter | null): Tensor {
    const y = matmul(x, mT(w));
    return b ? add(y, b) : y;
  }

  override extraRepr(): string {
    return `${this.inputSize}, ${this.hiddenSize}${this.bias ? '' : ', bias=false'}`;
  }
}

/** Options of RNNCell. */
export interface ElmanCellOptions extends RNNCellOptions {
  /** 'tanh' (default) or 'relu'. */
  nonlinearity?: 'tanh' | 'relu';
}

/** One step of an Elman RNN (PyTorch's `nn.RNNCell`): h' = act(W_ih x + b_ih + W_hh h + b_hh). */
export class RNNCell extends RNNCellBase {
  readonly nonlinearity: 'tanh' | 'relu';
  constructor(inputSize: number, hiddenSize: number, options: ElmanCellOptions = {}) {
    const nl = options.nonlinearity ?? 'tanh';
    if (nl !== 'tanh' && nl !== 'relu') throw new ValueError(`RNNCell: unknown nonlinearity '${String(nl)}', expected 'tanh' or 'relu'`);
    super(inputSize, hiddenSize, 1, options);
    this.nonlinearity = nl;
  }
  /** input [B, in] (or [in]), hx [B, H] → h' [B, H]. */
  forward(input: Tensor, hx: Tensor | null = null): Tensor {
    const [x, h] = this.prepare(input, hx);
    const pre = add(this.affine(x, this.weightIh, this.biasIh), this.affine(h, this.weightHh, this.biasHh));
    const out = this.nonlinearity === 'tanh' ? tanh(pre) : relu(pre);
    return input.ndim === 1 ? squeeze(out, 0) : out;
  }
}

/** One step of an LSTM (PyTorch's `nn.LSTMCell`), gates i, f, g, o. */
export class LSTMCell extends RNNCellBase {
  constructor(inputSize: number, hiddenSize: number, options: RNNCellOptions = {}) {
    super(inputSize, hiddenSize, 4, options);
  }
  /** input [B, in] (or [in]), hx = [h, c] each [B, H] → [h', c']. */
  forward(input: Tensor, hx: readonly [Tensor, Tensor] | null = null): [Tensor, Tensor] {
    const [x, h] = this.prepare(input, hx ? hx[0] : null);
    const [, c] = this.prepare(input, hx ? hx[1] : null, 'cx');
    const H = this.hiddenSize;
    const gates = add(this.affine(x, this.weightIh, this.biasIh), this.affine(h, this.weightHh, this.biasHh)); // [B, 4H]
    const s = sigmoid(gates);
    const g = tanh(narrow(gates, 1, 2 * H, H));
    const c2 = add(mul(narrow(s, 1, H, H), c), mul(narrow(s, 1, 0, H), g));
    const h2 = mul(narrow(s, 1, 3 * H, H), tanh(c2));
    return input.ndim === 1 ? [squeeze(h2, 0), squeeze(c2, 0)] : [h2, c2];
  }
}

/** One step of a GRU (PyTorch's `nn.GRUCell`), gates r, z, n. */
export class GRUCell extends RNNCellBase {
  constructor(inputSize: number, hiddenSize: number, options: RNNCellOptions = {}) {
    super(inputSize, hiddenSize, 3, options);
  }
  /** input [B, in] (or [in]), hx [B, H] → h' [B, H]. */
  forward(input: Tensor, hx: Tensor | null = null): Tensor {
    const [x, h] = this.prepare(input, hx);
    const H = this.hiddenSize;
    const gi = this.affine(x, this.weightIh, this.biasIh); // [B, 3H]
    const gh = this.affine(h, this.weightHh, this.biasHh);
    const rz = sigmoid(add(narrow(gi, 1, 0, 2 * H), narrow(gh, 1, 0, 2 * H)));
    const n = tanh(add(narrow(gi, 1, 2 * H, H), mul(narrow(rz, 1, 0, H), narrow(gh, 1, 2 * H, H))));
    const out = add(n, mul(narrow(rz, 1, H, H), sub(h, n)));
    return input.ndim === 1 ? squeeze(out, 0) : out;
  }
}
