import type { Tensor } from '../tensor/tensor.js';
import { ValueError } from '../tensor/errors.js';
import { zeros } from '../tensor/creation.js';
import { isGradEnabled, noGrad } from '../autograd/grad-mode.js';
import { record } from '../autograd/record.js';
import { add, mul, sub, gt } from '../ops/binary.js';
import { relu, sigmoid, tanh } from '../ops/unary.js';
import { matmul } from '../ops/matmul.js';
import { contiguous } from '../ops/cast.js';
import { mT, narrow, reshape, select } from '../ops/movement.js';
import { cat, stack } from '../ops/join.js';
import { sum } from '../ops/reduce.js';

// One recurrent layer in one direction, run as a single autograd node: the forward loops over
// time without recording a graph (a few kernels per step) and keeps what the backward needs;
// the backward is back-propagation through time written by hand with tensor ops. This avoids
// T graph nodes that each slice the [T, B, G*H] input projection (whose gradient would be a
// full-size tensor per step). First-order only: createGraph through it throws.

export type RecurrentMode = 'LSTM' | 'GRU' | 'RNN_TANH' | 'RNN_RELU';

export interface RecurrenceArgs {
  mode: RecurrentMode;
  /** [T, B, G*H] time-major (may be a strided view): x W_ih^T + b_ih (+ b_hh except for GRU). */
  xproj: Tensor;
  /** [G*H, P] (P = hidden size, or the projection size of an LSTM with projSize). */
  wHh: Tensor;
  /** GRU only: b_hh [3H] (it sits inside the reset gate product, so it cannot be folded). */
  bHh: Tensor | null;
  /** LSTM with projection: W_hr [P, H]. */
  wHr: Tensor | null;
  /** [B, P] initial hidden state. */
  h0: Tensor;
  /** LSTM only: [B, H] initial cell state. */
  c0: Tensor | null;
  /** Process time steps from T-1 down to 0 (the `_reverse` direction). */
  reverse: boolean;
}

export interface RecurrenceResult {
  /** [T, B, P] hidden states by time index. */
  output: Tensor;
  /** [B, P] the final hidden state (after the last processed step). */
  hN: Tensor;
  /** LSTM: [B, H] the final cell state; null otherwise. */
  cN: Tensor | null;
}

/** Per-step saved tensors, indexed by time. */
interface Saved {
  hPrev: Tensor[];
  a: Tensor[]; // LSTM: sigmoid(gates) [B,4H]; GRU: sigmoid(r|z) [B,2H]; RNN: new h
  b: Tensor[]; // LSTM: tanh(g) [B,H]; GRU: W_hn h + b_hn [B,H]
  c: Tensor[]; // LSTM: c_prev [B,H]; GRU: n [B,H]
  d: Tensor[]; // LSTM: tanh(c_new) [B,H]
  m: Tensor[]; // LSTM with projection: o * tanh(c) [B,H]
}

/** Runs one layer-direction of an RNN/LSTM/GRU; see RecurrenceArgs for the shapes. */
export function recurrence(args: RecurrenceArgs): RecurrenceResult {
  const { mode, xproj, wHh, bHh, wHr, h0, c0, reverse } = args;
  const T = xproj.shape[0];
  if (T === 0) throw new ValueError(`${mode}: expected a sequence of at least one time step, got shape [0, ...]`);
  const H = mode === 'LSTM' ? wHh.shape[0] / 4 : mode === 'GRU' ? wHh.shape[0] / 3 : wHh.shape[0];
  const saved: Saved = { hPrev: [], a: [], b: [], c: [], d: [], m: [] };
  const hs: Tensor[] = new Array<Tensor>(T);
  let cLast: Tensor | null = null;
  noGrad(() => {
    // Transposed once per call: the per-step GEMMs read a row-major [P, G*H] right-hand side
    // (about 20% faster per step than a transposed view on the native backend).
    const whhT = contiguous(mT(wHh)); // [P, G*H]
    const whrT = wHr ? contiguous(mT(wHr)) : null;
    let h = h0;
    let c = c0;
    for (let k = 0; k < T; k++) {
      const t = reverse ? T - 1 - k : k;
      const xp = select(xproj, 0, t);
      saved.hPrev[t] = h;
      if (mode === 'LSTM') {
        const gates = add(matmul(h, whhT), xp); // [B, 4H]
        const s = sigmoid(gates);
        const g = tanh(narrow(gates, 1, 2 * H, H));
        const cPrev = c as Tensor;
        c = add(mul(narrow(s, 1, H, H), cPrev), mul(narrow(s, 1, 0, H), g));
        const tc = tanh(c);
        const m = mul(narrow(s, 1, 3 * H, H), tc);
        h = whrT ? matmul(m, whrT) : m; // [B, P]
        saved.a[t] = s; saved.b[t] = g; saved.c[t] = cPrev; saved.d[t] = tc;
        if (whrT) saved.m[t] = m;
      } else if (mode === 'GRU') {
        let gh = matmul(h, whhT); // [B, 3H]
        if (bHh) gh = add(gh, bHh);
        const rz = sigmoid(add(narrow(xp, 1, 0, 2 * H), narrow(gh, 1, 0, 2 * H))); // [B, 2H]
        const ghn = narrow(gh, 1, 2 * H, H);
        const n = tanh(add(narrow(xp, 1, 2 * H, H), mul(narrow(rz, 1, 0, H), ghn)));
        h = add(n, mul(narrow(rz, 1, H, H), sub(h, n))); // (1 - z) n + z h
        saved.a[t] = rz; saved.b[t] = ghn; saved.c[t] = n;
      } else {
        const pre = add(matmul(h, whhT), xp);
        h = mode === 'RNN_TANH' ? tanh(pre) : relu(pre);
        saved.a[t] = h;
      }
      hs[t] = h;
    }
    cLast = c;
  });
  const outRaw = noGrad(() => stack(hs, 0)); // [T, B, P]
  const inputs = [xproj, wHh, bHh, wHr, h0, c0];
  const backward = (dY: Tensor | null, dcN: Tensor | null) => bptt(args, H, saved, dY, dcN);
  const output = record(`${mode.toLowerCase()}Recurrence`, inputs, outRaw, (g) => backward(g, null));
  const hN = select(output, 0, reverse ? 0 : T - 1);
  const cN = mode === 'LSTM' ? record('lstmCellState', inputs, cLast as unknown as Tensor, (g) => backward(null, g)) : null;
  return { output, hN, cN };
}

