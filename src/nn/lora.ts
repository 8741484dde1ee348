import type { Tensor } from '../tensor/tensor.js';
import { ValueError } from '../tensor/errors.js';
import { noGrad } from '../autograd/grad-mode.js';
import { add, mul } from '../ops/binary.js';
import { matmul } from '../ops/matmul.js';
import { add_, sub_ } from '../ops/inplace.js';
import { linear } from '../ops/nn/linear.js';
import { dropout } from '../ops/nn/dropout.js';
import { Module } from './module.js';
import type { Parameter } from './parameter.js';
import { Linear } from './linear.js';
import { kaimingUniform_, zeros_ } from './init.js';
import { emptyParam, reprArgs } from './layer-util.js';

/** Options of LoRALinear and applyLoRA. */
export interface LoRAOptions {
  /** Rank of the adapters (default 8). */
  r?: number;
  /** Scaling numerator: the update is (alpha / r) · B A (default r, i.e. scaling 1). */
  alpha?: number;
  /** Dropout on the adapter path's input (default 0). */
  dropout?: number;
}

/**
 * Low-rank adaptation of a Linear (Hu et al. 2021): y = x W0ᵀ + b + (alpha / r) · x Aᵀ Bᵀ, with
 * W0 and b frozen and only A [r, in] (kaiming-uniform, a = √5) and B [out, r] (zeros, so training
 * starts from the base model) trainable.
 *
 * The wrapped Linear's weight and bias are shared, not copied (merge() writes into them).
 * State-dict keys: the base layer's `weight` and `bias`, then `lora_A` [r, in] and `lora_B`
 * [out, r] — so a LoRALinear's dict is the base Linear's plus two adapter tensors. (PEFT names
 * them `base_layer.weight`, `lora_A.default.weight`, `lora_B.default.weight`; rename the keys
 * to exchange adapters with it.)
 *
 * ```ts
 * const lora = new nn.LoRALinear(new nn.Linear(512, 512), { r: 8, alpha: 16 });
 * new optim.AdamW(lora.parameters(), { lr: 1e-3 }); // only lora_A and lora_B require grad
 * lora.merge();                                       // W0 += 2 · B A; forward is one matmul
 * ```
 */
export class LoRALinear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly r: number;
  readonly alpha: number;
  readonly scaling: number;
  readonly dropoutP: number;
  weight!: Parameter;
  bias!: Parameter | null;
  loraA!: Parameter;
  loraB!: Parameter;
  private mergedState = false;

  constructor(base: Linear, opts: LoRAOptions = {}) {
    super();
    const r = opts.r ?? 8;
    if (!Number.isInteger(r) || r < 1) throw new ValueError(`LoRALinear: rank r must be a positive integer, got ${r}`);
    const p = opts.dropout ?? 0;
    if (!(p >= 0 && p < 1)) throw new ValueError(`LoRALinear: dropout must be in [0, 1), got ${p}`);
    this.inFeatures = base.inFeatures;
    this.outFeatures = base.outFeatures;
    this.r = r;
    this.alpha = opts.alpha ?? r;
    this.scaling = this.alpha / r;
    this.dropoutP = p;
    const dtype = base.weight.dtype === 'float64' ? 'float64' : 'float32';
    this.weight = base.weight;
    this.bias = base.bias;
    this.weight.requiresGrad = false;
    if (this.bias) this.bias.requiresGrad = false;
    this.registerParameter('loraA', emptyParam([r, this.inFeatures], dtype), 'lora_A');
    this.registerParameter('loraB', emptyParam([this.outFeatures, r], dtype), 'lora_B');
    this.resetLoraParameters();
  }

  /** A ~ kaiming-uniform (a = √5), B = 0: the adapted layer starts equal to the base. */
  resetLoraParameters(): void {
    kaimingUniform_(this.loraA, { a: Math.sqrt(5) });
    zeros_(this.loraB);
  }

  /** True while B A · scaling is folded into the weight. */
  get merged(): boolean {
    return this.mergedState;
  }

  /** (alpha / r) · B A, the weight update [out, in] (no graph). */
  deltaWeight(): Tensor {
    return noGrad(() => mul(matmul(this.loraB, this.loraA), this.scaling));
  }

  /** Folds the adapters into the weight (W0 += scaling · B A); forward then is one matmul. */
  merge(): this {
    if (!this.mergedState) {
      const delta = this.deltaWeight();
      noGrad(() => add_(this.weight, delta));
      this.mergedState = true;
    }
    return this;
  }

  /** Restores W0 (W -= scaling · B A) so the adapters train again. */
  unmerge(): this {
    if (this.mergedState) {
      const delta = this.deltaWeight();
      noGrad(() => sub_(this.weight, delta));
      this.mergedState = false;
    }
    return this;
  }

  forward(x: Tensor): Tensor {
    const y = linear(x, this.weight, this.bias); // [..., out]
    if (this.mergedState) return y;
    const h = dropout(x, this.dropoutP, this.training); // [..., in]
    const update = linear(linear(h, this.loraA), this.loraB); // [..., r] → [..., out]
    return add(y, mul(update, this.scaling));
  }

  override extraRepr(): string {
    return reprArgs({ inFeatures: this.inFeatures, outFeatures: this.outFeatures, bias: this.bias !== null, r: this.r, alpha: this.alpha, dropout: this.dropoutP, merged: this.mergedState });
  }
}

/**
 * Replaces every Linear child of `model` (at any depth) whose name is in `targetModules` by a
 * LoRALinear wrapping it, and freezes all other parameters, so only the adapters train. A name
 * matches a child's own key (`q_proj`) or its full dotted path (`encoder.0.q_proj`). Without
 * targetModules every Linear is adapted. Returns the model (changed in place).
 */
export function applyLoRA<M extends Module>(model: M, opts: LoRAOptions & { targetModules?: readonly string[] } = {}): M {
  model.requiresGrad_(false);
  const targets = opts.targetModules ? new Set(opts.targetModules) : null;
  let replaced = 0;
  for (const [path, parent] of [...model.namedModules()]) {
    if (parent instanceof LoRALinear) continue;
    for (const [key, child] of [...parent.namedChildren()]) {
      const full = path ? `${path}.${key}` : key;
      if (!(child instanceof Linear) || (targets && !targets.has(key) && !targets.has(full))) continue;
      const field = Object.entries(parent).find(([, v]) => v === child)?.[0];
      if (field === undefined) continue;
      parent.registerModule(field, new LoRALinear(child, opts), key);
      replaced++;
    }
  }
  if (targets && replaced === 0) throw new ValueError(`applyLoRA: no Linear layer named ${[...targets].map((t) => `'${t}'`).join(', ')} in ${model.constructor.name}`);
  return model;
}
