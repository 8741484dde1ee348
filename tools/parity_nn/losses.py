"""PyTorch reference values and input gradients for nabla's losses (nn.functional).

Run: /usr/bin/python3 tools/parity_nn/losses.py  → test/fixtures/nn/losses.json
Replayed by test/nn/losses.test.ts.

Each case: fn (the nabla functional's name), args (tensors or plain values, in nabla's positional
order), kwargs (nabla's options object; tensors allowed), module (the nn module class and its
options, when the case also checks the module form), out (the loss), gradOut (the cotangent of
the output, null for a scalar loss: plain backward), grads ({arg index: gradient} for the float
tensor args that require grad). Class indices are int32 (PyTorch's int64).

References: torch.nn.functional for PyTorch's losses; torchvision's sigmoid_focal_loss formula
written out; the multiclass focal, distillation, NT-Xent and InfoNCE references written below.
float32 throughout, tolerance rel 1e-5 / abs 1e-6 unless a case says otherwise.
"""
import json
import os

import torch
import torch.nn.functional as F

torch.manual_seed(0)
CASES = []
TOL = {'rtol': 1e-5, 'atol': 1e-6}


def enc(t):
    if isinstance(t, torch.Tensor):
        dt = {torch.float32: 'float32', torch.float64: 'float64', torch.int64: 'int32', torch.int32: 'int32', torch.bool: 'bool'}[t.dtype]
        data = t.detach().reshape(-1).tolist()
        if dt == 'bool':
            data = [bool(v) for v in data]
        return {'t': {'dtype': dt, 'shape': list(t.shape), 'data': data}}
    if isinstance(t, dict):
        return {k: enc(v) for k, v in t.items()}
    return t


def case(name, fn, args, kwargs, ref, grad_args=(), module=None, tol=TOL):
    """ref(*torch_args) computes PyTorch's loss; grad_args are the arg indices that require grad."""
    targs = [a.clone().requires_grad_(True) if i in grad_args else a for i, a in enumerate(args)]
    out = ref(*targs)
    grads = {}
    gout = None
    if grad_args:
        if out.dim() == 0:
            out.backward()
        else:
            gout = torch.randn(out.shape)
            out.backward(gout)
        grads = {str(i): enc(targs[i].grad) for i in grad_args}
    CASES.append({'name': name, 'fn': fn, 'args': [enc(a) for a in args], 'kwargs': enc(kwargs),
                  'module': module, 'out': enc(out), 'gradOut': enc(gout) if gout is not None else None,
                  'grads': grads, 'tol': tol})


def randn(*s):
    return torch.randn(*s)


def idx(hi, *s):
    return torch.randint(0, hi, s)


def mod(name, **opts):
    return {'name': name, 'options': opts}


# ---------------------------------------------------------------- regression
x, y = randn(3, 4), randn(3, 4)
y[0, 0] = x[0, 0]  # a zero difference: L1's gradient there is 0
for r in ['mean', 'sum', 'none']:
    case(f'mseLoss {r}', 'mseLoss', [x, y], {'reduction': r}, lambda a, b, r=r: F.mse_loss(a, b, reduction=r), (0, 1), mod('MSELoss', reduction=r))
    case(f'l1Loss {r}', 'l1Loss', [x, y], {'reduction': r}, lambda a, b, r=r: F.l1_loss(a, b, reduction=r), (0, 1), mod('L1Loss', reduction=r))
xh, yh = randn(4, 5) * 2, randn(4, 5)
for d, r in [(1.0, 'mean'), (0.5, 'none'), (2.0, 'sum')]:
    case(f'huberLoss delta={d} {r}', 'huberLoss', [xh, yh], {'delta': d, 'reduction': r},
         lambda a, b, d=d, r=r: F.huber_loss(a, b, delta=d, reduction=r), (0, 1), mod('HuberLoss', delta=d, reduction=r))
