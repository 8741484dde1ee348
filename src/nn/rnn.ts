import type { Tensor } from '../tensor/tensor.js';
import { ShapeError, ValueError, fmtShape } from '../tensor/errors.js';
import { empty, zeros } from '../tensor/creation.js';
import { add } from '../ops/binary.js';
import { matmul } from '../ops/matmul.js';
import { mT, reshape, select, squeeze, transpose, unsqueeze } from '../ops/movement.js';
import { cat, stack } from '../ops/join.js';
import { dropout as dropoutOp } from '../ops/nn/dropout.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { uniform_ } from './init.js';
import { recurrence, type RecurrentMode } from './rnn-kernels.js';
import { nativeRecurrentKernel, nativeRecurrentLayer } from './rnn-native.js';

/** Options shared by RNN, LSTM and GRU (PyTorch's keyword arguments). */
export interface RNNBaseOptions {
  /** Stacked recurrent layers (default 1). */
  numLayers?: number;
  /** Use b_ih and b_hh (default true). */
  bias?: boolean;
  /** Input and output are [B, T, F] instead of [T, B, F] (default false). */
  batchFirst?: boolean;
  /** Dropout on the outputs of every layer but the last, in training mode (default 0). */
  dropout?: number;
  /** Also run each layer backwards in time and concatenate (default false). */
  bidirectional?: boolean;
}

/**
 * The shared body of RNN, LSTM and GRU (PyTorch's `RNNBase`): parameters
 * `weight_ih_l{k}[_reverse]`, `weight_hh_l{k}[_reverse]`, `bias_ih_l{k}[_reverse]`,
 * `bias_hh_l{k}[_reverse]` (and `weight_hr_l{k}` with an LSTM projection), in PyTorch's order,
 * all initialised U(-1/√hidden, 1/√hidden). Each layer computes its input projection for all
 * time steps in one matmul, then runs a fused recurrence (one autograd node per layer and
 * direction); on the native backend LSTM (without projSize) and GRU layers run the
 * whole-sequence native kernels instead (./rnn-native.ts), also one node per layer and direction.
 */
export abstract class RNNBase extends Module {
  readonly mode: RecurrentMode;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly bias: boolean;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;
  readonly projSize: number;
  /** The parameter names of each layer-direction, in registration order. */
  private readonly allWeights: string[][] = [];

  constructor(mode: RecurrentMode, inputSize: number, hiddenSize: number, options: RNNBaseOptions & { projSize?: number } = {}) {
    super();
    const name = mode === 'LSTM' || mode === 'GRU' ? mode : 'RNN';
    this.mode = mode;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = options.numLayers ?? 1;
    this.bias = options.bias ?? true;
    this.batchFirst = options.batchFirst ?? false;
    this.dropout = options.dropout ?? 0;
    this.bidirectional = options.bidirectional ?? false;
    this.projSize = options.projSize ?? 0;
    for (const [what, v] of [['inputSize', inputSize], ['hiddenSize', hiddenSize], ['numLayers', this.numLayers]] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new ValueError(`${name}: ${what} must be a positive integer, got ${v}`);
    }
    if (!(this.dropout >= 0 && this.dropout <= 1)) throw new ValueError(`${name}: dropout must be a number in [0, 1], got ${this.dropout}`);
    if (!Number.isInteger(this.projSize) || this.projSize < 0) throw new ValueError(`${name}: projSize must be a non-negative integer, got ${this.projSize}`);
    if (this.projSize > 0 && mode !== 'LSTM') throw new ValueError(`${name}: projSize is only supported for LSTM, not RNN or GRU`);
    if (this.projSize >= hiddenSize) throw new ValueError(`${name}: projSize (${this.projSize}) has to be smaller than hiddenSize (${hiddenSize})`);
    const gateSize = (mode === 'LSTM' ? 4 : mode === 'GRU' ? 3 : 1) * hiddenSize;
    const realHidden = this.projSize > 0 ? this.projSize : hiddenSize;
    const dirs = this.bidirectional ? 2 : 1;
    const stdv = 1 / Math.sqrt(hiddenSize);
    const param = (shape: number[]): Parameter => new Parameter(uniform_(empty(shape), -stdv, stdv));
    for (let layer = 0; layer < this.numLayers; layer++) {
      for (let dir = 0; dir < dirs; dir++) {
        const sfx = `_l${layer}${dir === 1 ? '_reverse' : ''}`;
        const layerInput = layer === 0 ? inputSize : realHidden * dirs;
        const entries: [string, number[]][] = [[`weight_ih${sfx}`, [gateSize, layerInput]], [`weight_hh${sfx}`, [gateSize, realHidden]]];
        if (this.bias) entries.push([`bias_ih${sfx}`, [gateSize]], [`bias_hh${sfx}`, [gateSize]]);
        if (this.projSize > 0) entries.push([`weight_hr${sfx}`, [this.projSize, hiddenSize]]);
        for (const [key, shape] of entries) this.registerParameter(key, param(shape), key);
        this.allWeights.push(entries.map(([key]) => key));
      }
    }
  }

