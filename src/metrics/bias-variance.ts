/**
 * Bias-variance decomposition of a model's test loss by bootstrap, as mlxtend's
 * `bias_variance_decomp`: the model is refit on `nRounds` bootstrap samples of the training set
 * and its test predictions are compared with each other and with the test targets.
 */
import { Tensor } from '../tensor/tensor.js';
import { tensor } from '../tensor/creation.js';
import { nextInt, withSeed } from '../tensor/random.js';
import { ShapeError, ValueError } from '../tensor/errors.js';
import { checkOption, readNumeric, readVector, type NumericInput } from './util.js';

/** Anything with fit/predict: a nabla estimator, or a small object written for a lesson. */
export interface FitPredict {
  fit(X: Tensor, y: Tensor): unknown;
  predict(X: Tensor): Tensor | ArrayLike<number>;
}

/** Options of {@link biasVarianceDecomposition}. */
export interface BiasVarianceOptions {
  /** Bootstrap rounds (mlxtend's num_rounds, default 200). */
  nRounds?: number;
  /** 'mse' (squared error; regression) or '0-1' (misclassification; integer labels). Default 'mse'. */
  loss?: 'mse' | '0-1';
  /** Seeds a private stream for the bootstrap draws; without it the global generator is used. */
  randomState?: number;
}

/** The decomposition: expectedLoss = bias + variance for 'mse' (exactly), approximately for '0-1'. */
export interface BiasVariance {
  /** Mean over rounds of the test loss of each round's predictions. */
  expectedLoss: number;
  /** 'mse': mean squared difference between the mean prediction and yTest (bias²); '0-1': fraction of test points whose majority vote is wrong. */
  bias: number;
  /** 'mse': mean squared deviation of the predictions from their mean; '0-1': mean fraction of rounds disagreeing with the majority vote. */
  variance: number;
  /**
   * Always 0. The irreducible noise σ² can only be measured with several draws of y at the same
   * x; with one observed yTest per point it cannot be separated from the bias, so (as in mlxtend)
   * the bias term here is measured against the noisy yTest and includes the noise.
   */
  noise: number;
  /** The predictions of every round [nRounds, nTest] (float64). */
  predictions: Tensor;
}

/**
 * The decomposition of already-collected predictions [nRounds, nTest] against yTest — the
 * aggregation step of {@link biasVarianceDecomposition}, exposed for tests and lessons.
 */