for b, r in [(1.0, 'mean'), (0.5, 'sum'), (0.0, 'none')]:
    case(f'smoothL1Loss beta={b} {r}', 'smoothL1Loss', [xh, yh], {'beta': b, 'reduction': r},
         lambda a, c, b=b, r=r: F.smooth_l1_loss(a, c, beta=b, reduction=r), (0, 1), mod('SmoothL1Loss', beta=b, reduction=r))

# ---------------------------------------------------------------- binary cross-entropy
p = torch.rand(4, 3) * 0.98 + 0.01
t = torch.rand(4, 3)
wb = torch.rand(4, 1) + 0.5
for r in ['mean', 'sum', 'none']:
    case(f'binaryCrossEntropy {r}', 'binaryCrossEntropy', [p, t], {'reduction': r}, lambda a, b, r=r: F.binary_cross_entropy(a, b, reduction=r), (0,), mod('BCELoss', reduction=r))
case('binaryCrossEntropy weight', 'binaryCrossEntropy', [p, t], {'weight': wb}, lambda a, b: F.binary_cross_entropy(a, b, weight=wb), (0,), mod('BCELoss', weight=enc(wb)))
pe = torch.tensor([0.0, 1.0, 0.0, 1.0, 1e-30, 0.5])
te = torch.tensor([1.0, 0.0, 0.0, 1.0, 1.0, 0.3])
case('binaryCrossEntropy probabilities 0 and 1 (log clamped at -100)', 'binaryCrossEntropy', [pe, te], {'reduction': 'none'},
     lambda a, b: F.binary_cross_entropy(a, b, reduction='none'), (0,))
z = randn(4, 3) * 3
z[0, 0] = 0.0
pw = torch.tensor([0.5, 2.0, 3.0])
for r in ['mean', 'sum', 'none']:
    case(f'binaryCrossEntropyWithLogits {r}', 'binaryCrossEntropyWithLogits', [z, t], {'reduction': r},
         lambda a, b, r=r: F.binary_cross_entropy_with_logits(a, b, reduction=r), (0,), mod('BCEWithLogitsLoss', reduction=r))
case('binaryCrossEntropyWithLogits weight', 'binaryCrossEntropyWithLogits', [z, t], {'weight': wb},
     lambda a, b: F.binary_cross_entropy_with_logits(a, b, weight=wb), (0,), mod('BCEWithLogitsLoss', weight=enc(wb)))
case('binaryCrossEntropyWithLogits posWeight', 'binaryCrossEntropyWithLogits', [z, t], {'posWeight': pw},
     lambda a, b: F.binary_cross_entropy_with_logits(a, b, pos_weight=pw), (0,), mod('BCEWithLogitsLoss', posWeight=enc(pw)))
case('binaryCrossEntropyWithLogits weight posWeight none', 'binaryCrossEntropyWithLogits', [z, t], {'weight': wb, 'posWeight': pw, 'reduction': 'none'},
     lambda a, b: F.binary_cross_entropy_with_logits(a, b, weight=wb, pos_weight=pw, reduction='none'), (0,))
ze = torch.tensor([[1e4, -1e4, 0.0], [-1e4, 1e4, 30.0]])
tz = torch.tensor([[0.0, 1.0, 1.0], [0.0, 1.0, 0.5]])
case('binaryCrossEntropyWithLogits extreme logits', 'binaryCrossEntropyWithLogits', [ze, tz], {'posWeight': pw, 'reduction': 'none'},
     lambda a, b: F.binary_cross_entropy_with_logits(a, b, pos_weight=pw, reduction='none'), (0,))

