import { activeAddon } from '../../backend/index.js';

/** knnSelect of the native addon (src/backend/native/cpp/knn.cc); optional. */
type KnnSelect = (g: Float64Array, qn: Float64Array, fn: Float64Array, args: Float64Array, outDist: Float64Array, outIdx: Int32Array) => void;

/**
 * The addon's brute-force k-nearest scan when the native backend is selected and has it, else
 * null (an older build or the js backend: base.ts's TypeScript scan runs instead).
 */
export function nativeKnnSelect(): KnnSelect | null {
  const a = activeAddon() as { knnSelect?: KnnSelect } | null;
  return a && typeof a.knnSelect === 'function' ? a.knnSelect.bind(a) : null;
}
