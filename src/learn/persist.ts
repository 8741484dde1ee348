import { ValueError } from '../tensor/errors.js';
import { writeFileAtomic } from '../io/atomic.js';
import { node } from '../io/node.js';

/** What every estimator's `toJSON()` returns: its class name, its options, its fitted state. */
export interface EstimatorJSON {
  type: string;
  params: object;
}

/** Anything that can be saved: an estimator with `toJSON()`. */
export interface Persistable {
  toJSON(): EstimatorJSON;
}

type FromJSON = (json: EstimatorJSON) => Persistable;
const registry = new Map<string, FromJSON>();

/** Registers how to restore an estimator saved under `type` (call once per class, beside it). */
export function registerEstimator(type: string, fromJSON: (json: never) => Persistable): void {
  registry.set(type, fromJSON as FromJSON);
}

/** The estimator described by a saved JSON value. */
export function estimatorFromJSON(json: EstimatorJSON): Persistable {
  if (!json || typeof json.type !== 'string') throw new ValueError('estimatorFromJSON: expected an object with a string `type`');
  const load = registry.get(json.type);
  if (!load) throw new ValueError(`estimatorFromJSON: unknown estimator type '${json.type}' (known: ${[...registry.keys()].sort().join(', ')})`);
  return load(json);
}

/** Saves a fitted estimator as JSON, atomically (temp file, then rename). */
export function saveEstimator(path: string, estimator: Persistable): void {
  writeFileAtomic(path, stringifyJSON(estimator.toJSON()));
}

/** Loads an estimator saved by saveEstimator. */
export function loadEstimator<T extends Persistable = Persistable>(path: string): T {
  const { fs } = node('loadEstimator');
  return estimatorFromJSON(parseJSON(fs.readFileSync(path, 'utf8')) as EstimatorJSON) as T;
}

// JSON has no NaN, ±Infinity or typed arrays; these encodings keep a round trip exact.
const TYPED = '__typed__';

/** JSON text of a value with typed arrays and non-finite numbers encoded losslessly. */
export function stringifyJSON(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) return { [TYPED]: 'number', value: String(v) };
    if (v instanceof Float64Array || v instanceof Float32Array || v instanceof Int32Array || v instanceof Uint8Array) {
      return { [TYPED]: v.constructor.name, values: Array.from(v, (x) => (Number.isFinite(x) ? x : String(x))) };
    }
    return v;
  });
}

/** Parses text written by stringifyJSON, restoring typed arrays and non-finite numbers. */
export function parseJSON(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (!v || typeof v !== 'object' || !(TYPED in v)) return v;
    const o = v as { [TYPED]: string; value?: string; values?: (number | string)[] };
    const num = (x: number | string): number => (typeof x === 'number' ? x : Number(x));
    switch (o[TYPED]) {
      case 'number': return Number(o.value);
      case 'Float64Array': return Float64Array.from(o.values ?? [], num);
      case 'Float32Array': return Float32Array.from(o.values ?? [], num);
      case 'Int32Array': return Int32Array.from(o.values ?? [], num);
      case 'Uint8Array': return Uint8Array.from(o.values ?? [], num);
      default: throw new ValueError(`parseJSON: unknown encoded type '${o[TYPED]}'`);
    }
  });
}