# ---------------------------------------------------------------- cross-entropy and NLL
N, C = 6, 5
lg = randn(N, C) * 2
ti = idx(C, N)
tig = ti.clone()
tig[1] = -100
tig[4] = -100
wc = torch.rand(C) + 0.2
for r in ['mean', 'sum', 'none']:
    case(f'crossEntropy {r}', 'crossEntropy', [lg, ti], {'reduction': r}, lambda a, b, r=r: F.cross_entropy(a, b, reduction=r), (0,), mod('CrossEntropyLoss', reduction=r))
    case(f'crossEntropy weight ignoreIndex {r}', 'crossEntropy', [lg, tig], {'weight': wc, 'reduction': r},
         lambda a, b, r=r: F.cross_entropy(a, b, weight=wc, reduction=r), (0,), mod('CrossEntropyLoss', weight=enc(wc), reduction=r))
    case(f'crossEntropy labelSmoothing weight ignoreIndex {r}', 'crossEntropy', [lg, tig], {'weight': wc, 'labelSmoothing': 0.1, 'reduction': r},
         lambda a, b, r=r: F.cross_entropy(a, b, weight=wc, label_smoothing=0.1, reduction=r), (0,))
case('crossEntropy labelSmoothing', 'crossEntropy', [lg, tig], {'labelSmoothing': 0.2},
     lambda a, b: F.cross_entropy(a, b, label_smoothing=0.2), (0,), mod('CrossEntropyLoss', labelSmoothing=0.2))
case('crossEntropy ignoreIndex=2 (a real class)', 'crossEntropy', [lg, ti], {'ignoreIndex': 2, 'weight': wc},
     lambda a, b: F.cross_entropy(a, b, ignore_index=2, weight=wc), (0,), mod('CrossEntropyLoss', ignoreIndex=2, weight=enc(wc)))
ls4 = randn(2, C, 3, 2)
ts4 = idx(C, 2, 3, 2)
ts4[0, 1, 1] = -100
case('crossEntropy spatial [N, C, d1, d2] weight ignoreIndex', 'crossEntropy', [ls4, ts4], {'weight': wc},
     lambda a, b: F.cross_entropy(a, b, weight=wc), (0,))
case('crossEntropy spatial labelSmoothing none', 'crossEntropy', [ls4, ts4], {'labelSmoothing': 0.15, 'reduction': 'none'},
     lambda a, b: F.cross_entropy(a, b, label_smoothing=0.15, reduction='none'), (0,))
tp = torch.softmax(randn(N, C), 1)
for r in ['mean', 'sum', 'none']:
    case(f'crossEntropy probabilities {r}', 'crossEntropy', [lg, tp], {'reduction': r}, lambda a, b, r=r: F.cross_entropy(a, b, reduction=r), (0, 1))
case('crossEntropy probabilities weight labelSmoothing', 'crossEntropy', [lg, tp], {'weight': wc, 'labelSmoothing': 0.1},
     lambda a, b: F.cross_entropy(a, b, weight=wc, label_smoothing=0.1), (0,))
tp4 = torch.softmax(randn(2, C, 3, 2), 1)
case('crossEntropy probabilities spatial weight', 'crossEntropy', [ls4, tp4], {'weight': wc}, lambda a, b: F.cross_entropy(a, b, weight=wc), (0,))
case('crossEntropy unbatched [C]', 'crossEntropy', [lg[0], ti[0]], {}, lambda a, b: F.cross_entropy(a, b), (0,))
case('crossEntropy unbatched [C] none labelSmoothing', 'crossEntropy', [lg[0], ti[0]], {'reduction': 'none', 'labelSmoothing': 0.1},
     lambda a, b: F.cross_entropy(a, b, reduction='none', label_smoothing=0.1), (0,))
lext = torch.tensor([[1e4, -1e4, 0.0], [-1e4, 1e4, 1e4], [0.0, 0.0, -1e4]])
text = torch.tensor([1, 0, 2])
case('crossEntropy extreme logits labelSmoothing', 'crossEntropy', [lext, text], {'labelSmoothing': 0.1, 'reduction': 'none'},
     lambda a, b: F.cross_entropy(a, b, label_smoothing=0.1, reduction='none'), (0,))
lp = torch.log_softmax(randn(N, C), 1)
for r in ['mean', 'sum', 'none']:
    case(f'nllLoss {r}', 'nllLoss', [lp, ti], {'reduction': r}, lambda a, b, r=r: F.nll_loss(a, b, reduction=r), (0,), mod('NLLLoss', reduction=r))
    case(f'nllLoss weight ignoreIndex {r}', 'nllLoss', [lp, tig], {'weight': wc, 'reduction': r},
         lambda a, b, r=r: F.nll_loss(a, b, weight=wc, reduction=r), (0,), mod('NLLLoss', weight=enc(wc), reduction=r))
