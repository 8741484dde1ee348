"""Parity fixtures for src/optim: optimizer trajectories, scheduler LR sequences, gradient clipping.

Run: /usr/bin/python3 tools/parity_nn/optim.py  (torch 1.13) -> test/fixtures/nn/optim.json

Optimizers: two float32 parameters (w [3, 4], b [4]) start at fixed values; at each of 20 steps
the gradient of a fixed separable loss, g = s * (p - c) + q * (p * p * p), is computed with the same
float32 elementwise ops on both sides and assigned to p.grad, then optimizer.step(). Every
parameter value after every step is recorded. Options use nabla's camelCase names.
"""
import json
import math
import os

import torch

torch.set_default_dtype(torch.float32)
OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'nn', 'optim.json')
STEPS = 20


def camel(k):
    parts = k.split('_')
    return parts[0] + ''.join(p[:1].upper() + p[1:] for p in parts[1:])


def problem():
    g = torch.Generator().manual_seed(7)
    w = torch.rand(3, 4, generator=g) * 2 - 1
    b = torch.rand(4, generator=g) * 2 - 1
    s = [torch.rand(3, 4, generator=g) + 0.5, torch.rand(4, generator=g) + 0.5]
    c = [torch.rand(3, 4, generator=g) - 0.5, torch.rand(4, generator=g) - 0.5]
    q = [torch.rand(3, 4, generator=g) * 0.2, torch.rand(4, generator=g) * 0.2]
    return [w, b], s, c, q


def grad_of(p, s, c, q):
    return s * (p - c) + q * (p * p * p)


def run_opt(cls, opts, groups):
    init, s, c, q = problem()
    params = [t.clone().requires_grad_(True) for t in init]
    if groups is None:
        opt = cls(params, **opts)
    else:
        opt = cls([dict(params=[params[i] for i in g['params']], **{k: v for k, v in g.items() if k != 'params'}) for g in groups], **opts)
    traj = []
    for _ in range(STEPS):
        with torch.no_grad():
            for i, p in enumerate(params):
                p.grad = grad_of(p.detach(), s[i], c[i], q[i])
        opt.step()
        traj.append([p.detach().reshape(-1).tolist() for p in params])
    return traj


OPT_CASES = [
    ('sgd_plain', torch.optim.SGD, dict(lr=0.05), None),
    ('sgd_momentum', torch.optim.SGD, dict(lr=0.05, momentum=0.9), None),
    ('sgd_dampening_wd', torch.optim.SGD, dict(lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.01), None),
    ('sgd_nesterov_wd', torch.optim.SGD, dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01), None),
    ('sgd_maximize', torch.optim.SGD, dict(lr=0.01, momentum=0.5, maximize=True), None),
    ('sgd_groups', torch.optim.SGD, dict(lr=0.05), [dict(params=[0]), dict(params=[1], lr=0.01, momentum=0.9)]),
    ('adam_default', torch.optim.Adam, dict(lr=0.01), None),
    ('adam_amsgrad_wd', torch.optim.Adam, dict(lr=0.02, betas=(0.8, 0.99), weight_decay=0.05, amsgrad=True), None),
    ('adam_maximize', torch.optim.Adam, dict(lr=0.01, maximize=True, eps=1e-6), None),
    ('adam_groups', torch.optim.Adam, dict(lr=0.01), [dict(params=[0], lr=0.03, amsgrad=True), dict(params=[1], weight_decay=0.1)]),
    ('adamw_default', torch.optim.AdamW, dict(lr=0.01), None),
    ('adamw_amsgrad', torch.optim.AdamW, dict(lr=0.02, weight_decay=0.1, amsgrad=True), None),
    ('adamw_maximize', torch.optim.AdamW, dict(lr=0.01, maximize=True), None),
    ('adagrad_default', torch.optim.Adagrad, dict(), None),
    ('adagrad_decay', torch.optim.Adagrad, dict(lr=0.1, lr_decay=0.01, initial_accumulator_value=0.1, weight_decay=0.02), None),
    ('adagrad_maximize', torch.optim.Adagrad, dict(lr=0.05, maximize=True), None),
    ('rmsprop_default', torch.optim.RMSprop, dict(), None),
    ('rmsprop_centered', torch.optim.RMSprop, dict(lr=0.005, centered=True), None),
    ('rmsprop_momentum', torch.optim.RMSprop, dict(lr=0.005, momentum=0.9, alpha=0.9), None),
    ('rmsprop_centered_momentum_wd', torch.optim.RMSprop, dict(lr=0.005, momentum=0.5, centered=True, weight_decay=0.01), None),
    ('rmsprop_maximize', torch.optim.RMSprop, dict(lr=0.002, maximize=True), None),
    ('adamax_default', torch.optim.Adamax, dict(), None),
    ('adamax_wd', torch.optim.Adamax, dict(lr=0.05, betas=(0.85, 0.995), weight_decay=0.05), None),
    ('adamax_maximize', torch.optim.Adamax, dict(lr=0.01, maximize=True), None),
    ('adadelta_default', torch.optim.Adadelta, dict(), None),
    ('adadelta_wd', torch.optim.Adadelta, dict(lr=0.5, rho=0.95, weight_decay=0.01, eps=1e-5), None),
    ('adadelta_maximize', torch.optim.Adadelta, dict(lr=0.5, maximize=True), None),
    ('nadam_default', torch.optim.NAdam, dict(), None),
    ('nadam_wd', torch.optim.NAdam, dict(lr=0.01, weight_decay=0.05, momentum_decay=0.01), None),
    ('nadam_groups', torch.optim.NAdam, dict(lr=0.01), [dict(params=[0], lr=0.02), dict(params=[1], betas=(0.8, 0.9))]),
]

