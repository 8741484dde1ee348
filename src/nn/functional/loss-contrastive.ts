import type { Tensor } from '../../tensor/tensor.js';
import { ShapeError, ValueError, fmtShape } from '../../tensor/errors.js';
import { arange, eye } from '../../tensor/creation.js';
import { add, div, mul } from '../../ops/binary.js';
import { clamp } from '../../ops/unary.js';
import { cat } from '../../ops/join.js';
import { transpose } from '../../ops/movement.js';
import { matmul } from '../../ops/matmul.js';
import { norm } from '../../ops/norm.js';
import { maskedFill } from '../../ops/masked.js';
import { logSoftmax } from '../../ops/nn/softmax.js';
import { crossEntropy } from './loss-classification.js';
import { klDiv } from './loss-divergence.js';
import { checkFloat, checkSameShape } from './loss-util.js';

// Knowledge distillation and contrastive (InfoNCE / NT-Xent) losses.

/** Options of distillationLoss. */
export interface DistillationOptions {
  /** Softening temperature T of both distributions (default 2). */
  temperature?: number;
  /** Weight of the soft (teacher) term; 1 - alpha weighs the hard-label term (default 0.5). */
  alpha?: number;
}

function checkPositive(op: string, name: string, v: number): void {
  if (!(v > 0) || !Number.isFinite(v)) throw new ValueError(`${op}: ${name} must be a positive finite number, got ${v}`);
}

/**
 * Knowledge-distillation loss (Hinton, Vinyals & Dean, 2015, "Distilling the Knowledge in a
 * Neural Network"):
 *
 *   alpha · T² · KL(softmax(teacher / T) ‖ softmax(student / T))  +  (1 - alpha) · CE(student, labels)
 *
 * The KL term is averaged over the batch ('batchmean', computed from log-probabilities on both
 * sides, so it is stable for any logits); the T² factor keeps its gradient magnitude independent
 * of T. The teacher logits are detached (the teacher is not trained). student and teacher are
 * logits [N, C]; labels are int32 class indices [N].
 *
 * ```ts
 * const loss = nn.functional.distillationLoss(student(x), teacher(x), y, { temperature: 4, alpha: 0.9 });
 * ```
 */
export function distillationLoss(studentLogits: Tensor, teacherLogits: Tensor, labels: Tensor, opts: DistillationOptions = {}): Tensor {
  const op = 'distillationLoss';
  const T = opts.temperature ?? 2, alpha = opts.alpha ?? 0.5;
  checkPositive(op, 'temperature', T);
  if (!(alpha >= 0 && alpha <= 1)) throw new ValueError(`${op}: alpha must be in [0, 1], got ${alpha}`);
  checkFloat(op, 'studentLogits', studentLogits);
  checkFloat(op, 'teacherLogits', teacherLogits);
  checkSameShape(op, 'studentLogits', studentLogits, 'teacherLogits', teacherLogits);
  if (studentLogits.ndim !== 2) throw new ShapeError(`${op}: logits must be [N, C], got ${fmtShape(studentLogits.shape)}`);
  const hard = crossEntropy(studentLogits, labels);
  const soft = klDiv(logSoftmax(studentLogits, 1, { temperature: T }), logSoftmax(teacherLogits.detach(), 1, { temperature: T }), {
    reduction: 'batchmean',
    logTarget: true,
  });
  return add(mul(soft, alpha * T * T), mul(hard, 1 - alpha));
}

/** Options of the contrastive losses. */
export interface ContrastiveOptions {
  /** Temperature τ dividing the cosine similarities. */
  temperature?: number;
}

/** Rows scaled to unit L2 norm (PyTorch's F.normalize: x / max(‖x‖, 1e-12)). */
function normalizeRows(x: Tensor): Tensor {
  return div(x, clamp(norm(x, 2, 1, true), 1e-12));
}

function checkPair(op: string, a: Tensor, b: Tensor, names: [string, string]): void {
  checkFloat(op, names[0], a);
  checkFloat(op, names[1], b);
  checkSameShape(op, names[0], a, names[1], b);
  if (a.ndim !== 2) throw new ShapeError(`${op}: ${names[0]} and ${names[1]} must be [N, D], got ${fmtShape(a.shape)}`);
}

/**
 * NT-Xent, the normalized temperature-scaled cross-entropy of SimCLR (Chen et al., 2020). The
 * 2N embeddings z = [z1; z2] ([N, D] each, row i of z1 and of z2 are two views of one sample) are
 * L2-normalised; s_ij = cos(z_i, z_j) / τ; each sample's positive is its other view and its
 * negatives the other 2N - 2 samples; the self-similarity s_ii is masked out (-∞). The loss is
 * the mean over the 2N samples of -log(exp(s_i,pos) / Σ_{j≠i} exp(s_ij)). Default τ 0.5.
 *
 * ```ts
 * const loss = nn.functional.ntXentLoss(proj(aug1(x)), proj(aug2(x)), { temperature: 0.5 });
 * ```
 */
export function ntXentLoss(z1: Tensor, z2: Tensor, opts: ContrastiveOptions = {}): Tensor {
  const op = 'ntXentLoss';
  const tau = opts.temperature ?? 0.5;
  checkPositive(op, 'temperature', tau);
  checkPair(op, z1, z2, ['z1', 'z2']);
  const n = z1.shape[0];
  const z = normalizeRows(cat([z1, z2], 0)); // [2N, D]
  const sim = div(matmul(z, transpose(z, 0, 1)), tau); // [2N, 2N]
  const logits = maskedFill(sim, eye(2 * n, 2 * n, { dtype: 'bool' }), -Infinity);
  // the positive of i is i + N (first half) or i - N (second half)
  const labels = cat([arange(n, 2 * n, 1, { dtype: 'int32' }), arange(0, n, 1, { dtype: 'int32' })]);
  return crossEntropy(logits, labels);
}

/**
 * InfoNCE (van den Oord et al., 2018) with in-batch negatives, the one-directional form used by
 * CPC/MoCo/CLIP: row i of `query` should match row i of `key` ([N, D] each) among all N keys.
 * logits_ij = cos(q_i, k_j) / τ, loss = crossEntropy(logits, [0..N-1]) (mean). Default τ 0.1.
 * For the symmetric SimCLR form over 2N views use ntXentLoss.
 */
export function infoNCE(query: Tensor, key: Tensor, opts: ContrastiveOptions = {}): Tensor {
  const op = 'infoNCE';
  const tau = opts.temperature ?? 0.1;
  checkPositive(op, 'temperature', tau);
  checkPair(op, query, key, ['query', 'key']);
  const logits = div(matmul(normalizeRows(query), transpose(normalizeRows(key), 0, 1)), tau); // [N, N]
  return crossEntropy(logits, arange(0, query.shape[0], 1, { dtype: 'int32' }));
}