case('nllLoss spatial ignoreIndex=0', 'nllLoss', [torch.log_softmax(ls4, 1), ts4.clamp(min=0)], {'ignoreIndex': 0},
     lambda a, b: F.nll_loss(a, b, ignore_index=0), (0,))

# ---------------------------------------------------------------- margin losses
xm = randn(4, 3)
ym = torch.tensor([[1.0, -1.0, 1.0], [-1.0, -1.0, 1.0], [1.0, 1.0, -1.0], [-1.0, 1.0, -1.0]])
for m, r in [(1.0, 'mean'), (0.5, 'none'), (2.0, 'sum')]:
    case(f'hingeEmbeddingLoss margin={m} {r}', 'hingeEmbeddingLoss', [xm, ym], {'margin': m, 'reduction': r},
         lambda a, b, m=m, r=r: F.hinge_embedding_loss(a, b, margin=m, reduction=r), (0,), mod('HingeEmbeddingLoss', margin=m, reduction=r))
xmm = randn(5, 4)
tmm = idx(4, 5)
wmm = torch.rand(4) + 0.5
for pp, mg, w, r in [(1, 1.0, None, 'mean'), (2, 1.0, None, 'sum'), (1, 0.5, wmm, 'none'), (2, 0.7, wmm, 'mean')]:
    kw = {'p': pp, 'margin': mg, 'reduction': r}
    if w is not None:
        kw['weight'] = w
    case(f'multiMarginLoss p={pp} margin={mg} weight={w is not None} {r}', 'multiMarginLoss', [xmm, tmm], kw,
         lambda a, b, pp=pp, mg=mg, w=w, r=r: F.multi_margin_loss(a, b, p=pp, margin=mg, weight=w, reduction=r), (0,),
         mod('MultiMarginLoss', **enc(kw)))
case('multiMarginLoss unbatched', 'multiMarginLoss', [xmm[0], tmm[0]], {}, lambda a, b: F.multi_margin_loss(a, b), (0,))
case('multiMarginLoss unbatched target [1] none', 'multiMarginLoss', [xmm[0], tmm[:1]], {'reduction': 'none'}, lambda a, b: F.multi_margin_loss(a, b, reduction='none'), (0,))
xml = randn(4, 5)
tml = torch.tensor([[3, 0, -1, 1, 2], [1, 2, 3, 4, 0], [-1, 2, 0, 0, 0], [4, 4, -1, 0, 0]])
for r in ['mean', 'sum', 'none']:
    case(f'multilabelMarginLoss {r}', 'multilabelMarginLoss', [xml, tml], {'reduction': r},
         lambda a, b, r=r: F.multilabel_margin_loss(a, b, reduction=r), (0,), mod('MultiLabelMarginLoss', reduction=r))
case('multilabelMarginLoss unbatched', 'multilabelMarginLoss', [xml[0], tml[0]], {}, lambda a, b: F.multilabel_margin_loss(a, b), (0,))
x1, x2 = randn(6), randn(6)
yr = torch.tensor([1.0, -1.0, 1.0, -1.0, 1.0, -1.0])
for m, r in [(0.0, 'mean'), (0.5, 'none'), (1.0, 'sum')]:
    case(f'marginRankingLoss margin={m} {r}', 'marginRankingLoss', [x1, x2, yr], {'margin': m, 'reduction': r},
         lambda a, b, c, m=m, r=r: F.margin_ranking_loss(a, b, c, margin=m, reduction=r), (0, 1), mod('MarginRankingLoss', margin=m, reduction=r))
