import { ShapeError } from '../../tensor/errors.js';

/** Stable LSD radix sort of uint32 keys carrying int32 values (3 passes of 11 bits). */
function radixSort(keys: Uint32Array, vals: Int32Array): void {
  const m = keys.length;
  let k1: Uint32Array = keys, v1: Int32Array = vals, k2: Uint32Array = new Uint32Array(m), v2: Int32Array = new Int32Array(m);
  const count = new Int32Array(2048);
  for (let shift = 0; shift < 32; shift += 11) {
    count.fill(0);
    for (let i = 0; i < m; i++) count[(k1[i] >>> shift) & 2047]++;
    let sum = 0;
    for (let b = 0; b < 2048; b++) { const c = count[b]; count[b] = sum; sum += c; }
    for (let i = 0; i < m; i++) {
      const d = count[(k1[i] >>> shift) & 2047]++;
      k2[d] = k1[i];
      v2[d] = v1[i];
    }
    [k1, k2] = [k2, k1];
    [v1, v2] = [v2, v1];
  }
  // Three passes: the result is in the scratch arrays.
  if (k1 !== keys) { keys.set(k1); vals.set(v1); }
}

/**
 * A training matrix prepared for tree building: float32 columns (trees split on float32 values,
 * as scikit-learn's) and every feature's sample order (ascending, NaN last, ties by index).
 * Sorting is done once here; each tree restricts the orders to its samples with nonzero weight
 * in O(nFeatures · n), so a forest fitting many trees on the same X (bootstrap counts as weights)
 * shares one TreeData.
 */
export class TreeData {
  /** colX[f * nTotal + s]: the float32 value of feature f for sample s. */
  readonly colX: Float32Array;
  /** order[f * nTotal + p]: the sample at rank p for feature f. */
  readonly order: Int32Array;

  constructor(X: Float64Array | Float32Array, readonly nTotal: number, readonly nFeatures: number) {
    if (X.length !== nTotal * nFeatures) throw new ShapeError(`TreeData: X has ${X.length} values, expected ${nTotal}×${nFeatures}`);
    const n = nTotal, p = nFeatures;
    const colX = (this.colX = new Float32Array(n * p));
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) colX[j * n + i] = X[i * p + j];
    this.order = new Int32Array(n * p);
    const keys = new Uint32Array(n), vals = new Int32Array(n);
    for (let f = 0; f < p; f++) {
      const base = f * n;
      const bits = new Uint32Array(colX.buffer, colX.byteOffset + base * 4, n);
      const out = this.order.subarray(base, base + n);
      let m = 0, nan = n;
      for (let s = 0; s < n; s++) {
        if (Number.isNaN(colX[base + s])) { out[--nan] = s; continue; }
        const b = bits[s];
        // Order-preserving map of float32 bits to uint32 (negatives reversed, sign bit flipped).
        keys[m] = b & 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
        vals[m++] = s;
      }
      radixSort(keys.subarray(0, m), vals.subarray(0, m));
      out.set(vals.subarray(0, m));
      // NaNs were written backwards from the end; restore their original order.
      out.subarray(nan).reverse();
    }
  }
}