OPT_NAMES = {torch.optim.SGD: 'SGD', torch.optim.Adam: 'Adam', torch.optim.AdamW: 'AdamW', torch.optim.Adagrad: 'Adagrad',
             torch.optim.RMSprop: 'RMSprop', torch.optim.Adamax: 'Adamax', torch.optim.Adadelta: 'Adadelta', torch.optim.NAdam: 'NAdam'}


def jsonable(d):
    return {camel(k): (list(v) if isinstance(v, tuple) else v) for k, v in d.items()}


def optimizer_cases():
    init, s, c, q = problem()
    out = []
    for name, cls, opts, groups in OPT_CASES:
        out.append(dict(
            name=name, optimizer=OPT_NAMES[cls], options=jsonable(opts),
            groups=None if groups is None else [jsonable(g) for g in groups],
            trajectory=run_opt(cls, opts, groups),
        ))
    prob = dict(shapes=[list(t.shape) for t in init], init=[t.reshape(-1).tolist() for t in init],
                s=[t.reshape(-1).tolist() for t in s], c=[t.reshape(-1).tolist() for t in c], q=[t.reshape(-1).tolist() for t in q])
    return prob, out


# ---------------------------------------------------------------- schedulers
S = torch.optim.lr_scheduler


def sched_case(name, make_opt, make_sched, steps, metrics=None, momentum=False):
    p = [torch.zeros(2, requires_grad=True), torch.zeros(3, requires_grad=True)]
    opt = make_opt(p)
    sched = make_sched(opt)
    lrs = [list(sched.get_last_lr()) if hasattr(sched, 'get_last_lr') and not isinstance(sched, S.ReduceLROnPlateau) else [g['lr'] for g in opt.param_groups]]
    moms = []

    def mom():
        return [g['betas'][0] if 'betas' in g else g['momentum'] for g in opt.param_groups]
    if momentum:
        moms.append(mom())
    for i in range(steps):
        opt.step()
        if metrics is not None:
            sched.step(metrics[i])
        else:
            sched.step()
        lrs.append([g['lr'] for g in opt.param_groups])
        if momentum:
            moms.append(mom())
    return dict(name=name, lrs=lrs, momentum=moms if momentum else None, metrics=metrics)


def sgd2(p, lr=0.1, lr2=0.01, **kw):
    return torch.optim.SGD([dict(params=[p[0]]), dict(params=[p[1]], lr=lr2)], lr=lr, **kw)


def adam2(p):
    return torch.optim.Adam([dict(params=[p[0]]), dict(params=[p[1]], lr=0.01)], lr=0.1)


PLATEAU_METRICS = [1.0, 0.9, 0.95, 0.96, 0.97, 0.8, 0.8, 0.8, 0.8, 0.79999, 0.85, 0.9, 0.7, 0.7, 0.71, 0.72, 0.73, 0.74, 0.75, 0.76]
PLATEAU_MAX = [0.1, 0.2, 0.2, 0.2, 0.25, 0.3, 0.3, 0.3, 0.29, 0.31, 0.31, 0.31, 0.31, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]


