/** The QR decomposition by Householder reflections (NumPy's `linalg.qr`). */
import type { Tensor } from '../tensor/tensor.js';
import { ValueError } from '../tensor/errors.js';
import { formQ, householderQR } from './householder.js';
import { fromF64, matrixAt, toStack, transposed, type MatrixInput } from './matrix.js';

/** 'reduced': Q (…, M, K), R (…, K, N), K = min(M, N); 'complete': Q (…, M, M), R (…, M, N); 'r': R only (reduced). */
export type QRMode = 'reduced' | 'complete' | 'r';

/**
 * A = Q·R with orthonormal columns in Q and upper-triangular R, by Householder reflections with
 * LAPACK's sign convention (R's diagonal is −sign(a)·norm, as NumPy/LAPACK give), batched over
 * leading dims. In mode 'r', Q is null.
 *
 * ```ts
 * const { Q, R } = linalg.qr(A);                        // reduced
 * const full = linalg.qr(A, { mode: 'complete' });
 * ```
 */
export function qr(A: MatrixInput, options: { mode?: QRMode } = {}): { Q: Tensor | null; R: Tensor } {
  const mode = options.mode ?? 'reduced';
  if (mode !== 'reduced' && mode !== 'complete' && mode !== 'r') {
    throw new ValueError(`qr: unknown mode '${String(mode)}'; expected 'reduced', 'complete' or 'r'`);
  }
  const s = toStack('qr', A);
  const { rows: m, cols: n, count } = s;
  const k = Math.min(m, n);
  const qCols = mode === 'complete' ? m : k;
  const rRows = mode === 'complete' ? m : k;
  const qOut = new Float64Array(count * m * qCols);
  const rOut = new Float64Array(count * rRows * n);
  for (let b = 0; b < count; b++) {
    const a = transposed(matrixAt(s, b), m, n); // column-major m×n
    const tau = householderQR(a, m, n);
    const rb = b * rRows * n;
    for (let i = 0; i < Math.min(rRows, m); i++) for (let j = i; j < n; j++) rOut[rb + i * n + j] = a[j * m + i];
    if (mode !== 'r') qOut.set(transposed(formQ(a, m, tau, qCols), qCols, m), b * m * qCols);
  }
  return {
    Q: mode === 'r' ? null : fromF64(qOut, [...s.batch, m, qCols], s.dtype),
    R: fromF64(rOut, [...s.batch, rRows, n], s.dtype),
  };
}
