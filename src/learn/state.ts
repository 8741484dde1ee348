// Save/load for estimators whose fitted state is plain data: every own field except `params`
// (Tensors, typed arrays, numbers, strings, arrays, plain objects, nested saveable estimators)
// is written as is and assigned back on load. Used by the preprocessing transformers, whose
// state is a few vectors; estimators with richer state write their own toJSON.
import { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import { NotFittedError, ValueError } from '../tensor/errors.js';
import { estimatorFromJSON, type EstimatorJSON } from './persist.js';

const TENSOR = '__tensor__';
const ESTIMATOR = '__estimator__';

function encode(v: unknown, path: string): unknown {
  if (v === null || v === undefined || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v ?? null;
  if (v instanceof Tensor) {
    const data = v.contiguous().dataSync();
    return { [TENSOR]: v.dtype, shape: [...v.shape], data: data.slice() };
  }
  if (ArrayBuffer.isView(v)) return (v as Float64Array).slice();
  if (Array.isArray(v)) return v.map((x, i) => encode(x, `${path}[${i}]`));
  if (typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function' && 'params' in v) {
    return { [ESTIMATOR]: (v as unknown as { toJSON(): EstimatorJSON }).toJSON() };
  }
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = encode(x, `${path}.${k}`);
    return out;
  }
  throw new ValueError(`toJSON: field ${path} (${typeof v === 'function' ? 'a function' : (v as object).constructor?.name ?? typeof v}) cannot be saved as JSON`);
}

function decode(v: unknown): unknown {
  if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return v;
  if (Array.isArray(v)) return v.map(decode);
  const o = v as Record<string, unknown>;
  if (TENSOR in o) {
    const { shape, data } = o as { shape: number[]; data: ArrayLike<number> };
    return new Tensor(data as never, shape, o[TENSOR] as DType);
  }
  if (ESTIMATOR in o) return estimatorFromJSON(o[ESTIMATOR] as EstimatorJSON);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) out[k] = decode(x);
  return out;
}

/**
 * A value as JSON-able data: Tensors and fitted estimators (via their toJSON) tagged, typed
 * arrays, numbers, strings, arrays and plain objects as they are; anything else (a function, a
 * class instance) is a ValueError naming `path`. {@link fromPlainJSON} reverses it.
 */
export function toPlainJSON(value: unknown, path: string): unknown {
  return encode(value, path);
}

/** The value saved by {@link toPlainJSON}. */
export function fromPlainJSON(value: unknown): unknown {
  return decode(value);
}

/**
 * `{ type, params, state }` for an estimator whose fitted fields are plain data; NotFittedError
 * when `fittedField` is still null. Functions in the options cannot be saved (a ValueError)
 * unless `params` gives a saveable form of the options (e.g. a function by its name).
 */
export function stateToJSON(est: object, fittedField = 'nFeaturesIn', params?: object): EstimatorJSON & { state: Record<string, unknown> } {
  const fields = est as unknown as Record<string, unknown>;
  const type = est.constructor.name;
  if (fields[fittedField] === null || fields[fittedField] === undefined) {
    throw new NotFittedError(`${type} is not fitted yet: call fit() before toJSON()`);
  }
  const state: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) if (k !== 'params') state[k] = encode(v, `${type}.${k}`);
  return { type, params: encode(params ?? fields.params, `${type}.params`) as object, state };
}

/** Assigns the state saved by {@link stateToJSON} to a fresh estimator and returns it. */
export function restoreState<T extends object>(est: T, json: EstimatorJSON): T {
  const name = est.constructor.name;
  if (json.type !== name) throw new ValueError(`${name}.fromJSON: expected type '${name}', got '${String(json.type)}'`);
  const state = (json as { state?: Record<string, unknown> }).state;
  if (!state || typeof state !== 'object') throw new ValueError(`${name}.fromJSON: the saved value has no state`);
  Object.assign(est, decode(state));
  return est;
}
