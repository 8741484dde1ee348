/** Eigen-decomposition of symmetric matrices (NumPy's `linalg.eigh` / `eigvalsh`). */
import type { Tensor } from '../tensor/tensor.js';
import { ValueError } from '../tensor/errors.js';
import { fromF64, matrixAt, requireSquare, toStack, type MatrixInput } from './matrix.js';
import { symmetricEigen } from './symmetric-eigen.js';

/** Which triangle of A is read: 'L' (lower, NumPy's default) or 'U'. */
export type UPLO = 'L' | 'U';

function decompose(op: string, A: MatrixInput, uplo: UPLO, vectors: boolean): { w: Tensor; V: Tensor | null } {
  if (uplo !== 'L' && uplo !== 'U') throw new ValueError(`${op}: UPLO must be 'L' or 'U', got '${String(uplo)}'`);
  const s = toStack(op, A);
  requireSquare(op, s);
  const n = s.rows;
  const W = new Float64Array(s.count * n);
  const V = new Float64Array(vectors ? s.count * n * n : 0);
  for (let b = 0; b < s.count; b++) {
    const a = matrixAt(s, b);
    // Column-major symmetric copy from the chosen triangle (row-major a[i·n + j], i ≥ j for 'L').
    const v = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        const x = uplo === 'L' ? a[i * n + j] : a[j * n + i];
        v[i + j * n] = x; v[j + i * n] = x;
      }
    }
    W.set(symmetricEigen(v, n), b * n);
    if (!vectors) continue;
    const base = b * n * n;
    for (let j = 0; j < n; j++) {
      // sign convention: the largest-magnitude entry of each eigenvector is positive
      let best = -1, sign = 1;
      for (let i = 0; i < n; i++) { const x = v[i + j * n]; if (Math.abs(x) > best) { best = Math.abs(x); sign = x < 0 ? -1 : 1; } }
      for (let i = 0; i < n; i++) V[base + i * n + j] = sign * v[i + j * n];
    }
  }
  return { w: fromF64(W, [...s.batch, n], s.dtype), V: vectors ? fromF64(V, [...s.batch, n, n], s.dtype) : null };
}

/**
 * Eigenvalues (ascending, as NumPy) and orthonormal eigenvectors (columns of `eigenvectors`) of
 * the symmetric A (…, n, n), reading only the triangle `UPLO` ('L' by default). Householder
 * tridiagonalisation + implicit QL. Eigenvectors are unique up to sign (for simple eigenvalues):
 * nabla makes the largest-magnitude entry of each one positive.
 *
 * ```ts
 * const { eigenvalues, eigenvectors } = linalg.eigh([[2, 1], [1, 2]]); // [1, 3]
 * ```
 */
export function eigh(A: MatrixInput, UPLO: UPLO = 'L'): { eigenvalues: Tensor; eigenvectors: Tensor } {
  const { w, V } = decompose('eigh', A, UPLO, true);
  return { eigenvalues: w, eigenvectors: V as Tensor };
}

/** The eigenvalues (ascending) of the symmetric A (…, n, n), reading the triangle `UPLO`. */
export function eigvalsh(A: MatrixInput, UPLO: UPLO = 'L'): Tensor {
  return decompose('eigvalsh', A, UPLO, false).w;
}
