import type { FloatArray, OptimizerKind } from '../types.js';

// The fused optimizer updates of the js backend (and the reference for the native one).
//
// Each kind follows PyTorch 1.13's single-tensor update (torch/optim/<name>.py,
// `_single_tensor_<name>`) op by op. For float32, every intermediate is rounded to float32
// (Math.fround) exactly where a float32 tensor op would round it, so the fused step and the
// tensor-op fallback in src/optim/ give identical bits. The op conventions (shared with the
// fallback and with src/backend/native/cpp/optim.cc):
//   x.add_(y, alpha=a)          → x + (y * a)
//   x.addcmul_(t1, t2, value=v) → x + ((t1 * v) * t2)
//   x.addcdiv_(t1, t2, value=v) → x + ((t1 * v) / t2)
// Scalars (hp, and 1 - beta computed in double from them) are rounded to the array's precision,
// as a scalar operand of a float32 tensor op is.
//
// Layouts (flags are 0/1):
//   sgd      hp [lr, momentum, dampening, weightDecay, nesterov, maximize, firstStep]
//            state [momentumBuffer] (only when momentum != 0)
//   adam     hp [beta1, beta2, eps, weightDecay (L2), decay (AdamW's 1 - lr*wd, else 1),
//                stepSize (lr / (1 - beta1^t)), bc2Sqrt (sqrt(1 - beta2^t)), amsgrad, maximize]
//            state [expAvg, expAvgSq, maxExpAvgSq (only read when amsgrad)]
//   adagrad  hp [clr (lr / (1 + (t - 1) * lrDecay)), eps, weightDecay, maximize]   state [sum]
//   rmsprop  hp [lr, alpha, eps, weightDecay, momentum, centered, maximize]
//            state [squareAvg, gradAvg (when centered), momentumBuffer (when momentum > 0)]
//   adamax   hp [beta1, beta2, eps, weightDecay, clr (lr / (1 - beta1^t)), maximize]
//            state [expAvg, expInf]
//   adadelta hp [lr, rho, eps, weightDecay, maximize]   state [squareAvg, accDelta]
//   nadam    hp [beta1, beta2, eps, weightDecay, bc2 (1 - beta2^t),
//                coefGrad (-lr (1 - mu) / (1 - muProduct)), coefAvg (-lr muNext / (1 - muProductNext))]
//            state [expAvg, expAvgSq]

/** The kinds in code order (the native addon numbers them so). */
export const OPTIMIZER_KINDS: readonly OptimizerKind[] = ['sgd', 'adagrad', 'rmsprop', 'adam', 'adamax', 'adadelta', 'nadam'];

/** How many hp scalars and state buffers each kind takes. */
export const OPTIMIZER_ARITY: Readonly<Record<OptimizerKind, { hp: number; state: number }>> = {
  sgd: { hp: 7, state: 1 },
  adagrad: { hp: 4, state: 1 },
  rmsprop: { hp: 7, state: 3 },
  adam: { hp: 9, state: 3 },
  adamax: { hp: 6, state: 2 },
  adadelta: { hp: 5, state: 2 },
  nadam: { hp: 7, state: 2 },
};

type Round = (x: number) => number;
const exact: Round = (x) => x;

/** Runs one fused update (see the layouts above). Arrays are trusted to be long enough. */
export function optimizerStep(kind: OptimizerKind, p: FloatArray, g: FloatArray, s: readonly FloatArray[], hp: readonly number[]): void {
  const r: Round = p instanceof Float32Array ? Math.fround : exact;
  // Derived scalars (1 - beta, ...) are computed in double from the raw values, then rounded.
  const h = hp as number[];
  const n = p.length;
  switch (kind) {
    case 'sgd': return sgd(r, n, p, g, s[0], h);
    case 'adagrad': return adagrad(r, n, p, g, s[0], h);
    case 'rmsprop': return rmsprop(r, n, p, g, s, h);
    case 'adam': return adam(r, n, p, g, s, h);
    case 'adamax': return adamax(r, n, p, g, s[0], s[1], h);
    case 'adadelta': return adadelta(r, n, p, g, s[0], s[1], h);
    case 'nadam': return nadam(r, n, p, g, s[0], s[1], h);
  }
}

function sgd(r: Round, n: number, p: FloatArray, g: FloatArray, buf: FloatArray | undefined, h: number[]): void {
  const [lr, mom, wd] = [r(h[0]), r(h[1]), r(h[3])];
  const [nesterov, maximize, first] = [h[4], h[5], h[6]];
  const negLr = -lr, keep = r(1 - h[2]);
  for (let i = 0; i < n; i++) {
    let d = maximize ? -g[i] : g[i];
    if (wd !== 0) d = r(d + r(p[i] * wd));
    if (mom !== 0 && buf) {
      const b = first ? d : r(r(buf[i] * mom) + r(d * keep));
      buf[i] = b;
      d = nesterov ? r(d + r(b * mom)) : b;
    }
    p[i] = r(p[i] + r(d * negLr));
  }
}

function adagrad(r: Round, n: number, p: FloatArray, g: FloatArray, sum: FloatArray, h: number[]): void {
  const [clr, eps, wd, maximize] = [r(h[0]), r(h[1]), r(h[2]), h[3]];
  const negClr = -clr;
  for (let i = 0; i < n; i++) {
    let d = maximize ? -g[i] : g[i];
    if (wd !== 0) d = r(d + r(p[i] * wd));
    const s = r(sum[i] + r(d * d));
    sum[i] = s;
    const std = r(r(Math.sqrt(s)) + eps);
    p[i] = r(p[i] + r(r(d * negClr) / std));
  }
}

