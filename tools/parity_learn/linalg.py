"""NumPy/SciPy oracle for nabla/linalg: writes test/fixtures/learn/linalg.json.

Each case: {"op", "name", "args": {...inputs...}, "options": {...}, "expected": {...}}.
Run: /usr/bin/python3 tools/parity_learn/linalg.py
"""
import json
import os

import numpy as np
import scipy.linalg as sla

rng = np.random.default_rng(20261123)
cases = []


def add(op, name, expected, options=None, **args):
    def conv(v):
        if isinstance(v, np.ndarray):
            return v.tolist()
        if isinstance(v, (np.floating, np.integer)):
            return v.item()
        if isinstance(v, dict):
            return {k: conv(x) for k, x in v.items()}
        return v
    cases.append({"op": op, "name": name, "args": conv(args), "options": conv(options or {}), "expected": conv(expected)})


def with_cond(m, n, cond, rank=None):
    """m×n matrix with singular values log-spaced from 1 to 1/cond (the last ones zero beyond rank)."""
    k = min(m, n)
    u, _ = np.linalg.qr(rng.standard_normal((m, k)))
    v, _ = np.linalg.qr(rng.standard_normal((n, k)))
    s = np.logspace(0, -np.log10(cond), k) if k > 1 else np.ones(1)
    if rank is not None:
        s[rank:] = 0
    return (u * s) @ v.T


def rank_def(m, n, r):
    return rng.standard_normal((m, r)) @ rng.standard_normal((r, n))


# ---- solve / inv / det / slogdet
for name, A in [("random5", rng.standard_normal((5, 5))), ("cond1e6", with_cond(6, 6, 1e6)), ("1x1", np.array([[2.5]]))]:
    n = A.shape[0]
    B = rng.standard_normal((n, 3))
    b = rng.standard_normal(n)
    add("solve", name + "_matrix", {"x": np.linalg.solve(A, B)}, A=A, B=B)
    add("solve", name + "_vector", {"x": np.linalg.solve(A, b[:, None])[:, 0]}, A=A, B=b)
    add("inv", name, {"x": np.linalg.inv(A)}, A=A)
Ab = rng.standard_normal((2, 3, 3))
Bb = rng.standard_normal((2, 3, 2))
add("solve", "batched", {"x": np.linalg.solve(Ab, Bb)}, A=Ab, B=Bb)
add("inv", "batched", {"x": np.linalg.inv(Ab)}, A=Ab)
for name, A in [("random6", rng.standard_normal((6, 6))), ("singular", rank_def(4, 4, 2)), ("exact_singular", np.array([[1.0, 2.0], [2.0, 4.0]])),
                ("1x1", np.array([[-3.0]])), ("0x0", np.zeros((0, 0))), ("batched", Ab), ("large_scale", rng.standard_normal((30, 30)) * 100)]:
    sign, logabs = np.linalg.slogdet(A)
    add("det", name, {"det": np.linalg.det(A), "sign": sign, "logabsdet": logabs if np.all(np.isfinite(logabs)) else None}, A=A)

# ---- cholesky
for name, n in [("spd6", 6), ("spd1", 1), ("spd20", 20)]:
    M = rng.standard_normal((n, n))
    A = M @ M.T + n * np.eye(n)
    add("cholesky", name, {"L": np.linalg.cholesky(A)}, A=A)
A = with_cond(8, 8, 1e10)
A = A @ A.T + 1e-12 * np.eye(8)
add("cholesky", "illcond", {"L": np.linalg.cholesky(A)}, A=A)

# ---- qr (R compared directly where A has full column rank; Q·R and orthogonality always)
for name, A in [("tall8x5", rng.standard_normal((8, 5))), ("wide5x8", rng.standard_normal((5, 8))), ("square6", rng.standard_normal((6, 6))),
                ("cond1e12", with_cond(9, 6, 1e12)), ("rankdef", rank_def(8, 5, 2)), ("1x1", np.array([[-4.0]])), ("col", rng.standard_normal((5, 1))),
                ("row", rng.standard_normal((1, 5)))]:
    for mode in ("reduced", "complete"):
        Q, R = np.linalg.qr(A, mode=mode)
        add("qr", f"{name}_{mode}", {"Q": Q, "R": R}, {"mode": mode}, A=A)

# ---- svd
svd_inputs = [("tall8x5", rng.standard_normal((8, 5))), ("wide5x8", rng.standard_normal((5, 8))), ("square6", rng.standard_normal((6, 6))),
              ("tall40x6", rng.standard_normal((40, 6))), ("cond1e6", with_cond(12, 7, 1e6)), ("cond1e12", with_cond(12, 7, 1e12)),
              ("cond1e12_square", with_cond(10, 10, 1e12)), ("rankdef10x6r3", rank_def(10, 6, 3)), ("rankdef_wide", rank_def(4, 9, 2)),
              ("1x1", np.array([[-2.0]])), ("1x5", rng.standard_normal((1, 5))), ("5x1", rng.standard_normal((5, 1))),
              ("zeros3x3", np.zeros((3, 3))), ("repeated", np.diag([3.0, 3.0, 1.0, 1.0]) @ np.linalg.qr(rng.standard_normal((4, 4)))[0]),
              ("tall30x30_graded", with_cond(30, 30, 1e6))]
