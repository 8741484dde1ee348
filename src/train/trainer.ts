import { Tensor } from '../tensor/tensor.js';
import { ValueError, fmtShape } from '../tensor/errors.js';
import { noGrad } from '../autograd/grad-mode.js';
import { div } from '../ops/binary.js';
import type { Module } from '../nn/module.js';
import type { Parameter } from '../nn/parameter.js';
import { Adam } from '../optim/adam.js';
import { clipGradNorm, clipGradValue } from '../optim/clip.js';
import { ReduceLROnPlateau } from '../optim/lr-scheduler/reduce-lr-on-plateau.js';
import { logKey, runHook, valKey, type AnyOptimizer, type Callback, type CallbackContext, type Logs, type Scheduler } from './callback.js';
import { History } from './history.js';
import { resolveMetrics, type Metric } from './metrics.js';
import { BatchLoss, type ClassWeight, type LossFunction, type LossModule } from './loss.js';
import { prepareData, type Batch, type BatchSource, type DataSource } from './data-source.js';
import type { ShuffleSampler } from './shuffle.js';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { ProgressBar } from './callbacks/progress-bar.js';
import { formatFilepath } from './callbacks/model-checkpoint.js';

/** Options of `fit` and `Trainer` (Keras's `fit` arguments, PyTorch's vocabulary). */
export interface TrainerOptions {
  /** Passes over the training data (default 1). */
  epochs?: number;
  /** Batch size when the data is tensors or a Dataset (default 32). */
  batchSize?: number;
  /** Reshuffle the training data every epoch (default true; tensors/Dataset only). */
  shuffle?: boolean;
  /**
   * Seeds a private stream for shuffling and validationSplit, so they depend neither on nor
   * disturb the global generator. Without it they draw from the global generator (manualSeed).
   */
  seed?: number;
  /** Validation data: tensors [x, y], a Dataset or a loader. */
  validationData?: DataSource;
  /** Hold out this fraction of the training data (random, seeded) for validation. */
  validationSplit?: number;
  /** Validation batch size (default batchSize). */
  validationBatchSize?: number;
  /** A loss function (default nn.functional.crossEntropy) or a loss module. */
  loss?: LossFunction | LossModule;
  /** An optimizer, or a factory given the trainable parameters (default Adam, lr 1e-3). */
  optimizer?: AnyOptimizer | ((params: Parameter[]) => AnyOptimizer);
  /** A scheduler over the optimizer, or a factory given it. */
  lrScheduler?: Scheduler | ((optimizer: AnyOptimizer) => Scheduler);
  /** Step the scheduler after every epoch (default) or every optimizer step. ReduceLROnPlateau always steps per epoch. */
  schedulerInterval?: 'epoch' | 'batch';
  /** The epoch log ReduceLROnPlateau watches (default valLoss with validation, else loss). */
  schedulerMonitor?: string;
  /**
   * Metrics computed on every batch (and on validation): named functions
   * `{ accuracy: train.accuracy, f1: myF1 }`, or built-in names `['accuracy']`.
   */
  metrics?: Record<string, Metric> | readonly string[];
  /** Class → weight, passed to the loss as its weight tensor (training loss only, as Keras). */
  classWeight?: ClassWeight;
  /** One weight per training sample (tensor data only): per-sample losses, then the weighted mean. */
  sampleWeight?: Tensor | readonly number[];
  /**
   * Sum gradients over N batches before each optimizer step, each batch's loss divided by N, so
   * N batches of size B step as one batch of N·B would with a mean loss (default 1).
   */
  gradientAccumulationSteps?: number;
  /** Clip the gradients' joint norm before each step: a max norm, or { maxNorm, normType }. */
  clipGradNorm?: number | { maxNorm: number; normType?: number };
  /** Clamp every gradient to [-v, v] before each step (applied before clipGradNorm). */
  clipGradValue?: number;
  callbacks?: Callback[];
  /** Add a ProgressBar (default false). */
  verbose?: boolean;
  /** Resume from a checkpoint written by checkpointEvery / saveCheckpoint (the file must exist). */
  resumeFrom?: string;
  /** Save a resumable checkpoint to checkpointPath every N epochs. */
  checkpointEvery?: number;
  /** Where checkpointEvery writes; may hold ModelCheckpoint's placeholders (`run-{epoch:03d}.safetensors`). */
  checkpointPath?: string;
}

function unpack(batch: Batch): [Tensor, Tensor, Tensor | undefined] {
  if (!Array.isArray(batch) || batch.length < 2 || batch.length > 3 || !batch.every((t) => t instanceof Tensor)) {
    throw new ValueError('train: a batch must be [input, target] or [input, target, sampleWeight] tensors');
  }
  return [batch[0], batch[1], batch[2]];
}

function forwardOf(model: Module, x: Tensor): Tensor {
  const out = (model as unknown as { forward(x: Tensor): unknown }).forward(x);
  if (!(out instanceof Tensor)) throw new ValueError(`train: ${model.constructor.name}.forward(${fmtShape(x.shape)}) returned ${typeof out}, expected a Tensor`);
  return out;
}

