import { Tensor } from '../tensor/tensor.js';
import { ValueError } from '../tensor/errors.js';
import { withSeed } from '../tensor/random.js';
import { castTo } from '../ops/cast.js';
import { indexSelect } from '../ops/scatter-gather.js';
import { softmax } from '../ops/nn/softmax.js';
import { noGrad } from '../autograd/grad-mode.js';
import { backward } from '../autograd/engine.js';
import { reshape } from '../ops/movement.js';
import { crossEntropy } from '../nn/functional/loss-classification.js';
import { mseLoss } from '../nn/functional/loss-regression.js';
import type { Module } from '../nn/module.js';
import type { Parameter } from '../nn/parameter.js';
import { Adam } from '../optim/adam.js';
import type { Optimizer } from '../optim/optimizer.js';
import { permutation } from './modelSelection/random.js';
import { BaseClassifier, BaseRegressor, checkFitted, checkSameLength, encodeLabels, labelsAt, readLabels, toMatrix, toVector, type ArrayInput, type ClassLabels, type LabelInput, type Params, type StringLabelled } from './base.js';

/** What the module factory receives: the `module__*` options plus the data's sizes. */
export type ModuleFactoryArgs = Record<string, unknown> & { nFeatures: number; nOutputs: number };

/** Options of NeuralNetClassifier / NeuralNetRegressor (skorch-like). */
export interface NeuralNetOptions {
  /** Builds a fresh module per fit from `module__*` options and the data's sizes (inputs [n, nFeatures] → outputs [n, nOutputs]). */
  module: (args: ModuleFactoryArgs) => Module;
  /** Options for the factory; set one with `setParams({ module__hidden: 32 })`. */
  moduleParams?: Record<string, unknown>;
  /** Builds the optimizer; default Adam. */
  optimizer?: (params: Parameter[], lr: number) => Optimizer;
  /** Learning rate; default 0.01. */
  lr?: number;
  /** Passes over the data; default 10. */
  epochs?: number;
  /** Samples per step; default 32. */
  batchSize?: number;
  /** Loss of (output, target); default cross entropy on logits (classifier) or MSE (regressor). */
  loss?: (output: Tensor, target: Tensor) => Tensor;
  /** Seeds initialisation and shuffling from a private stream; none uses nabla's global generator. */
  randomState?: number;
}

type Resolved = Required<Omit<NeuralNetOptions, 'randomState' | 'loss'>> & Pick<NeuralNetOptions, 'randomState' | 'loss'>;

function resolve(o: NeuralNetOptions): Resolved {
  if (typeof o?.module !== 'function') throw new ValueError('NeuralNet: the module option must be a factory (args) => nn.Module');
  return { moduleParams: {}, optimizer: (p, lr) => new Adam(p, { lr }), lr: 0.01, epochs: 10, batchSize: 32, ...o };
}

function checkPositiveInt(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new ValueError(`NeuralNet: ${name} must be a positive integer, got ${v}`);
}

/** getParams with `module__*` entries, as skorch. */
function netParams(p: Resolved, deep: boolean): Params {
  const out: Params = { ...p };
  if (deep) for (const [k, v] of Object.entries(p.moduleParams)) out[`module__${k}`] = v;
  return out;
}

/** setParams routing `module__*` into moduleParams (a fresh record, so clones never share it). */
function setNetParams(target: { moduleParams: Record<string, unknown> }, params: Params): Params {
  const rest: Params = {};
  for (const [k, v] of Object.entries(params)) {
    if (k.startsWith('module__')) target.moduleParams = { ...target.moduleParams, [k.slice(8)]: v };
    else rest[k] = v;
  }
  return rest;
}

/**
 * Trains a fresh module by minibatch gradient descent (a plain loop: shuffle, forward, loss,
 * backward, step) under the estimator's seed; X float32 [n, f], targets as the loss wants them.
 */
function train(o: Resolved, X: Tensor, target: Tensor, nOutputs: number, loss: (out: Tensor, t: Tensor) => Tensor): Module {
  checkPositiveInt('epochs', o.epochs);
  checkPositiveInt('batchSize', o.batchSize);
  if (!(o.lr > 0)) throw new ValueError(`NeuralNet: lr must be positive, got ${o.lr}`);
  return withSeed(o.randomState, () => {
    const model = o.module({ ...o.moduleParams, nFeatures: X.shape[1], nOutputs });
    const opt = o.optimizer(model.parameters(), o.lr);
    model.train();
    const n = X.shape[0];
    for (let e = 0; e < o.epochs; e++) {
      const perm = permutation(n);
      for (let s = 0; s < n; s += o.batchSize) {
        const idx = new Tensor(perm.slice(s, Math.min(n, s + o.batchSize)), [Math.min(o.batchSize, n - s)], 'int32');
        opt.zeroGrad();
        const out = (model.forward as (x: Tensor) => Tensor)(indexSelect(X, 0, idx));
        backward(loss(out, indexSelect(target, 0, idx)));
        opt.step();
      }
    }
    model.eval();
    return model;
  });
}