function rmsprop(r: Round, n: number, p: FloatArray, g: FloatArray, s: readonly FloatArray[], h: number[]): void {
  const [lr, alpha, eps, wd, mom] = [r(h[0]), r(h[1]), r(h[2]), r(h[3]), r(h[4])];
  const [centered, maximize] = [h[5], h[6]];
  const [sq, ga, buf] = s;
  const keep = r(1 - h[1]), negLr = -lr;
  for (let i = 0; i < n; i++) {
    let d = maximize ? -g[i] : g[i];
    if (wd !== 0) d = r(d + r(p[i] * wd));
    const v = r(r(sq[i] * alpha) + r(r(d * keep) * d));
    sq[i] = v;
    let avg: number;
    if (centered) {
      const a = r(r(ga[i] * alpha) + r(d * keep));
      ga[i] = a;
      avg = r(Math.sqrt(r(v + r(-a * a))));
    } else {
      avg = r(Math.sqrt(v));
    }
    avg = r(avg + eps);
    if (mom > 0) {
      const b = r(r(buf[i] * mom) + r(d / avg));
      buf[i] = b;
      p[i] = r(p[i] + r(b * negLr));
    } else {
      p[i] = r(p[i] + r(r(d * negLr) / avg));
    }
  }
}

function adam(r: Round, n: number, p: FloatArray, g: FloatArray, s: readonly FloatArray[], h: number[]): void {
  const [b1, b2, eps, wd, decay, stepSize, bc2Sqrt] = h.slice(0, 7).map(r);
  const [amsgrad, maximize] = [h[7], h[8]];
  const [m, v, vmax] = s;
  const k1 = r(1 - h[0]), k2 = r(1 - h[1]), negStep = -stepSize;
  for (let i = 0; i < n; i++) {
    let d = maximize ? -g[i] : g[i];
    let x = p[i];
    if (decay !== 1) x = r(x * decay);
    if (wd !== 0) d = r(d + r(x * wd));
    const mi = r(r(m[i] * b1) + r(d * k1));
    m[i] = mi;
    let vi = r(r(v[i] * b2) + r(r(d * k2) * d));
    v[i] = vi;
    if (amsgrad) {
      const prev = vmax[i];
      // torch.maximum propagates NaN
      vi = prev !== prev || vi !== vi ? NaN : Math.max(prev, vi);
      vmax[i] = vi;
    }
    const denom = r(r(r(Math.sqrt(vi)) / bc2Sqrt) + eps);
    p[i] = r(x + r(r(mi * negStep) / denom));
  }
}

function adamax(r: Round, n: number, p: FloatArray, g: FloatArray, m: FloatArray, u: FloatArray, h: number[]): void {
  const [b1, b2, eps, wd, clr] = h.slice(0, 5).map(r);
  const maximize = h[5];
  const k1 = r(1 - h[0]), negClr = -clr;
  for (let i = 0; i < n; i++) {
    let d = maximize ? -g[i] : g[i];
    if (wd !== 0) d = r(d + r(p[i] * wd));
    const mi = r(r(m[i] * b1) + r(d * k1));
    m[i] = mi;
    const a = r(u[i] * b2), b = r(Math.abs(d) + eps);
    const ui = a !== a || b !== b ? NaN : Math.max(a, b); // amax propagates NaN
    u[i] = ui;
    p[i] = r(p[i] + r(r(mi * negClr) / ui));
  }
}

function adadelta(r: Round, n: number, p: FloatArray, g: FloatArray, sq: FloatArray, acc: FloatArray, h: number[]): void {
  const [lr, rho, eps, wd] = h.slice(0, 4).map(r);
  const maximize = h[4];
  const keep = r(1 - h[1]), negLr = -lr;
  for (let i = 0; i < n; i++) {
    let d = maximize ? -g[i] : g[i];
    if (wd !== 0) d = r(d + r(p[i] * wd));
    const v = r(r(sq[i] * rho) + r(r(d * keep) * d));
    sq[i] = v;
    const std = r(Math.sqrt(r(v + eps)));
    const delta = r(r(r(Math.sqrt(r(acc[i] + eps))) / std) * d);
    acc[i] = r(r(acc[i] * rho) + r(r(delta * keep) * delta));
    p[i] = r(p[i] + r(delta * negLr));
  }
}

function nadam(r: Round, n: number, p: FloatArray, g: FloatArray, m: FloatArray, v: FloatArray, h: number[]): void {
  const [b1, b2, eps, wd, bc2, coefGrad, coefAvg] = h.slice(0, 7).map(r);
  const k1 = r(1 - h[0]), k2 = r(1 - h[1]);
  for (let i = 0; i < n; i++) {
    let d = g[i];
    if (wd !== 0) d = r(d + r(p[i] * wd));
    const mi = r(r(m[i] * b1) + r(d * k1));
    m[i] = mi;
    const vi = r(r(v[i] * b2) + r(r(d * k2) * d));
    v[i] = vi;
    const denom = r(r(Math.sqrt(r(vi / bc2))) + eps);
    const x = r(p[i] + r(r(d * coefGrad) / denom));
    p[i] = r(x + r(r(mi * coefAvg) / denom));
  }
}
