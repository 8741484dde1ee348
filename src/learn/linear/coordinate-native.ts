import { activeAddon } from '../../backend/index.js';

/** The coordinate-descent sweep of the native addon (src/backend/native/cpp/cd.cc); optional. */
type EnetSweep = (xt: Float64Array, R: Float64Array, w: Float64Array, normCols: Float64Array, feat: Int32Array, args: Float64Array, out: Float64Array) => void;

/**
 * The addon's enetSweep when the native backend is selected and has it, else null (an older
 * build or the js backend: cd.ts's TypeScript loop runs instead).
 */
export function nativeEnetSweep(): EnetSweep | null {
  const a = activeAddon() as { enetSweep?: EnetSweep } | null;
  return a && typeof a.enetSweep === 'function' ? a.enetSweep.bind(a) : null;
}
