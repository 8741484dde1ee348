import type { Backend } from './types.js';
import { JsBackend } from './js/backend.js';
import { loadNative, type NativeAddon } from './native/load.js';
import { NativeBackend } from './native/backend.js';
import { ValueError } from '../tensor/errors.js';

export type BackendName = 'js' | 'native';
export type { Backend, View, UnaryOp, BinaryOp, ReduceOp, Window2d } from './types.js';

const js = new JsBackend();
let native: Backend | null | undefined; // undefined: not tried yet
let nativeError = '';
let current: Backend | undefined;

function tryNative(): Backend | null {
  if (native !== undefined) return native;
  const loaded = loadNative();
  if ('addon' in loaded) {
    native = new NativeBackend(loaded.addon);
  } else {
    native = null;
    nativeError = loaded.error;
  }
  return native;
}

function envBackend(): string | undefined {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return proc?.env?.NABLA_BACKEND;
}

let warned = false;
function pickDefault(): Backend {
  const want = envBackend();
  if (want === 'js') return js;
  if (want !== undefined && want !== '' && want !== 'native') {
    throw new ValueError(`NABLA_BACKEND must be 'js' or 'native', got '${want}'`);
  }
  const n = tryNative();
  if (n) return n;
  if (want === 'native') throw new ValueError(`NABLA_BACKEND=native, but the native backend did not load: ${nativeError}`);
  if (!warned && nativeError !== 'not running in Node.js') {
    warned = true;
    console.warn(`nabla: using the js backend (native backend unavailable: ${nativeError})`);
  }
  return js;
}

/** The backend the ops run on. */
export function backend(): Backend {
  if (!current) current = pickDefault();
  return current;
}

/** 'native' or 'js'. */
export function getBackend(): BackendName {
  return backend().name;
}

/** Chooses the backend; throws a ValueError naming the reason when native cannot load. */
export function setBackend(name: BackendName): void {
  if (name === 'js') { current = js; return; }
  if (name === 'native') {
    const n = tryNative();
    if (!n) throw new ValueError(`setBackend: the native backend is unavailable: ${nativeError}`);
    current = n;
    return;
  }
  throw new ValueError(`setBackend: unknown backend '${String(name)}', expected 'js' or 'native'`);
}

/** Whether the native backend loaded, and if not, why. */
export function nativeAvailable(): { available: boolean; reason: string } {
  const n = tryNative();
  return { available: n !== null, reason: nativeError };
}

/** The js backend (the reference implementation). */
export function jsBackend(): Backend {
  return js;
}

/**
 * The native addon while the native backend is the current one, else null. The optional fused
 * kernels (layer norm, attention, direct convolution, the estimators' inner loops, ...) look for
 * the function they need on it and otherwise run their TypeScript twins.
 */
export function activeAddon(): NativeAddon | null {
  if (backend().name !== 'native') return null;
  const r = loadNative();
  return 'addon' in r ? r.addon : null;
}