export function decomposeLoss(predictions: NumericInput, yTest: NumericInput, loss: 'mse' | '0-1' = 'mse'): Omit<BiasVariance, 'predictions'> {
  checkOption(loss, ['mse', '0-1'] as const, 'decomposeLoss: loss');
  const p = readNumeric(predictions, 'decomposeLoss: predictions');
  const y = readVector(yTest, 'decomposeLoss: yTest');
  if (p.shape.length !== 2 || p.shape[1] !== y.length) throw new ShapeError(`decomposeLoss: predictions must be [nRounds, ${y.length}], got [${p.shape.join(', ')}]`);
  const [r, n] = p.shape;
  const d = p.data;
  let expected = 0, bias = 0, variance = 0;
  if (loss === 'mse') {
    for (let j = 0; j < n; j++) {
      let m = 0;
      for (let i = 0; i < r; i++) { m += d[i * n + j]; expected += (d[i * n + j] - y[j]) ** 2; }
      m /= r;
      bias += (m - y[j]) ** 2;
      for (let i = 0; i < r; i++) variance += (m - d[i * n + j]) ** 2;
    }
    return { expectedLoss: expected / (r * n), bias: bias / n, variance: variance / (r * n), noise: 0 };
  }
  for (let j = 0; j < n; j++) {
    // The main prediction: the most frequent label (the smallest one on ties, as np.argmax(np.bincount)).
    const counts = new Map<number, number>();
    for (let i = 0; i < r; i++) {
      const v = d[i * n + j];
      if (!Number.isInteger(v) || v < 0) throw new ValueError(`decomposeLoss: the '0-1' loss needs non-negative integer labels, got ${v}`);
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    let main = -1, best = -1;
    for (const [v, c] of counts) if (c > best || (c === best && v < main)) { main = v; best = c; }
    for (let i = 0; i < r; i++) { if (d[i * n + j] !== y[j]) expected++; if (d[i * n + j] !== main) variance++; }
    if (main !== y[j]) bias++;
  }
  return { expectedLoss: expected / (r * n), bias: bias / n, variance: variance / (r * n), noise: 0 };
}

/** Rows `idx` of a [n, ...] matrix as a float64 Tensor. */
function takeRows(data: Float64Array, shape: number[], idx: Int32Array): Tensor {
  const width = shape.length === 1 ? 1 : shape[1];
  const out = new Float64Array(idx.length * width);
  for (let i = 0; i < idx.length; i++) out.set(data.subarray(idx[i] * width, (idx[i] + 1) * width), i * width);
  const t = tensor(out, { dtype: 'float64' });
  return shape.length === 1 ? t : t.reshape([idx.length, width]);
}

/**
 * Decomposes the expected test loss of a learning algorithm into bias and variance by refitting
 * it on bootstrap samples of (X, y) and predicting XTest each time (mlxtend's bias_variance_decomp).
 * `estimator` is an object with fit/predict (refit in place each round) or a factory returning a
 * fresh one. For 'mse', expectedLoss = bias + variance exactly (bias is bias²). See
 * {@link BiasVariance.noise} for why noise is reported as 0.
 * @example
 * const r = biasVarianceDecomposition(() => new PolyFit(12), X, y, XTest, yTest, { nRounds: 100, randomState: 0 });
 */
export function biasVarianceDecomposition(
  estimator: FitPredict | (() => FitPredict),
  X: NumericInput, y: NumericInput, XTest: NumericInput, yTest: NumericInput,
  options: BiasVarianceOptions = {},
): BiasVariance {
  const nRounds = options.nRounds ?? 200;
  const loss = checkOption(options.loss ?? 'mse', ['mse', '0-1'] as const, 'biasVarianceDecomposition: loss');
  if (!Number.isInteger(nRounds) || nRounds < 1) throw new ValueError(`biasVarianceDecomposition: nRounds must be a positive integer, got ${nRounds}`);
  const xs = readNumeric(X, 'biasVarianceDecomposition: X');
  const ys = readVector(y, 'biasVarianceDecomposition: y');
  const xt = readNumeric(XTest, 'biasVarianceDecomposition: XTest');
  const yt = readVector(yTest, 'biasVarianceDecomposition: yTest');
  const n = xs.shape[0];
  if (ys.length !== n) throw new ShapeError(`biasVarianceDecomposition: X and y have inconsistent numbers of samples: ${n} and ${ys.length}`);
  if (xt.shape[0] !== yt.length) throw new ShapeError(`biasVarianceDecomposition: XTest and yTest have inconsistent numbers of samples: ${xt.shape[0]} and ${yt.length}`);
  const m = yt.length;
  const xTest = takeRows(xt.data, xt.shape, Int32Array.from({ length: m }, (_, i) => i));
  // Draw every round's bootstrap indices first, inside the private stream.
  const draws = withSeed(options.randomState, () => Array.from({ length: nRounds }, () => Int32Array.from({ length: n }, () => nextInt(n))));
  const preds = new Float64Array(nRounds * m);
  draws.forEach((idx, r) => {
    const model = typeof estimator === 'function' ? estimator() : estimator;
    model.fit(takeRows(xs.data, xs.shape, idx), takeRows(ys, [n], idx));
    const out = model.predict(xTest);
    const p = out instanceof Tensor ? out.detach().contiguous().dataSync() : out;
    if (p.length !== m) throw new ShapeError(`biasVarianceDecomposition: predict returned ${p.length} values for ${m} test samples`);
    for (let j = 0; j < m; j++) preds[r * m + j] = Number(p[j]);
  });
  const predictions = tensor(preds, { dtype: 'float64' }).reshape([nRounds, m]);
  return { ...decomposeLoss(predictions, yt, loss), predictions };
}
