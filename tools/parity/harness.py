"""Inputs, encoding and the case runner for the parity fixtures (see tools/gen_fixtures.py)."""
import math
import sys

import numpy as np
import torch

TOL32 = {'rtol': 1e-5, 'atol': 1e-6}
TOL64 = {'rtol': 1e-9, 'atol': 1e-12}

NABLA_DTYPE = {
    torch.float32: 'float32', torch.float64: 'float64',
    torch.int32: 'int32', torch.int64: 'int32',  # nabla has no int64: indices and integer sums are int32
    torch.bool: 'bool', torch.uint8: 'bool',
}

CASES = []
NAMES = set()


# ---------------------------------------------------------------- inputs

def randn(*shape, dtype=torch.float32, scale=1.0):
    return (torch.randn(shape, dtype=torch.float64) * scale).to(dtype)


def uniform(lo, hi, *shape, dtype=torch.float32):
    return (torch.rand(shape, dtype=torch.float64) * (hi - lo) + lo).to(dtype)


def away(*shape, lo=0.2, hi=2.0, dtype=torch.float32):
    """Values with |v| in [lo, hi] and random sign: keeps clear of kinks at 0 (abs, relu...)."""
    mag = uniform(lo, hi, *shape, dtype=torch.float64)
    sign = torch.where(torch.rand(*shape) < 0.5, -1.0, 1.0).to(torch.float64)
    return (mag * sign).to(dtype)


def randint(lo, hi, *shape):
    return torch.randint(lo, hi, shape, dtype=torch.int32)


def randbool(*shape, p=0.5):
    return torch.rand(*shape) < p


def ft(values, dtype=torch.float32):
    return torch.tensor(values, dtype=dtype)


def it(values):
    return torch.tensor(values, dtype=torch.int32)


def bt(values):
    return torch.tensor(values, dtype=torch.bool)


def unique_index(shape, dim, size):
    """An int32 index of `shape` whose entries along `dim` are distinct values in [0, size)."""
    n = shape[dim]
    moved = list(shape)
    del moved[dim]
    rows = int(np.prod(moved)) if moved else 1
    idx = torch.stack([torch.randperm(size)[:n] for _ in range(rows)])  # [rows, n]
    idx = idx.reshape(*moved, n) if moved else idx.reshape(n)
    return idx.movedim(-1, dim).contiguous().to(torch.int32)


# ---------------------------------------------------------------- encoding

def enc_float(v):
    if math.isnan(v):
        return 'nan'
    if math.isinf(v):
        return 'inf' if v > 0 else '-inf'
    return v


def enc_tensor(t):
    dtype = NABLA_DTYPE[t.dtype]
    flat = t.detach().contiguous().reshape(-1)
    if dtype == 'bool':
        data = [bool(v) for v in flat.tolist()]
    elif dtype == 'int32':
        data = [int(v) for v in flat.tolist()]
    elif dtype == 'float32':
        # float(np.float32(v)) is the float32's exact value; json writes its shortest float64 repr
        data = [enc_float(float(np.float32(v))) for v in flat.numpy().astype(np.float32).tolist()]
    else:
        data = [enc_float(float(v)) for v in flat.double().tolist()]
    return {'t': {'dtype': dtype, 'shape': list(t.shape), 'data': data}}


def enc_value(v):
    if isinstance(v, torch.Tensor):
        return enc_tensor(v)
    if isinstance(v, (list, tuple)):
        return [enc_value(x) for x in v]
    if isinstance(v, dict):
        return {k: enc_value(x) for k, x in v.items()}
    if isinstance(v, float):
        return enc_float(v)
    return v


def tensor_leaves(args):
    """Tensors among args, depth-first (inside lists too), in order: the order of `grads`."""
    out = []
    for a in args:
        if isinstance(a, torch.Tensor):
            out.append(a)
        elif isinstance(a, (list, tuple)):
            out.extend(tensor_leaves(a))
    return out


