// Replays test/fixtures/learn/linalg.json (tools/parity_learn/linalg.py, NumPy) against nabla/linalg.
// Unique answers of well-conditioned problems match to ~1e-9 relative; where answers are not unique
// or are ill-conditioned, reconstruction, orthogonality and residuals are compared instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as linalg from '../../src/linalg/index.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { assertClose, flat, input, loadCases, mat, maxAbs, maxDiff, mul, orthError, tr, type Case, type M } from './helpers.js';

const illConditioned = (name: string): boolean => /cond|rankdef|singular|zeros/.test(name);

function diag(s: Float64Array, r: number, c: number): M {
  const d = new Float64Array(r * c);
  for (let i = 0; i < s.length; i++) d[i * c + i] = s[i];
  return { r, c, d };
}

/** |u_i · û_i| = 1 for well-separated, non-negligible singular/eigen values (sign-invariant). */
function assertVectorsMatch(got: M, want: M, values: Float64Array, what: string): void {
  const top = maxAbs(values);
  for (let j = 0; j < values.length; j++) {
    const gap = Math.min(j > 0 ? Math.abs(values[j] - values[j - 1]) : Infinity, j + 1 < values.length ? Math.abs(values[j + 1] - values[j]) : Infinity);
    if (gap < 1e-3 * top || Math.abs(values[j]) < 1e-6 * top) continue;
    let dot = 0;
    for (let i = 0; i < got.r; i++) dot += got.d[i * got.c + j] * want.d[i * want.c + j];
    assert.ok(Math.abs(Math.abs(dot) - 1) < 1e-9, `${what}: vector ${j} differs (|dot| = ${Math.abs(dot)})`);
  }
}