/**
 * The fit loop (Keras's `Model.fit` over a PyTorch-style model), as a class whose pieces can be
 * used alone: `fit(data)`, `evaluate(data)`. Everything it does is also a few lines of a
 * hand-written loop (forward, loss, backward, clip, step, zeroGrad).
 *
 * ```ts
 * const trainer = new train.Trainer(model, { epochs: 10, batchSize: 64, validationSplit: 0.1,
 *   optimizer: (p) => new optim.AdamW(p, { lr: 1e-3 }), metrics: { accuracy: train.accuracy },
 *   callbacks: [new train.EarlyStopping({ patience: 3, restoreBestWeights: true })] });
 * const history = trainer.fit([x, y]);
 * ```
 */
export class Trainer {
  readonly model: Module;
  readonly optimizer: AnyOptimizer;
  readonly scheduler: Scheduler | null;
  readonly options: Readonly<TrainerOptions>;
  history = new History();
  private readonly loss: BatchLoss;
  private readonly metrics: [string, Metric][];
  private readonly callbacks: Callback[];
  private readonly accumulate: number;
  private ctx: CallbackContext | null = null;
  private sampler: ShuffleSampler | null = null;
  private completedEpochs = 0;

  constructor(model: Module, options: TrainerOptions = {}) {
    this.model = model;
    this.options = options;
    const params = model.parameters().filter((p) => p.requiresGrad);
    const opt = options.optimizer;
    this.optimizer = typeof opt === 'function' ? opt(params) : opt ?? new Adam(params, { lr: 1e-3 });
    const sched = options.lrScheduler;
    this.scheduler = typeof sched === 'function' ? sched(this.optimizer) : sched ?? null;
    this.loss = new BatchLoss(options.loss, options.classWeight);
    this.metrics = resolveMetrics(options.metrics);
    this.callbacks = [...(options.callbacks ?? []), ...(options.verbose ? [new ProgressBar()] : [])];
    this.accumulate = options.gradientAccumulationSteps ?? 1;
    if (!Number.isInteger(this.accumulate) || this.accumulate < 1) throw new ValueError(`Trainer: gradientAccumulationSteps must be a positive integer, got ${this.accumulate}`);
    const every = options.checkpointEvery;
    if (every !== undefined && (!Number.isInteger(every) || every < 1 || !options.checkpointPath)) {
      throw new ValueError(`Trainer: checkpointEvery must be a positive integer and needs checkpointPath (got ${every}, ${String(options.checkpointPath)})`);
    }
  }

  /** Ends training after the current batch (same as setting ctx.stopTraining in a callback). */
  stop(): void {
    if (this.ctx) this.ctx.stopTraining = true;
  }

  /** Trains for `epochs` epochs (from the checkpoint's epoch with resumeFrom) and returns the History. */
  fit(trainData: DataSource): History {
    const o = this.options;
    const epochs = o.epochs ?? 1;
    const data = prepareData(trainData, {
      batchSize: o.batchSize ?? 32, shuffle: o.shuffle ?? true, seed: o.seed, sampleWeight: o.sampleWeight,
      validationData: o.validationData, validationSplit: o.validationSplit, validationBatchSize: o.validationBatchSize,
    });
    this.history = new History();
    let start = 0;
    this.sampler = data.sampler;
    if (o.resumeFrom) start = this.resume(o.resumeFrom);
    this.completedEpochs = start;
    const wasTraining = this.model.training;
    const ctx: CallbackContext = this.ctx = {
      model: this.model, optimizer: this.optimizer, scheduler: this.scheduler, epoch: start, epochs, batch: 0,
      stepsPerEpoch: typeof data.train.length === 'number' ? data.train.length : null, logs: {}, history: this.history, stopTraining: false,
    };
    runHook(this.callbacks, 'onTrainBegin', ctx);
    for (let epoch = start; epoch < epochs && !ctx.stopTraining; epoch++) {
      ctx.epoch = epoch;
      ctx.logs = {};
      runHook(this.callbacks, 'onEpochBegin', ctx);
      const lr = Number(this.optimizer.paramGroups[0].lr);
      const logs = this.trainEpoch(ctx, data.train);
      if (data.validation) {
        for (const [k, v] of Object.entries(this.evaluate(data.validation))) logs[valKey(k)] = v;
      }
      logs.lr = lr;
      this.stepSchedulerAfterEpoch(logs);
      this.history.record(epoch, logs, this.metrics.map(([m]) => m));
      ctx.logs = logs;
      runHook(this.callbacks, 'onEpochEnd', ctx);
      this.completedEpochs = epoch + 1;
      if (o.checkpointEvery && (epoch + 1) % o.checkpointEvery === 0) this.save(formatFilepath(o.checkpointPath as string, epoch, logs));
    }
    runHook(this.callbacks, 'onTrainEnd', ctx);
    this.model.train(wasTraining);
    this.ctx = null;
    return this.history;
  }

  /**
   * Saves a resumable checkpoint of this trainer after its last completed epoch: model,
   * optimizer, scheduler, RNG, the shuffle stream and the History (see saveCheckpoint).
   */
  save(path: string): void {
    saveCheckpoint(path, {
      model: this.model, optimizer: this.optimizer, scheduler: this.scheduler, epoch: this.completedEpochs,
      extra: { trainer: { shuffle: this.sampler?.state() ?? null, history: this.history.toJSON() } },
    });
  }

