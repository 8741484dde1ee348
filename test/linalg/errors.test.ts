// Bad input to nabla/linalg: typed errors that name the op, the shape and what was expected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as linalg from '../../src/linalg/index.js';
import { ShapeError, ValueError } from '../../src/tensor/errors.js';
import { tensor } from '../../src/tensor/creation.js';

const singular = [[1, 2], [2, 4]];

test('solve and inv of an exactly singular matrix throw LinAlgError (a ValueError) naming the op and "singular"', () => {
  for (const [op, f] of [['solve', () => linalg.solve(singular, [1, 2])], ['inv', () => linalg.inv(singular)]] as const) {
    assert.throws(f, (e: unknown) => e instanceof linalg.LinAlgError && e instanceof ValueError && e.message.startsWith(`${op}:`) && /singular/.test(e.message));
  }
});

test('ops that need a square matrix throw ShapeError naming the shape', () => {
  const A = [[1, 2, 3], [4, 5, 6]];
  for (const [op, f] of [
    ['inv', () => linalg.inv(A)], ['det', () => linalg.det(A)], ['slogdet', () => linalg.slogdet(A)], ['cholesky', () => linalg.cholesky(A)],
    ['eigh', () => linalg.eigh(A)], ['eigvalsh', () => linalg.eigvalsh(A)], ['solve', () => linalg.solve(A, [1, 2])],
  ] as const) {
    assert.throws(f, (e: unknown) => e instanceof ShapeError && e.message.startsWith(`${op}:`) && e.message.includes('[2, 3]') && /square/.test(e.message), op);
  }
});

test('1-D input where a matrix is needed is a ShapeError naming the shape', () => {
  for (const [op, f] of [['svd', () => linalg.svd([1, 2, 3])], ['qr', () => linalg.qr([1, 2])], ['pinv', () => linalg.pinv([1])], ['lstsq', () => linalg.lstsq([1, 2], [1, 2])]] as const) {
    assert.throws(f, (e: unknown) => e instanceof ShapeError && e.message.startsWith(`${op}:`) && /\[\d(, \d)*\]/.test(e.message), op);
  }
});

test('solve and lstsq check that B has as many rows as A', () => {
  assert.throws(() => linalg.solve([[1, 0], [0, 1]], [1, 2, 3]), (e: unknown) => e instanceof ShapeError && e.message.includes('[3]') && e.message.includes('2 rows'));
  assert.throws(() => linalg.lstsq([[1, 0], [0, 1], [1, 1]], [1, 2]), (e: unknown) => e instanceof ShapeError && e.message.includes('M = 3'));
});

test('cholesky of a matrix that is not positive-definite names the failing leading minor', () => {
  const A = [[4, 2, 0], [2, 5, 3], [0, 3, 1]]; // minors 4, 16, then det < 0
  assert.throws(() => linalg.cholesky(A), (e: unknown) => e instanceof linalg.LinAlgError && /leading minor of order 3 is not positive-definite/.test(e.message));
  assert.throws(() => linalg.cholesky([[-1]]), (e: unknown) => e instanceof linalg.LinAlgError && /order 1/.test(e.message));
  assert.throws(() => linalg.cholesky([[NaN]]), linalg.LinAlgError);
});

test('unknown options are ValueErrors listing the valid values', () => {
  assert.throws(() => linalg.qr([[1]], { mode: 'economic' as linalg.QRMode }), (e: unknown) => e instanceof ValueError && e.message.includes("'reduced', 'complete' or 'r'"));
  assert.throws(() => linalg.lstsq([[1]], [1], { driver: 'gelsy' as linalg.LstsqDriver }), (e: unknown) => e instanceof ValueError && e.message.includes('gelsd'));
  assert.throws(() => linalg.matrixNorm([[1]], 3), (e: unknown) => e instanceof ValueError && e.message.includes("'nuc'"));
  assert.throws(() => linalg.eigh([[1]], 'X' as linalg.UPLO), (e: unknown) => e instanceof ValueError && e.message.includes('UPLO'));
  assert.throws(() => linalg.pinv([[1]], { rcond: 1e-3, rtol: 1e-3 }), ValueError);
});

test("lstsq's QR driver needs full rank and says so", () => {
  assert.throws(() => linalg.lstsq([[1, 2], [2, 4], [3, 6]], [1, 2, 3], { driver: 'gels' }), (e: unknown) => e instanceof linalg.LinAlgError && /rank-deficient/.test(e.message) && /gelsd/.test(e.message));
  // the default SVD driver handles the same system
  assert.equal(linalg.lstsq([[1, 2], [2, 4], [3, 6]], [1, 2, 3]).rank, 1);
});

test('matrixRank takes a single matrix', () => {
  assert.throws(() => linalg.matrixRank(tensor([[[1]], [[2]]])), (e: unknown) => e instanceof ShapeError && e.message.includes('[2, 1, 1]'));
});

test('NaN or Inf input to the SVD-based ops is a LinAlgError naming the op (not a hang)', () => {
  const A = [[1, NaN], [3, 4], [1, 1]];
  for (const [op, f] of [['svd', () => linalg.svd(A)], ['lstsq', () => linalg.lstsq(A, [1, 2, 3])], ['pinv', () => linalg.pinv(A)], ['matrixRank', () => linalg.matrixRank(A)], ['matrixNorm', () => linalg.matrixNorm(A, 2)]] as const) {
    assert.throws(f, (e: unknown) => e instanceof linalg.LinAlgError && e.message.startsWith(`${op}:`) && e.message.includes('NaN'), op);
  }
  assert.throws(() => linalg.svd([[Infinity, 1], [1, 1]]), (e: unknown) => e instanceof linalg.LinAlgError && e.message.includes('Inf'));
});
