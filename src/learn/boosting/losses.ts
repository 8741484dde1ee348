import { ValueError } from '../../tensor/errors.js';

/**
 * A boosting loss: the constant start (base margin), the per-sample gradient and Hessian with
 * respect to the raw score (margin), and the map from margin to prediction. Multi-output
 * losses (softmax) use nOutputs raw scores per sample, stored sample-major.
 */
export interface Loss {
  readonly name: string;
  readonly nOutputs: number;
  /** The initial margin(s) from the targets (y as class indices for classification). */
  baseMargin(y: Float64Array, w: Float64Array | null): number[];
  /** The margin of a prediction-space base score given by the user (e.g. probability → log-odds). */
  marginOf(baseScore: number): number;
  /** Writes gradient/Hessian pairs of output k into gh (interleaved, per sample). */
  gradients(y: Float64Array, raw: Float64Array, k: number, w: Float64Array | null, gh: Float64Array): void;
  /**
   * A leaf's output (before the learning rate) recomputed from its rows' residuals, for losses
   * whose Newton step is a poor leaf value (absolute error: the median residual, as LightGBM).
   */
  refitLeaf?(y: Float64Array, raw: Float64Array, rows: Int32Array, start: number, end: number): number;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

function weightedMean(y: Float64Array, w: Float64Array | null): number {
  let s = 0, sw = 0;
  for (let i = 0; i < y.length; i++) { const wi = w ? w[i] : 1; s += wi * y[i]; sw += wi; }
  return s / sw;
}

function median(y: Float64Array): number {
  const s = Float64Array.from(y).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Squared error ½(f − y)²: gradient f − y, Hessian 1; starts at the (weighted) mean. */
export const squaredError: Loss = {
  name: 'squared_error', nOutputs: 1,
  baseMargin: (y, w) => [weightedMean(y, w)],
  marginOf: (b) => b,
  gradients(y, raw, _k, w, gh) {
    for (let i = 0; i < y.length; i++) { const wi = w ? w[i] : 1; gh[2 * i] = wi * (raw[i] - y[i]); gh[2 * i + 1] = wi; }
  },
};

/** Absolute error |f − y|: gradient sign(f − y), Hessian 1, leaves refitted to the median residual (LightGBM's 'l1'; sample weights are not used in the refit); starts at the median. */
export const absoluteError: Loss = {
  name: 'absolute_error', nOutputs: 1,
  baseMargin: (y) => [median(y)],
  marginOf: (b) => b,
  gradients(y, raw, _k, w, gh) {
    for (let i = 0; i < y.length; i++) { const wi = w ? w[i] : 1; const d = raw[i] - y[i]; gh[2 * i] = wi * (d > 0 ? 1 : d < 0 ? -1 : 0); gh[2 * i + 1] = wi; }
  },
  refitLeaf(y, raw, rows, start, end) {
    const r = new Float64Array(end - start);
    for (let j = start; j < end; j++) r[j - start] = y[rows[j]] - raw[rows[j]];
    return median(r);
  },
};

/** Huber loss with threshold delta: gradient clip(f − y, ±delta), Hessian 1; starts at the median. */
export function huber(delta: number): Loss {
  if (!(delta > 0)) throw new ValueError(`huberDelta: expected a positive number, got ${delta}`);
  return {
    name: 'huber', nOutputs: 1,
    baseMargin: (y) => [median(y)],
    marginOf: (b) => b,
    gradients(y, raw, _k, w, gh) {
      for (let i = 0; i < y.length; i++) { const wi = w ? w[i] : 1; const d = raw[i] - y[i]; gh[2 * i] = wi * Math.max(-delta, Math.min(delta, d)); gh[2 * i + 1] = wi; }
    },
  };
}

/** Binary log-loss on margins: gradient p − y, Hessian max(p(1 − p), 1e-16); starts at the log-odds of the mean label. */
export const logistic: Loss = {
  name: 'logistic', nOutputs: 1,
  baseMargin(y, w) {
    const m = Math.min(1 - 1e-7, Math.max(1e-7, weightedMean(y, w)));
    return [Math.log(m / (1 - m))];
  },
  marginOf(b) {
    if (!(b > 0 && b < 1)) throw new ValueError(`baseScore: a probability in (0, 1) is expected for the logistic loss, got ${b}`);
    return Math.log(b / (1 - b));
  },
  gradients(y, raw, _k, w, gh) {
    for (let i = 0; i < y.length; i++) {
      const wi = w ? w[i] : 1;
      const pi = sigmoid(raw[i]);
      gh[2 * i] = wi * (pi - y[i]);
      gh[2 * i + 1] = wi * Math.max(pi * (1 - pi), 1e-16);
    }
  },
};

/** Multinomial softmax over nClasses margins (XGBoost 'multi:softprob': Hessian 2p(1 − p)); starts at 0. */
export function softmax(nClasses: number): Loss {
  return {
    name: 'softmax', nOutputs: nClasses,
    baseMargin: () => new Array<number>(nClasses).fill(0),
    marginOf: () => 0,
    gradients(y, raw, k, w, gh) {
      for (let i = 0; i < y.length; i++) {
        const o = i * nClasses;
        let mx = -Infinity;
        for (let c = 0; c < nClasses; c++) if (raw[o + c] > mx) mx = raw[o + c];
        let s = 0;
        for (let c = 0; c < nClasses; c++) s += Math.exp(raw[o + c] - mx);
        const pk = Math.exp(raw[o + k] - mx) / s;
        const wi = w ? w[i] : 1;
        gh[2 * i] = wi * (pk - (y[i] === k ? 1 : 0));
        gh[2 * i + 1] = wi * Math.max(2 * pk * (1 - pk), 1e-16);
      }
    },
  };
}

/** Poisson deviance with a log link: gradient e^f − y, Hessian e^(f + 0.7) (XGBoost's max_delta_step); starts at log(mean). */
export const poisson: Loss = {
  name: 'poisson', nOutputs: 1,
  baseMargin(y, w) {
    for (const v of y) if (v < 0) throw new ValueError(`y: the Poisson loss needs non-negative targets, got ${v}`);
    return [Math.log(Math.max(weightedMean(y, w), 1e-12))];
  },
  marginOf(b) {
    if (!(b > 0)) throw new ValueError(`baseScore: a positive mean is expected for the Poisson loss, got ${b}`);
    return Math.log(b);
  },
  gradients(y, raw, _k, w, gh) {
    for (let i = 0; i < y.length; i++) { const wi = w ? w[i] : 1; const e = Math.exp(raw[i]); gh[2 * i] = wi * (e - y[i]); gh[2 * i + 1] = wi * e * Math.exp(0.7); }
  },
};