  private resume(path: string): number {
    const sampler = this.sampler;
    const { epoch, extra } = loadCheckpoint(path, { model: this.model, optimizer: this.optimizer, scheduler: this.scheduler });
    const saved = extra.trainer as { shuffle: number[] | null; history: Record<string, unknown> } | undefined;
    if (saved) {
      if (sampler) sampler.setState(saved.shuffle);
      this.history = History.fromJSON(saved.history);
    }
    return epoch;
  }

  private optimizerStep(): void {
    const o = this.options;
    const params = this.optimizer.paramGroups.flatMap((g) => g.params);
    if (o.clipGradValue !== undefined) clipGradValue(params, o.clipGradValue);
    if (o.clipGradNorm !== undefined) {
      const c = typeof o.clipGradNorm === 'number' ? { maxNorm: o.clipGradNorm } : o.clipGradNorm;
      clipGradNorm(params, c.maxNorm, c.normType ?? 2);
    }
    this.optimizer.step();
    this.optimizer.zeroGrad();
    if (this.scheduler && !(this.scheduler instanceof ReduceLROnPlateau) && this.options.schedulerInterval === 'batch') this.scheduler.step();
  }

  private stepSchedulerAfterEpoch(logs: Logs): void {
    const s = this.scheduler;
    if (!s) return;
    if (s instanceof ReduceLROnPlateau) {
      const key = logKey(this.options.schedulerMonitor ?? (logs.valLoss !== undefined ? 'valLoss' : 'loss'));
      if (logs[key] === undefined) throw new ValueError(`Trainer: ReduceLROnPlateau monitors '${key}', which is not in the epoch logs (${Object.keys(logs).join(', ')})`);
      s.step(logs[key]);
    } else if (this.options.schedulerInterval !== 'batch') {
      s.step();
    }
  }

  /** One pass over the training data; returns the epoch's mean loss and metrics (weighted by batch size). */
  private trainEpoch(ctx: CallbackContext, loader: BatchSource): Logs {
    this.model.train();
    const acc = this.accumulate;
    const total = ctx.stepsPerEpoch;
    const sums: Logs = { loss: 0 };
    let seen = 0, pending = 0, i = 0;
    this.optimizer.zeroGrad();
    for (const batch of loader) {
      ctx.batch = i;
      ctx.logs = {};
      runHook(this.callbacks, 'onBatchBegin', ctx);
      const [x, y, w] = unpack(batch);
      // The last group of an epoch may be short: divide by its real size so it is still a mean.
      const groupStart = i - (i % acc);
      const groupSize = total === null ? acc : Math.min(acc, total - groupStart);
      const out = forwardOf(this.model, x);
      const loss = this.loss.compute(out, y, w);
      (groupSize > 1 ? div(loss, groupSize) : loss).backward();
      if (++pending === groupSize) {
        this.optimizerStep();
        pending = 0;
      }
      const n = x.ndim > 0 ? x.shape[0] : 1;
      const logs: Logs = { loss: Number(loss.item()), size: n };
      noGrad(() => { for (const [name, fn] of this.metrics) logs[name] = fn(out.detach(), y); });
      for (const [k, v] of Object.entries(logs)) if (k !== 'size') sums[k] = (sums[k] ?? 0) + v * n;
      seen += n;
      ctx.logs = logs;
      runHook(this.callbacks, 'onBatchEnd', ctx);
      i++;
      if (ctx.stopTraining) break;
    }
    if (pending > 0 && !ctx.stopTraining) this.optimizerStep(); // a loader of unknown length ended mid-group
    this.optimizer.zeroGrad();
    const logs: Logs = {};
    for (const [k, v] of Object.entries(sums)) logs[k] = seen > 0 ? v / seen : NaN;
    return logs;
  }

  /**
   * The mean loss and metrics over a dataset in eval mode under noGrad (class weights are not
   * applied, as Keras; sample weights are, when batches carry them). The model's mode is restored.
   */
  evaluate(data: DataSource): Logs {
    const size = this.options.validationBatchSize ?? this.options.batchSize ?? 32;
    const loader = prepareData(data, { batchSize: size, shuffle: false }).train;
    const wasTraining = this.model.training;
    this.model.eval();
    const sums: Logs = { loss: 0 };
    let seen = 0;
    noGrad(() => {
      for (const batch of loader) {
        const [x, y, w] = unpack(batch);
        const out = forwardOf(this.model, x);
        const n = x.ndim > 0 ? x.shape[0] : 1;
        sums.loss += Number(this.loss.compute(out, y, w, false).item()) * n;
        for (const [name, fn] of this.metrics) sums[name] = (sums[name] ?? 0) + fn(out, y) * n;
        seen += n;
      }
    });
    this.model.train(wasTraining);
    const logs: Logs = {};
    for (const [k, v] of Object.entries(sums)) logs[k] = seen > 0 ? v / seen : NaN;
    return logs;
  }
}