const checks: Record<string, (c: Case) => void> = {
  solve(c) {
    const x = linalg.solve(input(c.args.A, c.name), input(c.args.B, c.name));
    assertClose(flat(x), flat(c.expected.x!), c.name.startsWith('cond') ? 1e-8 : 1e-10, 'x');
  },
  inv(c) {
    assertClose(flat(linalg.inv(input(c.args.A, c.name))), flat(c.expected.x!), c.name.startsWith('cond') ? 1e-8 : 1e-10, 'inv');
  },
  det(c) {
    const A = input(c.args.A, c.name);
    const d = flat(linalg.det(A)), want = flat(c.expected.det!);
    assertClose(d, want, 1e-10, 'det', 1e-10);
    const { sign, logabsdet } = linalg.slogdet(A);
    if (c.name.includes('singular')) return; // rounding noise decides sign and log of a numerically singular det
    assert.deepEqual(Array.from(flat(sign)), Array.from(flat(c.expected.sign!)));
    assertClose(flat(logabsdet), flat(c.expected.logabsdet!), 1e-12, 'logabsdet', 1);
  },
  cholesky(c) {
    const L = linalg.cholesky(input(c.args.A, c.name));
    if (c.name === 'illcond') {
      const l = mat(L);
      assertClose(mul(l, tr(l)).d, mat(c.args.A).d, 1e-14, 'L·Lᵀ');
    } else assertClose(flat(L), flat(c.expected.L!), 1e-12, 'L');
  },
  qr(c) {
    const A = mat(c.args.A);
    const { Q, R } = linalg.qr(input(c.args.A, c.name), { mode: c.options.mode as linalg.QRMode });
    const q = mat(Q as Tensor), r = mat(R);
    assert.deepEqual([q.r, q.c, r.r, r.c], [...mat(c.expected.Q!).d.length ? [mat(c.expected.Q!).r, mat(c.expected.Q!).c] : [q.r, q.c], mat(c.expected.R!).r, mat(c.expected.R!).c]);
    assertClose(mul(q, r).d, A.d, 1e-14 * Math.max(A.r, A.c), 'Q·R − A');
    assert.ok(orthError(q) < 1e-14 * Math.max(A.r, 10), `QᵀQ − I: ${orthError(q)}`);
    for (let i = 0; i < r.r; i++) for (let j = 0; j < Math.min(i, r.c); j++) assert.equal(r.d[i * r.c + j], 0, 'R is upper triangular');
    if (!illConditioned(c.name)) {
      // LAPACK's reflector signs make Q and R unique here: compare them directly
      assertClose(r.d, mat(c.expected.R!).d, 1e-12, 'R');
      if (c.options.mode === 'reduced' || A.r <= A.c) assertClose(q.d, mat(c.expected.Q!).d, 1e-12, 'Q');
    }
  },
  svd(c) {
    const A = input(c.args.A, c.name);
    if (c.name === 'batched') { assertClose(flat(linalg.svdvals(A)), flat(c.expected.S!), 1e-12, 'S'); return; }
    const { U, S, Vh } = linalg.svd(A, { fullMatrices: false });
    const s = flat(S), sWant = flat(c.expected.S!);
    assertClose(s, sWant, 1e-13, 'S (relative to max s)');
    if (!illConditioned(c.name)) for (let i = 0; i < s.length; i++) assert.ok(Math.abs(s[i] - sWant[i]) <= 1e-9 * sWant[i], `S[${i}] ${s[i]} vs ${sWant[i]}`);
    for (let i = 1; i < s.length; i++) assert.ok(s[i] <= s[i - 1] && s[i] >= 0, 'S descending and non-negative');
    const u = mat(U as Tensor), vh = mat(Vh as Tensor), a = mat(A);
    assertClose(mul(mul(u, diag(s, s.length, s.length)), vh).d, a.d, 1e-13 * Math.max(a.r, a.c, 10), 'U·S·Vh − A', 1e-300);
    if (a.d.length && maxAbs(a.d) > 0) {
      assert.ok(orthError(u) < 1e-13 * Math.max(a.r, 10), `UᵀU − I: ${orthError(u)}`);
      assert.ok(orthError(tr(vh)) < 1e-13 * Math.max(a.c, 10), `VVᵀ − I: ${orthError(tr(vh))}`);
    }
    assertVectorsMatch(u, mat(c.expected.U!), sWant, 'U');
    assertVectorsMatch(tr(vh), tr(mat(c.expected.Vh!)), sWant, 'V');
  },
  matrixRank(c) {
    assert.equal(linalg.matrixRank(input(c.args.A, c.name)), c.expected.rank);
  },
  pinv(c) {
    const X = linalg.pinv(input(c.args.A, c.name), c.options as linalg.PinvOptions);
    const tol = c.name.includes('1e12') ? 1e-3 : c.name.includes('1e6') ? 1e-8 : c.options.rcond || c.options.rtol ? 1e-6 : 1e-10;
    assertClose(flat(X), flat(c.expected.X!), tol, 'pinv');
  },
  eigh(c) {
    const A = input(c.args.A, c.name);
    const { eigenvalues, eigenvectors } = linalg.eigh(A);
    const w = flat(eigenvalues), wWant = flat(c.expected.w!);
    assertClose(w, wWant, 1e-13 * Math.max(10, Math.sqrt(wWant.length)), 'eigenvalues (relative to max |w|)');
    assertClose(flat(linalg.eigvalsh(A)), w, 0, 'eigvalsh = eigh');
    if (A.ndim > 2) return;
    const v = mat(eigenvectors);
    assert.ok(orthError(v) < 1e-13 * Math.max(v.r, 10), `VᵀV − I: ${orthError(v)}`);
    const sym = mat(c.name === 'lower_only' ? lowerSym(mat(c.args.A)) : c.args.A);
    assertClose(mul(mul(v, diag(w, w.length, w.length)), tr(v)).d, sym.d, 1e-13 * Math.max(10, v.r), 'V·diag(w)·Vᵀ − A');
    if (c.expected.V) assertVectorsMatch(v, mat(c.expected.V), wWant, 'eigenvectors');
  },
  lstsq(c) {
    const A = mat(c.args.A);
    const B = flat(c.args.B);
    const { solution, residuals, rank, singularValues } = linalg.lstsq(input(c.args.A, c.name), input(c.args.B, c.name), c.options as linalg.LstsqOptions);
    assert.equal(rank, c.expected.rank);
    assert.deepEqual(solution.shape, Array.isArray((c.args.B as unknown[])[0]) ? [A.c, (c.args.B as unknown[][])[0].length] : [A.c]);
    if (c.options.driver !== 'gels') assertClose(flat(singularValues), flat(c.expected.s!), 1e-13, 'singular values');
    const x = flat(solution), xWant = flat(c.expected.x!);
    const k = x.length / A.c;
    const resid = (xs: Float64Array): number => { const r = mul(A, { r: A.c, c: k, d: xs }); return Math.hypot(...Array.from(r.d, (v, i) => v - B[i])); };
    // κ = 1e12: the least-squares residual itself is only determined to ~κ·eps (NumPy's and the
    // QR driver's differ from each other by 1e-6 relative), so compare at 1e-5 there
    const rtol = c.name.includes('cond1e12') ? 1e-5 : 1e-9;
    if (/cond1e12|rcond/.test(c.name)) assert.ok(Math.abs(resid(x) - resid(xWant)) <= rtol * Math.max(resid(xWant), maxAbs(B)), `‖Ax − b‖ ${resid(x)} vs NumPy's ${resid(xWant)}`);
    else assertClose(x, xWant, c.name.startsWith('cond') ? 1e-6 : 1e-10, 'solution');
    const res = flat(residuals), resWant = flat(c.expected.residuals!);
    assert.equal(res.length, resWant.length, 'residuals length (empty unless rank = N < M)');
    assertClose(res, resWant, c.name.includes('cond1e12') ? 1e-4 : 1e-8, 'residuals');
  },
  matrixNorm(c) {
    const o = c.options.ord as string | number;
    const ord = o === 'inf' ? Infinity : o === '-inf' ? -Infinity : o;
    assertClose(flat(linalg.matrixNorm(input(c.args.A, c.name), ord as linalg.MatrixNormOrd)), flat(c.expected.norm!), 1e-13, 'norm');
  },
};

function lowerSym(a: M): number[][] {
  return Array.from({ length: a.r }, (_, i) => Array.from({ length: a.c }, (_, j) => (j <= i ? a.d[i * a.c + j] : a.d[j * a.c + i])));
}

for (const c of loadCases()) {
  test(`linalg parity: ${c.op} ${c.name}${c.options.mode ? ` (${String(c.options.mode)})` : ''}${c.options.driver ? ` (${String(c.options.driver)})` : ''}`, () => {
    const check = checks[c.op];
    assert.ok(check, `no check for op ${c.op}`);
    check(c);
  });
}

test('linalg parity: the fixture covers every op', () => {
  const ops = new Set(loadCases().map((c) => c.op));
  for (const op of Object.keys(checks)) assert.ok(ops.has(op), op);
  assert.ok(maxDiff(new Float64Array(1), new Float64Array(1)) === 0);
});
