import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';
import * as F from './functional/loss.js';

// Loss modules (PyTorch's torch.nn losses): thin shells that keep the options and call the
// functional in forward. Class weights are buffers named as in PyTorch (`weight`, `pos_weight`),
// so they appear in the state dict when given.

type Opts<T> = Omit<T, 'weight' | 'posWeight'>;

/** Keeps `weight` as a buffer (PyTorch's _WeightedLoss) and the other options as they are. */
abstract class WeightedLoss<O extends { weight?: Tensor | null }> extends Module {
  weight!: Tensor | null;
  readonly options: Opts<O>;
  constructor(opts: O) {
    super();
    const { weight, ...rest } = opts as O & { posWeight?: unknown };
    delete (rest as { posWeight?: unknown }).posWeight;
    this.options = rest as Opts<O>;
    this.registerBuffer('weight', weight ?? null);
  }
}

/** Mean squared error; see functional.mseLoss. `new nn.MSELoss({ reduction: 'sum' })`. */
export class MSELoss extends Module {
  constructor(readonly options: F.ReductionOptions = {}) { super(); }
  forward(input: Tensor, target: Tensor): Tensor { return F.mseLoss(input, target, this.options); }
}

/** Mean absolute error; see functional.l1Loss. */
export class L1Loss extends Module {
  constructor(readonly options: F.ReductionOptions = {}) { super(); }
  forward(input: Tensor, target: Tensor): Tensor { return F.l1Loss(input, target, this.options); }
}

/** Huber loss with `delta`; see functional.huberLoss. */
export class HuberLoss extends Module {
  constructor(readonly options: F.HuberLossOptions = {}) { super(); }
  forward(input: Tensor, target: Tensor): Tensor { return F.huberLoss(input, target, this.options); }
}

/** Smooth L1 loss with `beta`; see functional.smoothL1Loss. */
export class SmoothL1Loss extends Module {
  constructor(readonly options: F.SmoothL1LossOptions = {}) { super(); }
  forward(input: Tensor, target: Tensor): Tensor { return F.smoothL1Loss(input, target, this.options); }
}

/** Binary cross-entropy on probabilities; see functional.binaryCrossEntropy. */
export class BCELoss extends WeightedLoss<F.BCEOptions> {
  constructor(opts: F.BCEOptions = {}) { super(opts); }
  forward(input: Tensor, target: Tensor): Tensor { return F.binaryCrossEntropy(input, target, { ...this.options, weight: this.weight }); }
}

/** Binary cross-entropy on logits, with `weight` and `posWeight` buffers; see functional.binaryCrossEntropyWithLogits. */
export class BCEWithLogitsLoss extends WeightedLoss<F.BCEWithLogitsOptions> {
  posWeight!: Tensor | null;
  constructor(opts: F.BCEWithLogitsOptions = {}) {
    super(opts);
    this.registerBuffer('posWeight', opts.posWeight ?? null);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.binaryCrossEntropyWithLogits(input, target, { ...this.options, weight: this.weight, posWeight: this.posWeight });
  }
}

/**
 * Cross-entropy on logits; see functional.crossEntropy.
 *
 * ```ts
 * const lossFn = new nn.CrossEntropyLoss({ weight: nb.tensor([1, 2, 1]), ignoreIndex: -1, labelSmoothing: 0.1 });
 * const loss = lossFn.forward(logits, labels);
 * ```
 */
export class CrossEntropyLoss extends WeightedLoss<F.CrossEntropyOptions> {
  constructor(opts: F.CrossEntropyOptions = {}) { super(opts); }
  forward(input: Tensor, target: Tensor): Tensor { return F.crossEntropy(input, target, { ...this.options, weight: this.weight }); }
}

/** Negative log-likelihood on log-probabilities; see functional.nllLoss. */
export class NLLLoss extends WeightedLoss<F.NLLLossOptions> {
  constructor(opts: F.NLLLossOptions = {}) { super(opts); }
  forward(input: Tensor, target: Tensor): Tensor { return F.nllLoss(input, target, { ...this.options, weight: this.weight }); }
}