def map_tensors(v, f):
    if isinstance(v, torch.Tensor):
        return f(v)
    if isinstance(v, list):
        return [map_tensors(x, f) for x in v]
    if isinstance(v, tuple):
        return tuple(map_tensors(x, f) for x in v)
    if isinstance(v, dict):
        return {k: map_tensors(x, f) for k, x in v.items()}
    return v


# ---------------------------------------------------------------- outputs

def out_kind(out):
    if isinstance(out, torch.Tensor):
        return 'tensor'
    if hasattr(out, 'values') and hasattr(out, 'indices') and not isinstance(out, (list, dict)):
        return 'vi'  # torch.return_types.max/min/sort/topk
    if isinstance(out, (list, tuple)):
        return 'list'
    raise TypeError(f'unexpected output {type(out)}')


def out_tensors(out):
    k = out_kind(out)
    if k == 'tensor':
        return [out]
    if k == 'vi':
        return [out.values, out.indices]
    return list(out)


def is_float(t):
    return t.dtype in (torch.float32, torch.float64)


# ---------------------------------------------------------------- the case runner

def run(ref, args, kwargs, upcast, grad_mask):
    """Runs ref on copies of args; returns (out, leaves) with leaves requiring grad per grad_mask."""
    leaves = []
    counter = [0]

    def prep(t):
        i = counter[0]
        counter[0] += 1
        c = t.detach().clone()
        if upcast and c.dtype == torch.float32:
            c = c.double()
        if grad_mask is not None and grad_mask[i]:
            c.requires_grad_(True)
        leaves.append(c)
        return c

    targs = [map_tensors(a, prep) for a in args]
    tkw = {k: map_tensors(v, lambda t: t.detach().clone().double() if (upcast and t.dtype == torch.float32) else t.detach().clone())
           for k, v in kwargs.items()}
    out = ref(*targs, **tkw)
    return out, leaves, targs


def grads_of(out, leaves, grad_mask, grad_outs):
    ts = out_tensors(out)
    loss = None
    for t, g in zip(ts, grad_outs):
        if g is None:
            continue
        term = (t * g.to(t.dtype)).sum()
        loss = term if loss is None else loss + term
    wanted = [l for l, m in zip(leaves, grad_mask) if m]
    gs = torch.autograd.grad(loss, wanted, allow_unused=True)
    res, j = [], 0
    for l, m in zip(leaves, grad_mask):
        if m:
            g = gs[j]
            j += 1
            res.append(torch.zeros_like(l) if g is None else g)
        else:
            res.append(None)
    return res


def max_excess(ref_t, got_t, rtol, atol):
    """Largest |got - ref| - (atol + rtol |ref|) over finite entries; and whether NaN/inf patterns differ."""
    r = ref_t.double().reshape(-1)
    g = got_t.double().reshape(-1)
    fin = torch.isfinite(r) & torch.isfinite(g)
    pattern_differs = bool(((torch.isnan(r) != torch.isnan(g)) | (torch.isinf(r) & (r != g))).any())
    if fin.sum() == 0:
        return 0.0, pattern_differs
    ex = ((g[fin] - r[fin]).abs() - (atol + rtol * r[fin].abs())).max().item()
    return ex, pattern_differs