def scheduler_cases():
    return [
        sched_case('StepLR', sgd2, lambda o: S.StepLR(o, step_size=3, gamma=0.5), 12),
        sched_case('MultiStepLR', sgd2, lambda o: S.MultiStepLR(o, milestones=[2, 5, 5, 9], gamma=0.3), 12),
        sched_case('ExponentialLR', sgd2, lambda o: S.ExponentialLR(o, gamma=0.9), 10),
        sched_case('CosineAnnealingLR', sgd2, lambda o: S.CosineAnnealingLR(o, T_max=10, eta_min=0.001), 35),
        sched_case('CosineAnnealingWarmRestarts', sgd2, lambda o: S.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2, eta_min=0.01), 25),
        sched_case('CosineAnnealingWarmRestarts_mult1', sgd2, lambda o: S.CosineAnnealingWarmRestarts(o, T_0=4), 13),
        sched_case('LinearLR', sgd2, lambda o: S.LinearLR(o, start_factor=0.25, end_factor=1.0, total_iters=4), 8),
        sched_case('LinearLR_default', sgd2, lambda o: S.LinearLR(o), 8),
        sched_case('LinearLR_decay', sgd2, lambda o: S.LinearLR(o, start_factor=1.0, end_factor=0.1, total_iters=6), 9),
        sched_case('ConstantLR', sgd2, lambda o: S.ConstantLR(o, factor=0.5, total_iters=3), 6),
        sched_case('MultiplicativeLR', sgd2, lambda o: S.MultiplicativeLR(o, lambda e: 0.9 if e % 2 else 0.8), 8),
        sched_case('PolynomialLR', sgd2, lambda o: S.PolynomialLR(o, total_iters=6, power=2.0), 9),
        sched_case('SequentialLR_constant_poly', sgd2, lambda o: S.SequentialLR(o, [S.ConstantLR(o, factor=0.25, total_iters=2), S.PolynomialLR(o, total_iters=5)], milestones=[3]), 10),
        sched_case('LambdaLR_pow', sgd2, lambda o: S.LambdaLR(o, lambda e: 0.95 ** e), 10),
        sched_case('LambdaLR_per_group', sgd2, lambda o: S.LambdaLR(o, [lambda e: 1.0 / (e + 1), lambda e: 0.5 ** (e // 2)]), 10),
        sched_case('SequentialLR_warmup_cosine', sgd2, lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.1, total_iters=3), S.CosineAnnealingLR(o, T_max=8)], milestones=[3]), 15),
        sched_case('SequentialLR_three', sgd2, lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.5, total_iters=2), S.ExponentialLR(o, gamma=0.8), S.StepLR(o, step_size=2, gamma=0.5)], milestones=[2, 6]), 12),
        sched_case('OneCycleLR_cos', lambda p: sgd2(p, momentum=0.9), lambda o: S.OneCycleLR(o, max_lr=0.5, total_steps=20), 19, momentum=True),
        sched_case('OneCycleLR_linear_groups', lambda p: sgd2(p, momentum=0.9), lambda o: S.OneCycleLR(o, max_lr=[0.5, 0.05], total_steps=16, anneal_strategy='linear', pct_start=0.25, div_factor=10.0, final_div_factor=100.0), 15, momentum=True),
        sched_case('OneCycleLR_three_phase', lambda p: sgd2(p, momentum=0.9), lambda o: S.OneCycleLR(o, max_lr=1.0, epochs=4, steps_per_epoch=5, three_phase=True), 19, momentum=True),
        sched_case('OneCycleLR_adam', adam2, lambda o: S.OneCycleLR(o, max_lr=0.01, total_steps=12, base_momentum=0.8, max_momentum=0.9), 11, momentum=True),
        sched_case('OneCycleLR_no_momentum', sgd2, lambda o: S.OneCycleLR(o, max_lr=0.3, total_steps=10, cycle_momentum=False), 9),
        sched_case('ReduceLROnPlateau_min', sgd2, lambda o: S.ReduceLROnPlateau(o, patience=2, factor=0.5, cooldown=1), 20, metrics=PLATEAU_METRICS),
        sched_case('ReduceLROnPlateau_min_abs_minlr', sgd2, lambda o: S.ReduceLROnPlateau(o, patience=1, factor=0.1, threshold=0.05, threshold_mode='abs', min_lr=[0.005, 0.0005]), 20, metrics=PLATEAU_METRICS),
        sched_case('ReduceLROnPlateau_max', sgd2, lambda o: S.ReduceLROnPlateau(o, mode='max', patience=2, factor=0.2, threshold=0.1), 20, metrics=PLATEAU_MAX),
    ]


# ---------------------------------------------------------------- clipping
def clip_cases():
    g = torch.Generator().manual_seed(11)
    grads = [torch.randn(3, 4, generator=g), torch.randn(5, generator=g) * 3, torch.randn(2, 2, generator=g) * 0.1]
    out = []
    for norm_type in [2.0, 1.0, 3.0, math.inf]:
        for max_norm in [0.5, 1e3]:
            ps = [torch.zeros_like(t, requires_grad=True) for t in grads]
            for p, t in zip(ps, grads):
                p.grad = t.clone()
            total = torch.nn.utils.clip_grad_norm_(ps, max_norm, norm_type)
            out.append(dict(normType='Infinity' if norm_type == math.inf else norm_type, maxNorm=max_norm, total=total.item(),
                            clipped=[p.grad.reshape(-1).tolist() for p in ps]))
    return dict(shapes=[list(t.shape) for t in grads], grads=[t.reshape(-1).tolist() for t in grads], cases=out)


def main():
    prob, opt_cases = optimizer_cases()
    data = dict(torch=torch.__version__, steps=STEPS, problem=prob, optimizers=opt_cases,
                schedulers=scheduler_cases(), clip=clip_cases())
    with open(OUT, 'w') as f:
        json.dump(data, f)
    print('wrote', OUT, os.path.getsize(OUT), 'bytes')


if __name__ == '__main__':
    main()