  /** PyTorch's cuDNN weight-compaction call; a no-op here (weights are always used in place). */
  flattenParameters(): void {}

  private param(key: string): Parameter | null {
    return ((this as unknown as Record<string, Parameter | undefined>)[key]) ?? null;
  }

  /** Runs every layer; input [T, B, F] (or [B, T, F] with batchFirst, or unbatched [T, F]). */
  protected run(input: Tensor, hx: Tensor | null, cx: Tensor | null): [Tensor, Tensor, Tensor | null] {
    const name = this.constructor.name;
    const dirs = this.bidirectional ? 2 : 1;
    const P = this.projSize > 0 ? this.projSize : this.hiddenSize;
    if (input.ndim !== 2 && input.ndim !== 3) {
      throw new ShapeError(`${name}: expected input of 3 dims ${this.batchFirst ? '[B, T, F]' : '[T, B, F]'} or 2 dims [T, F] (unbatched), got shape ${fmtShape(input.shape)}`);
    }
    if (input.shape[input.ndim - 1] !== this.inputSize) {
      throw new ShapeError(`${name}: input ${fmtShape(input.shape)} must have ${this.inputSize} features (inputSize) in its last dim`);
    }
    const batched = input.ndim === 3;
    let x = batched ? input : unsqueeze(input, 1);
    let timeDim = batched && this.batchFirst ? 1 : 0;
    const T = x.shape[timeDim], B = x.shape[1 - timeDim];
    const states = (t: Tensor | null, size: number, what: string): Tensor | null => {
      if (!t) return null;
      const want = batched ? [this.numLayers * dirs, B, size] : [this.numLayers * dirs, size];
      if (t.ndim !== want.length || t.shape.some((s, i) => s !== want[i])) {
        throw new ShapeError(`${name}: expected ${what} of shape ${fmtShape(want)} (numLayers * directions${batched ? ', batch' : ''}, ${what === 'cx' ? 'hiddenSize' : 'hidden'}), got ${fmtShape(t.shape)}`);
      }
      return batched ? t : unsqueeze(t, 1);
    };
    const h0 = states(hx, P, 'hx');
    const c0 = this.mode === 'LSTM' ? states(cx, this.hiddenSize, 'cx') : null;
    const hN: Tensor[] = [], cN: Tensor[] = [];
    // The native whole-sequence kernels cover LSTM (without projection) and GRU, float32/float64.
    const sameDtype = [this.param(this.allWeights[0][0]), h0, c0].every((t) => !t || t.dtype === x.dtype);
    const kernel = this.projSize === 0 && T > 0 && B > 0 && (x.dtype === 'float32' || x.dtype === 'float64') && sameDtype ? nativeRecurrentKernel(this.mode) : null;
    for (let layer = 0; layer < this.numLayers; layer++) {
      const outs: Tensor[] = [];
      for (let dir = 0; dir < dirs; dir++) {
        const idx = layer * dirs + dir;
        const [wIhK, wHhK, bIhK, bHhK] = this.allWeights[idx];
        const wIh = this.param(wIhK) as Parameter, wHh = this.param(wHhK) as Parameter;
        const bIh = this.bias ? this.param(bIhK) : null, bHh = this.bias ? this.param(bHhK) : null;
        const wHr = this.projSize > 0 ? this.param(this.allWeights[idx][this.allWeights[idx].length - 1]) : null;
        if (kernel) {
          const res = nativeRecurrentLayer(kernel, {
            x: timeDim === 1 ? transpose(x, 0, 1) : x, wIh, wHh, bIh, bHh,
            h0: h0 ? select(h0, 0, idx) : null, c0: c0 ? select(c0, 0, idx) : null, reverse: dir === 1,
          });
          outs.push(res.output);
          hN.push(res.hN);
          if (res.cN) cN.push(res.cN);
          continue;
        }
        // For GRU b_hh multiplies into the reset gate, so only b_ih folds into the projection.
        const foldBias = bIh && bHh && this.mode !== 'GRU' ? add(bIh, bHh) : bIh;
        const xproj = inputProjection(x, timeDim, wIh, foldBias); // [T, B, G*H]
        const res = recurrence({
          mode: this.mode, xproj, wHh, bHh: this.mode === 'GRU' ? bHh : null, wHr,
          h0: h0 ? select(h0, 0, idx) : zeros([B, P], { dtype: x.dtype }),
          c0: this.mode === 'LSTM' ? (c0 ? select(c0, 0, idx) : zeros([B, this.hiddenSize], { dtype: x.dtype })) : null,
          reverse: dir === 1,
        });
        outs.push(res.output);
        hN.push(res.hN);
        if (res.cN) cN.push(res.cN);
      }
      x = dirs === 2 ? cat(outs, 2) : outs[0]; // [T, B, dirs * P]
      timeDim = 0;
      if (this.training && this.dropout > 0 && layer < this.numLayers - 1) x = dropoutOp(x, this.dropout, true);
    }
    let output = x;
    if (!batched) output = squeeze(output, 1);
    else if (this.batchFirst) output = transpose(output, 0, 1);
    const fix = (t: Tensor): Tensor => (batched ? t : squeeze(t, 1));
    return [output, fix(stack(hN, 0)), this.mode === 'LSTM' ? fix(stack(cN, 0)) : null];
  }