def case(name, fn, args, kwargs=None, ref=None, grad=True, nograd=(), mutated=(), note=None, tol=None):
    """One fixture case.

    fn: nabla's function name; args/kwargs: nabla's arguments (torch tensors where nabla gets tensors);
    ref(*args, **kwargs): the PyTorch computation of the same thing (receives copies);
    grad: record gradients; nograd: indices (into the tensor leaves) never differentiated;
    mutated: indices into args of tensors the call updates in place (batchNorm running stats).
    """
    assert name not in NAMES, name
    NAMES.add(name)
    kwargs = kwargs or {}
    leaves0 = tensor_leaves(args)
    n = len(leaves0)

    # native run (the dtypes PyTorch gives this call)
    with torch.no_grad():
        out_n, _, targs_n = run(ref, args, kwargs, False, None)
    outs_n = out_tensors(out_n)
    kind = out_kind(out_n)

    any64 = any(t.dtype == torch.float64 for t in leaves0 + list(
        t for v in kwargs.values() for t in tensor_leaves([v])))
    base_tol = dict(TOL64 if any64 else TOL32)

    grad_mask = [grad and is_float(t) and i not in nograd for i, t in enumerate(leaves0)]
    do_grad = any(grad_mask) and any(is_float(t) for t in outs_n)
    if not do_grad:
        grad_mask = [False] * n
    grad_outs = None
    if do_grad:
        grad_outs = [randn(*t.shape, dtype=t.dtype) if is_float(t) else None for t in outs_n]

    # reference run in float64
    out_r, leaves_r, targs_r = run(ref, args, kwargs, True, grad_mask if do_grad else None)
    outs_r = out_tensors(out_r)
    grads_r = grads_of(out_r, leaves_r, grad_mask, grad_outs) if do_grad else None

    # round the reference to the native dtypes
    outs = []
    for tn, tr in zip(outs_n, outs_r):
        assert list(tn.shape) == list(tr.shape), (name, tn.shape, tr.shape)
        outs.append(tr.detach().to(tn.dtype) if is_float(tn) else tn.detach())
        if not is_float(tn):
            assert torch.equal(tn, tr.detach().to(tn.dtype)), f'{name}: integer output differs between runs'
    grads = None
    if do_grad:
        grads = [None if g is None else g.detach().to(l.dtype) for g, l in zip(grads_r, leaves0)]

    # PyTorch's own error in the input dtype, to size the tolerance
    tol = dict(tol) if tol else base_tol
    tol_note = None
    if do_grad:
        out_n2, leaves_n2, _ = run(ref, args, kwargs, False, grad_mask)
        grads_n = grads_of(out_n2, leaves_n2, grad_mask, grad_outs)
    else:
        grads_n = [None] * n
    pairs = [(r, g) for r, g in zip(outs, outs_n) if is_float(r)]
    if grads is not None:
        pairs += [(r, g) for r, g in zip(grads, grads_n) if r is not None]
    worst = 0.0
    for r, g in pairs:
        if r.dtype != torch.float32:
            continue
        ex, differs = max_excess(r, g.detach(), tol['rtol'], tol['atol'])
        if differs:
            print(f'  note: {name}: PyTorch float32 NaN/inf pattern differs from the float64 reference', file=sys.stderr)
        worst = max(worst, ex)
    if worst > 0:
        need = tol['atol'] + 2 * worst
        mag = 10 ** math.floor(math.log10(need))
        tol['atol'] = float(f'{math.ceil(need / mag) * mag:.1g}')
        tol_note = (f"atol widened from {base_tol['atol']:g}: PyTorch's own float32 result differs from "
                    f"the float64 reference by up to {worst + base_tol['atol'] + 0:.2g} beyond rtol")

    if kind == 'tensor':
        out_json = enc_tensor(outs[0])
    elif kind == 'vi':
        out_json = {'values': enc_tensor(outs[0]), 'indices': enc_tensor(outs[1])}
    else:
        out_json = [enc_tensor(t) for t in outs]

    grad_out_json = None
    if do_grad:
        if kind == 'tensor':
            grad_out_json = enc_tensor(grad_outs[0])
        elif kind == 'vi':
            grad_out_json = enc_tensor(grad_outs[0])  # for values; indices are not differentiable
        else:
            grad_out_json = [None if g is None else enc_tensor(g) for g in grad_outs]

    c = {
        'name': name,
        'fn': fn,
        'args': enc_value(list(args)),
        'kwargs': enc_value(kwargs),
        'out': out_json,
        'grads': None if grads is None else [None if g is None else enc_tensor(g) for g in grads],
        'gradOut': grad_out_json,
        'tol': tol,
    }
    if tol_note:
        c['tolNote'] = tol_note
    if mutated:
        c['extra'] = {'mutated': [{'arg': i, 'value': enc_tensor(targs_r[i].detach().to(args[i].dtype))}
                                  for i in mutated]}
    if note:
        c['note'] = note
    CASES.append(c)