e1, e2 = randn(6, 4), randn(6, 4)
for m, r in [(0.0, 'mean'), (0.3, 'none'), (-0.2, 'sum')]:
    case(f'cosineEmbeddingLoss margin={m} {r}', 'cosineEmbeddingLoss', [e1, e2, yr], {'margin': m, 'reduction': r},
         lambda a, b, c, m=m, r=r: F.cosine_embedding_loss(a, b, c, margin=m, reduction=r), (0, 1), mod('CosineEmbeddingLoss', margin=m, reduction=r))
case('cosineEmbeddingLoss unbatched', 'cosineEmbeddingLoss', [e1[0], e2[0], torch.tensor(-1.0)], {'margin': -0.5},
     lambda a, b, c: F.cosine_embedding_loss(a, b, c, margin=-0.5), (0, 1))
an, po, ne = randn(5, 4), randn(5, 4), randn(5, 4)
for kw in [{}, {'margin': 0.5, 'p': 1.0}, {'swap': True}, {'margin': 2.0, 'p': 3.0, 'eps': 1e-3, 'reduction': 'none'}, {'swap': True, 'reduction': 'sum', 'margin': 1.5}]:
    tk = {'margin': 'margin', 'p': 'p', 'eps': 'eps', 'swap': 'swap', 'reduction': 'reduction'}
    case(f'tripletMarginLoss {json.dumps(kw)}', 'tripletMarginLoss', [an, po, ne], kw,
         lambda a, b, c, kw=kw: F.triplet_margin_loss(a, b, c, **{tk[k]: v for k, v in kw.items()}), (0, 1, 2), mod('TripletMarginLoss', **kw))

# ---------------------------------------------------------------- KL divergence
ki = torch.log_softmax(randn(4, 5), 1)
kt = torch.softmax(randn(4, 5) * 2, 1)
kt[0, 1] = 0.0  # xlogy(0, 0) = 0 (PyTorch's target gradient there is NaN: input gradients only)
for r in ['mean', 'batchmean', 'sum', 'none']:
    case(f'klDiv {r}', 'klDiv', [ki, kt], {'reduction': r}, lambda a, b, r=r: F.kl_div(a, b, reduction=r), (0,), mod('KLDivLoss', reduction=r))
case('klDiv target gradient (positive targets)', 'klDiv', [ki, torch.softmax(randn(4, 5), 1)], {'reduction': 'sum'}, lambda a, b: F.kl_div(a, b, reduction='sum'), (0, 1))
klt = torch.log_softmax(randn(4, 5), 1)
case('klDiv logTarget batchmean', 'klDiv', [ki, klt], {'reduction': 'batchmean', 'logTarget': True},
     lambda a, b: F.kl_div(a, b, reduction='batchmean', log_target=True), (0, 1), mod('KLDivLoss', reduction='batchmean', logTarget=True))


# ---------------------------------------------------------------- focal losses
def tv_sigmoid_focal(inputs, targets, alpha=0.25, gamma=2.0, reduction='none'):
    """torchvision.ops.sigmoid_focal_loss, written out."""
    p = torch.sigmoid(inputs)
    ce = F.binary_cross_entropy_with_logits(inputs, targets, reduction='none')
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce * ((1 - p_t) ** gamma)
    if alpha >= 0:
        alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
        loss = alpha_t * loss
    return loss.mean() if reduction == 'mean' else loss.sum() if reduction == 'sum' else loss


fz = randn(4, 3) * 2
ft = (torch.rand(4, 3) > 0.6).float()
for kw in [{}, {'reduction': 'mean'}, {'alpha': -1, 'gamma': 0, 'reduction': 'sum'}, {'alpha': 0.5, 'gamma': 1.5}]:
    case(f'sigmoidFocalLoss {json.dumps(kw)}', 'sigmoidFocalLoss', [fz, ft], kw, lambda a, b, kw=kw: tv_sigmoid_focal(a, b, **kw), (0,), mod('SigmoidFocalLoss', **kw))