  override extraRepr(): string {
    const parts = [`${this.inputSize}, ${this.hiddenSize}`];
    if (this.projSize) parts.push(`projSize=${this.projSize}`);
    if (this.numLayers !== 1) parts.push(`numLayers=${this.numLayers}`);
    if (!this.bias) parts.push('bias=false');
    if (this.batchFirst) parts.push('batchFirst=true');
    if (this.dropout) parts.push(`dropout=${this.dropout}`);
    if (this.bidirectional) parts.push('bidirectional=true');
    return parts.join(', ');
  }
}

/** x [T, B, F] (timeDim 0) or [B, T, F] (timeDim 1) → x W^T + b as [T, B, G] in one matmul. */
function inputProjection(x: Tensor, timeDim: number, w: Tensor, b: Tensor | null): Tensor {
  const [d0, d1, F] = x.shape;
  let y = matmul(reshape(x, [d0 * d1, F]), mT(w)); // [d0 * d1, G]
  if (b) y = add(y, b);
  const y3 = reshape(y, [d0, d1, w.shape[0]]);
  return timeDim === 1 ? transpose(y3, 0, 1) : y3;
}

/** Options of RNN: the shared ones plus the nonlinearity. */
export interface RNNOptions extends RNNBaseOptions {
  /** 'tanh' (default) or 'relu'. */
  nonlinearity?: 'tanh' | 'relu';
}

/**
 * Elman RNN (PyTorch's `nn.RNN`): h_t = act(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh).
 *
 * ```ts
 * const rnn = new nn.RNN(10, 20, { numLayers: 2, nonlinearity: 'relu' });
 * const [out, hN] = rnn.forward(nb.randn([5, 3, 10])); // out [5, 3, 20], hN [2, 3, 20]
 * ```
 */
export class RNN extends RNNBase {
  readonly nonlinearity: 'tanh' | 'relu';
  constructor(inputSize: number, hiddenSize: number, options: RNNOptions = {}) {
    const nl = options.nonlinearity ?? 'tanh';
    if (nl !== 'tanh' && nl !== 'relu') throw new ValueError(`RNN: unknown nonlinearity '${String(nl)}', expected 'tanh' or 'relu'`);
    super(nl === 'tanh' ? 'RNN_TANH' : 'RNN_RELU', inputSize, hiddenSize, options);
    this.nonlinearity = nl;
  }
  /** input [T, B, F] ([B, T, F] with batchFirst, or [T, F]); hx [layers * dirs, B, H] → [output, h_n]. */
  forward(input: Tensor, hx: Tensor | null = null): [Tensor, Tensor] {
    const [out, h] = this.run(input, hx, null);
    return [out, h];
  }
  override extraRepr(): string {
    return super.extraRepr() + (this.nonlinearity === 'relu' ? ", nonlinearity='relu'" : '');
  }
}

/** Options of LSTM: the shared ones plus a projection of the hidden state. */
export interface LSTMOptions extends RNNBaseOptions {
  /** Project h to this size with `weight_hr_l{k}` (0, the default, for none). */
  projSize?: number;
}

/**
 * Long short-term memory (PyTorch's `nn.LSTM`), gates i, f, g, o in that order in the weights.
 *
 * ```ts
 * const lstm = new nn.LSTM(10, 20, { numLayers: 2, bidirectional: true, batchFirst: true });
 * const [out, [hN, cN]] = lstm.forward(nb.randn([3, 5, 10])); // out [3, 5, 40], hN/cN [4, 3, 20]
 * ```
 */
export class LSTM extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, options: LSTMOptions = {}) {
    super('LSTM', inputSize, hiddenSize, options);
  }
  /** input [T, B, F] ([B, T, F] with batchFirst, or [T, F]); hx = [h_0, c_0] → [output, [h_n, c_n]]. */
  forward(input: Tensor, hx: readonly [Tensor, Tensor] | null = null): [Tensor, [Tensor, Tensor]] {
    const [out, h, c] = this.run(input, hx ? hx[0] : null, hx ? hx[1] : null);
    return [out, [h, c as Tensor]];
  }
}

/**
 * Gated recurrent unit (PyTorch's `nn.GRU`), gates r, z, n in that order in the weights:
 * n = tanh(W_in x + b_in + r * (W_hn h + b_hn)), h' = (1 - z) * n + z * h.
 */
export class GRU extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, options: RNNBaseOptions = {}) {
    super('GRU', inputSize, hiddenSize, options);
  }
  /** input [T, B, F] ([B, T, F] with batchFirst, or [T, F]); hx [layers * dirs, B, H] → [output, h_n]. */
  forward(input: Tensor, hx: Tensor | null = null): [Tensor, Tensor] {
    const [out, h] = this.run(input, hx, null);
    return [out, h];
  }
}