/** Back-propagation through time: gradients for [xproj, wHh, bHh, wHr, h0, c0]. */
function bptt(args: RecurrenceArgs, H: number, s: Saved, dY: Tensor | null, dcN: Tensor | null): (Tensor | null)[] {
  const { mode, xproj, wHh, wHr, h0, c0, reverse } = args;
  if (isGradEnabled()) {
    throw new ValueError(`${mode}: the fused recurrence is differentiable once only; higher-order gradients (createGraph) through RNN/LSTM/GRU layers are not supported`);
  }
  const T = xproj.shape[0], B = h0.shape[0], P = h0.shape[1];
  const dG: Tensor[] = new Array<Tensor>(T); // gradient of the pre-activations fed by xproj
  const dGh: Tensor[] = new Array<Tensor>(T); // GRU: gradient of W_hh h + b_hh
  const dHs: Tensor[] = new Array<Tensor>(T); // LSTM with projection: gradient of h_t
  let dh: Tensor = zeros([B, P], { dtype: h0.dtype });
  let dc: Tensor | null = mode === 'LSTM' ? (dcN ?? zeros([B, H], { dtype: h0.dtype })) : null;
  // LSTM: the activations' local derivatives for all steps at once (a few ops over [T, B, *]
  // instead of several small ops per step): gateD [T, B, 4H] holds σ' for i, f, o and tanh' for
  // g; cellD [T, B, H] holds tanh' of the cell state.
  let gateD: Tensor | null = null, cellD: Tensor | null = null;
  if (mode === 'LSTM') {
    const S = stack(s.a, 0), G = stack(s.b, 0), TC = stack(s.d, 0);
    const sd = mul(S, sub(1, S));
    gateD = cat([narrow(sd, 2, 0, 2 * H), sub(1, mul(G, G)), narrow(sd, 2, 3 * H, H)], 2);
    cellD = sub(1, mul(TC, TC));
  }
  for (let k = T - 1; k >= 0; k--) {
    const t = reverse ? T - 1 - k : k;
    const dht = dY ? add(dh, select(dY, 0, t)) : dh;
    if (mode === 'LSTM') {
      const sg = s.a[t], g = s.b[t], cPrev = s.c[t], tc = s.d[t];
      const i = narrow(sg, 1, 0, H), f = narrow(sg, 1, H, H), o = narrow(sg, 1, 3 * H, H);
      let dm = dht;
      if (wHr) { dHs[t] = dht; dm = matmul(dht, wHr); } // [B, H]
      const dcT = add(dc as Tensor, mul(mul(dm, o), select(cellD as Tensor, 0, t)));
      // Gradients of the gate pre-activations, in PyTorch's order i, f, g, o.
      dG[t] = mul(cat([mul(dcT, g), mul(dcT, cPrev), mul(dcT, i), mul(dm, tc)], 1), select(gateD as Tensor, 0, t));
      dc = mul(dcT, f);
      dh = matmul(dG[t], wHh);
    } else if (mode === 'GRU') {
      const rz = s.a[t], ghn = s.b[t], n = s.c[t];
      const r = narrow(rz, 1, 0, H), z = narrow(rz, 1, H, H);
      const dnPre = mul(mul(dht, sub(1, z)), sub(1, mul(n, n)));
      const dRz = mul(cat([mul(dnPre, ghn), mul(dht, sub(s.hPrev[t], n))], 1), mul(rz, sub(1, rz))); // [B, 2H]
      dG[t] = cat([dRz, dnPre], 1);
      dGh[t] = cat([dRz, mul(dnPre, r)], 1);
      dh = add(mul(dht, z), matmul(dGh[t], wHh));
    } else {
      const hNew = s.a[t];
      const dPre = mode === 'RNN_TANH' ? mul(dht, sub(1, mul(hNew, hNew))) : mul(dht, gt(hNew, 0));
      dG[t] = dPre;
      dh = matmul(dPre, wHh);
    }
  }
  const GH = wHh.shape[0];
  const dXproj = stack(dG, 0); // [T, B, G*H]
  const hPrev = reshape(stack(s.hPrev, 0), [T * B, P]);
  const dRec = mode === 'GRU' ? reshape(stack(dGh, 0), [T * B, GH]) : reshape(dXproj, [T * B, GH]);
  const dWhh = wHh.requiresGrad ? matmul(mT(dRec), hPrev) : null; // [G*H, P]
  const dBhh = mode === 'GRU' && args.bHh?.requiresGrad ? sum(dRec, 0) : null;
  const dWhr = wHr?.requiresGrad ? matmul(mT(reshape(stack(dHs, 0), [T * B, P])), reshape(stack(s.m, 0), [T * B, H])) : null;
  return [dXproj, dWhh, dBhh, dWhr, h0.requiresGrad ? dh : null, c0?.requiresGrad ? dc : null];
}