function forward(model: Module, X: ArrayInput): Tensor {
  const x = castTo(toMatrix(X), 'float32');
  return noGrad(() => (model.forward as (x: Tensor) => Tensor)(x));
}

/**
 * A classifier around an nn.Module producing logits [n, nClasses] (skorch's NeuralNetClassifier),
 * so crossValScore and GridSearchCV work on neural networks: options (`lr`, `epochs`,
 * `module__hidden`, ...) are searchable parameters and each fit builds a fresh module.
 *
 * ```ts
 * const net = new NeuralNetClassifier({ module: ({ nFeatures, nOutputs, hidden = 16 }) =>
 *   new nn.Sequential(new nn.Linear(nFeatures, hidden as number), new nn.ReLU(), new nn.Linear(hidden as number, nOutputs)), lr: 0.01, epochs: 20 });
 * new GridSearchCV(net, { lr: [0.01, 0.1], module__hidden: [8, 32] }, { cv: 3 }).fit(X, y);
 * ```
 */
export class NeuralNetClassifier extends BaseClassifier<Resolved> {
  readonly module: Module | null = null;
  readonly classes: ClassLabels | null = null;
  readonly nFeaturesIn: number | null = null;

  constructor(options: NeuralNetOptions) {
    super(resolve(options));
  }
  override getParams(deep = true): Params { return netParams(this.params, deep); }
  override setParams(params: Params): this { return super.setParams(setNetParams(this.params, params)); }

  fit(X: ArrayInput, y: readonly string[]): StringLabelled<this>;
  fit(X: ArrayInput, y: ArrayInput): this;
  fit(X: ArrayInput, y: LabelInput): this | StringLabelled<this> {
    const x = castTo(toMatrix(X), 'float32');
    const yv = readLabels(y);
    checkSameLength(x.shape[0], yv.length);
    const { classes, indices } = encodeLabels(yv);
    if (classes.length < 2) throw new ValueError(`NeuralNetClassifier.fit: y has a single class (${classes[0]}); at least two are needed`);
    const loss = this.params.loss ?? ((o: Tensor, t: Tensor) => crossEntropy(o, t));
    const model = train(this.params, x, new Tensor(indices, [indices.length], 'int32'), classes.length, loss);
    Object.assign(this, { module: model, classes, nFeaturesIn: x.shape[1] });
    return this;
  }

  /** Class probabilities [n, nClasses] (softmax of the logits), float64. */
  predictProba(X: ArrayInput): Tensor {
    const model = checkFitted(this, this.module, 'predictProba');
    return castTo(softmax(forward(model, X), 1), 'float64');
  }

  predict(X: ArrayInput): Tensor {
    const classes = checkFitted(this, this.classes, 'predict');
    const p = this.predictProba(X);
    const [n, k] = p.shape;
    const d = p.dataSync() as Float64Array;
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let j = 1; j < k; j++) if (d[i * k + j] > d[i * k + best]) best = j;
      out[i] = best;
    }
    return labelsAt(classes, out);
  }
}

/** A regressor around an nn.Module producing [n, 1] (or [n]) outputs (skorch's NeuralNetRegressor); MSE by default. */
export class NeuralNetRegressor extends BaseRegressor<Resolved> {
  readonly module: Module | null = null;
  readonly nFeaturesIn: number | null = null;

  constructor(options: NeuralNetOptions) {
    super(resolve(options));
  }
  override getParams(deep = true): Params { return netParams(this.params, deep); }
  override setParams(params: Params): this { return super.setParams(setNetParams(this.params, params)); }

  fit(X: ArrayInput, y: ArrayInput): this {
    const x = castTo(toMatrix(X), 'float32');
    const yv = castTo(toVector(y), 'float32');
    checkSameLength(x.shape[0], yv.shape[0]);
    const loss = this.params.loss ?? ((o: Tensor, t: Tensor) => mseLoss(o.ndim === 2 ? reshape(o, [o.shape[0]]) : o, t));
    const model = train(this.params, x, yv, 1, loss);
    Object.assign(this, { module: model, nFeaturesIn: x.shape[1] });
    return this;
  }

  /** Predictions [n], float64. */
  predict(X: ArrayInput): Tensor {
    const model = checkFitted(this, this.module, 'predict');
    const out = forward(model, X);
    return castTo(reshape(out, [out.shape[0]]), 'float64');
  }
}