def focal_ref(logits, target, gamma=2.0, alpha=None, ignore_index=-100, reduction='mean'):
    """Multiclass focal loss: -alpha_t (1 - p_t)^gamma log p_t, mean over the non-ignored targets."""
    keep = target != ignore_index
    safe = torch.where(keep, target, torch.zeros_like(target))
    logpt = torch.log_softmax(logits, 1).gather(1, safe.unsqueeze(1)).squeeze(1)
    loss = -(1 - logpt.exp()) ** gamma * logpt
    if isinstance(alpha, torch.Tensor):
        loss = loss * alpha[safe]
    elif alpha is not None:
        loss = loss * alpha
    loss = torch.where(keep, loss, torch.zeros_like(loss))
    return loss.sum() / keep.sum() if reduction == 'mean' else loss.sum() if reduction == 'sum' else loss


for kw in [{}, {'gamma': 0.0}, {'gamma': 1.0, 'alpha': 0.25, 'reduction': 'sum'}, {'gamma': 2.0, 'alpha': wc, 'reduction': 'none'}]:
    ref_kw = {{'ignoreIndex': 'ignore_index'}.get(k, k): v for k, v in kw.items()}
    case(f'focalLoss {list(kw.keys())} gamma={kw.get("gamma")}', 'focalLoss', [lg, tig], kw, lambda a, b, rk=ref_kw: focal_ref(a, b, **rk), (0,))
case('focalLoss spatial ignoreIndex=0', 'focalLoss', [ls4, ts4.clamp(min=0)], {'ignoreIndex': 0, 'gamma': 1.5},
     lambda a, b: focal_ref(a, b, gamma=1.5, ignore_index=0), (0,), mod('FocalLoss', ignoreIndex=0, gamma=1.5))


# ---------------------------------------------------------------- distillation and contrastive
def kd_ref(s, t, y, temperature=2.0, alpha=0.5):
    T = temperature
    soft = F.kl_div(F.log_softmax(s / T, 1), F.softmax(t / T, 1), reduction='batchmean') * T * T
    return alpha * soft + (1 - alpha) * F.cross_entropy(s, y)


sl, tl = randn(6, 5) * 2, randn(6, 5) * 2
for kw in [{}, {'temperature': 4.0, 'alpha': 0.9}, {'temperature': 1.0, 'alpha': 0.0}, {'temperature': 8.0, 'alpha': 1.0}]:
    case(f'distillationLoss {json.dumps(kw)}', 'distillationLoss', [sl, tl, ti], kw, lambda a, b, c, kw=kw: kd_ref(a, b, c, **kw), (0,), mod('DistillationLoss', **kw))


def ntxent_ref(z1, z2, temperature=0.5):
    n = z1.shape[0]
    z = F.normalize(torch.cat([z1, z2]), dim=1)
    sim = z @ z.t() / temperature
    sim = sim.masked_fill(torch.eye(2 * n, dtype=torch.bool), float('-inf'))
    labels = torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)])
    return F.cross_entropy(sim, labels)


def infonce_ref(q, k, temperature=0.1):
    logits = F.normalize(q, dim=1) @ F.normalize(k, dim=1).t() / temperature
    return F.cross_entropy(logits, torch.arange(q.shape[0]))


za, zb = randn(5, 4), randn(5, 4)
for kw in [{}, {'temperature': 0.1}, {'temperature': 2.0}]:
    case(f'ntXentLoss {json.dumps(kw)}', 'ntXentLoss', [za, zb], kw, lambda a, b, kw=kw: ntxent_ref(a, b, **kw), (0, 1), mod('NTXentLoss', **kw))
for kw in [{}, {'temperature': 0.5}]:
    case(f'infoNCE {json.dumps(kw)}', 'infoNCE', [za, zb], kw, lambda a, b, kw=kw: infonce_ref(a, b, **kw), (0, 1), mod('InfoNCELoss', **kw))

out = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'nn', 'losses.json')
os.makedirs(os.path.dirname(out), exist_ok=True)
with open(out, 'w') as f:
    json.dump({'format': __doc__.split('\n\n')[1], 'torch': torch.__version__, 'cases': CASES}, f)
print(f'{len(CASES)} cases → {os.path.normpath(out)} ({os.path.getsize(out) // 1024} KB)')
