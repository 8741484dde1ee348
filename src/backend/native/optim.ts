import { ValueError } from '../../tensor/errors.js';
import type { Backend, FloatArray, OptimizerKind } from '../types.js';
import { OPTIMIZER_ARITY, OPTIMIZER_KINDS } from '../js/optim.js';
import type { NativeAddon } from './load.js';

const hpBuf = new Float64Array(16);

/**
 * The native backend's fused optimizer step (src/backend/native/cpp/optim.cc). Checks what the
 * addon will trust, and runs the js kernel when the addon predates optimizerStep.
 */
export function nativeOptimizerStep(
  addon: NativeAddon, js: Backend, kind: OptimizerKind,
  param: FloatArray, grad: FloatArray, state: readonly FloatArray[], hp: readonly number[],
): void {
  const code = OPTIMIZER_KINDS.indexOf(kind);
  if (code < 0) throw new ValueError(`optimizerStep: unknown kind '${String(kind)}', expected one of ${OPTIMIZER_KINDS.join(', ')}`);
  const arity = OPTIMIZER_ARITY[kind];
  if (hp.length < arity.hp) throw new ValueError(`optimizerStep(${kind}): expected ${arity.hp} hyperparameters, got ${hp.length}`);
  if (grad.constructor !== param.constructor || grad.length !== param.length) {
    throw new ValueError(`optimizerStep(${kind}): grad (${grad.constructor.name}[${grad.length}]) must match param (${param.constructor.name}[${param.length}])`);
  }
  if (!addon.optimizerStep) return js.optimizerStep(kind, param, grad, state, hp);
  for (let i = 0; i < arity.hp; i++) hpBuf[i] = hp[i];
  addon.optimizerStep(code, param, grad, state.slice(0, arity.state), hpBuf);
}