/** Hinge embedding loss; see functional.hingeEmbeddingLoss. */
export class HingeEmbeddingLoss extends Module {
  constructor(readonly options: F.MarginOptions = {}) { super(); }
  forward(input: Tensor, target: Tensor): Tensor { return F.hingeEmbeddingLoss(input, target, this.options); }
}

/** Multi-class hinge loss (p, margin, weight); see functional.multiMarginLoss. */
export class MultiMarginLoss extends WeightedLoss<F.MultiMarginOptions> {
  constructor(opts: F.MultiMarginOptions = {}) { super(opts); }
  forward(input: Tensor, target: Tensor): Tensor { return F.multiMarginLoss(input, target, { ...this.options, weight: this.weight }); }
}

/** Multi-label hinge loss (targets listed, ended by -1); see functional.multilabelMarginLoss. */
export class MultiLabelMarginLoss extends Module {
  constructor(readonly options: F.ReductionOptions = {}) { super(); }
  forward(input: Tensor, target: Tensor): Tensor { return F.multilabelMarginLoss(input, target, this.options); }
}

/** KL divergence (input log-probabilities); see functional.klDiv. */
export class KLDivLoss extends Module {
  constructor(readonly options: F.KLDivOptions = {}) { super(); }
  forward(input: Tensor, target: Tensor): Tensor { return F.klDiv(input, target, this.options); }
}

/** Cosine embedding loss; see functional.cosineEmbeddingLoss. */
export class CosineEmbeddingLoss extends Module {
  constructor(readonly options: F.MarginOptions = {}) { super(); }
  forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor { return F.cosineEmbeddingLoss(input1, input2, target, this.options); }
}

/** Margin ranking loss; see functional.marginRankingLoss. */
export class MarginRankingLoss extends Module {
  constructor(readonly options: F.MarginOptions = {}) { super(); }
  forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor { return F.marginRankingLoss(input1, input2, target, this.options); }
}

/** Triplet margin loss (margin, p, eps, swap); see functional.tripletMarginLoss. */
export class TripletMarginLoss extends Module {
  constructor(readonly options: F.TripletMarginOptions = {}) { super(); }
  forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor { return F.tripletMarginLoss(anchor, positive, negative, this.options); }
}

/** Binary focal loss on logits (torchvision's; default reduction 'none'); see functional.sigmoidFocalLoss. */
export class SigmoidFocalLoss extends Module {
  constructor(readonly options: F.SigmoidFocalLossOptions = {}) { super(); }
  forward(input: Tensor, target: Tensor): Tensor { return F.sigmoidFocalLoss(input, target, this.options); }
}

/** Multi-class focal loss on logits (gamma, alpha, ignoreIndex); see functional.focalLoss. */
export class FocalLoss extends Module {
  constructor(readonly options: F.FocalLossOptions = {}) { super(); }
  forward(input: Tensor, target: Tensor): Tensor { return F.focalLoss(input, target, this.options); }
}

/** Knowledge-distillation loss (temperature, alpha); see functional.distillationLoss. */
export class DistillationLoss extends Module {
  constructor(readonly options: F.DistillationOptions = {}) { super(); }
  forward(studentLogits: Tensor, teacherLogits: Tensor, labels: Tensor): Tensor {
    return F.distillationLoss(studentLogits, teacherLogits, labels, this.options);
  }
}

/** SimCLR's NT-Xent loss (temperature); see functional.ntXentLoss. */
export class NTXentLoss extends Module {
  constructor(readonly options: F.ContrastiveOptions = {}) { super(); }
  forward(z1: Tensor, z2: Tensor): Tensor { return F.ntXentLoss(z1, z2, this.options); }
}

/** InfoNCE with in-batch negatives (temperature); see functional.infoNCE. */
export class InfoNCELoss extends Module {
  constructor(readonly options: F.ContrastiveOptions = {}) { super(); }
  forward(query: Tensor, key: Tensor): Tensor { return F.infoNCE(query, key, this.options); }
}