for name, A in svd_inputs:
    U, S, Vh = np.linalg.svd(A, full_matrices=False)
    add("svd", name, {"S": S, "U": U, "Vh": Vh}, A=A)
    add("matrixRank", name, {"rank": int(np.linalg.matrix_rank(A))}, A=A)
    if min(A.shape) > 0 and "rankdef" not in name:  # default rcond 1e-15 sits inside rank-deficient A's rounding noise
        add("pinv", name, {"X": np.linalg.pinv(A)}, A=A)
add("svd", "batched", {"S": np.linalg.svd(Ab, compute_uv=False)}, A=Ab)

# ---- eigh
for name, n in [("sym6", 6), ("sym1", 1), ("sym40", 40)]:
    M = rng.standard_normal((n, n))
    A = (M + M.T) / 2
    w, V = np.linalg.eigh(A)
    add("eigh", name, {"w": w, "V": V}, A=A)
Q, _ = np.linalg.qr(rng.standard_normal((6, 6)))
A = (Q * np.array([-1.0, 2.0, 2.0, 2.0, 5.0, 5.0])) @ Q.T
add("eigh", "repeated", {"w": np.linalg.eigh(A)[0]}, A=A)
A = with_cond(8, 8, 1e12); A = A @ A.T
add("eigh", "psd_illcond", {"w": np.linalg.eigh(A)[0], "V": np.linalg.eigh(A)[1]}, A=A)
M = rng.standard_normal((5, 5))
add("eigh", "lower_only", {"w": np.linalg.eigh(np.tril(M) + np.tril(M, -1).T)[0]}, A=np.tril(M) + np.triu(rng.standard_normal((5, 5)), 1))
add("eigh", "batched", {"w": np.linalg.eigh((Ab + Ab.transpose(0, 2, 1)) / 2)[0]}, A=(Ab + Ab.transpose(0, 2, 1)) / 2)

# ---- lstsq (rcond=None: eps·max(M, N), NumPy ≥ 2's default)
lst = [("tall20x4", rng.standard_normal((20, 4)), rng.standard_normal(20)), ("tall20x4_multi", rng.standard_normal((20, 4)), rng.standard_normal((20, 3))),
       ("rankdef10x5r3", rank_def(10, 5, 3), rng.standard_normal(10)), ("wide4x8", rng.standard_normal((4, 8)), rng.standard_normal(4)),
       ("cond1e6", with_cond(15, 5, 1e6), rng.standard_normal(15)), ("cond1e12", with_cond(15, 5, 1e12), rng.standard_normal(15)),
       ("square5", rng.standard_normal((5, 5)), rng.standard_normal((5, 2))), ("1x1", np.array([[4.0]]), np.array([2.0])),
       ("tall60x3", rng.standard_normal((60, 3)), rng.standard_normal(60)), ("zeros", np.zeros((4, 3)), rng.standard_normal(4))]
for name, A, B in lst:
    x, res, rank, s = np.linalg.lstsq(A, B, rcond=None)
    add("lstsq", name, {"x": x, "residuals": res, "rank": int(rank), "s": s}, A=A, B=B)
    if rank == min(A.shape):
        add("lstsq", name + "_gels", {"x": x, "residuals": res, "rank": int(rank), "s": s}, {"driver": "gels"}, A=A, B=B)
A = rank_def(10, 5, 3) + 1e-9 * rng.standard_normal((10, 5))
B = rng.standard_normal(10)
x, res, rank, s = np.linalg.lstsq(A, B, rcond=1e-6)
add("lstsq", "rcond1e-6", {"x": x, "residuals": res, "rank": int(rank), "s": s}, {"rcond": 1e-6}, A=A, B=B)

# ---- pinv with rcond / rtol=None
A = rank_def(6, 4, 2) + 1e-10 * rng.standard_normal((6, 4))
add("pinv", "rcond1e-8", {"X": np.linalg.pinv(A, rcond=1e-8)}, {"rcond": 1e-8}, A=A)
add("pinv", "rtol1e-6", {"X": np.linalg.pinv(A, rcond=1e-6)}, {"rtol": 1e-6}, A=A)
A = with_cond(7, 5, 1e3)
add("pinv", "rtol_default", {"X": np.linalg.pinv(A, rcond=max(A.shape) * np.finfo(float).eps)}, {"rtol": None}, A=A)

# ---- matrix norms
A = rng.standard_normal((4, 5))
for ordv, key in [("fro", "fro"), ("nuc", "nuc"), (1, 1), (-1, -1), (2, 2), (-2, -2), (np.inf, "inf"), (-np.inf, "-inf")]:
    add("matrixNorm", f"ord_{key}", {"norm": np.linalg.norm(A, ordv)}, {"ord": key}, A=A)

out = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "learn", "linalg.json")
os.makedirs(os.path.dirname(out), exist_ok=True)
with open(out, "w") as f:
    json.dump({"generator": "tools/parity_learn/linalg.py", "numpy": np.__version__, "scipy": __import__("scipy").__version__, "cases": cases}, f)
print(len(cases), "cases,", os.path.getsize(out), "bytes")
