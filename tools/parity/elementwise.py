"""Elementwise cases: arithmetic, unary math, activations, comparisons, logic."""
import torch
import torch.nn.functional as F

from parity.harness import case, randn, uniform, away, randint, randbool, ft, it


# ---------------------------------------------------------------- elementwise

def elementwise_cases():
    f64 = torch.float64
    # binary arithmetic, broadcasting, dtypes and promotion
    case('add', 'add', [randn(3, 4), randn(3, 4)], ref=torch.add)
    case('add_broadcast', 'add', [randn(2, 1, 4), randn(3, 1)], ref=torch.add)
    case('add_broadcast_rank', 'add', [randn(4), randn(2, 3, 4)], ref=torch.add)
    case('add_scalar', 'add', [randn(2, 3), 2.5], ref=torch.add)
    case('add_alpha', 'add', [randn(2, 3), randn(3)], {'alpha': 2.0},
         ref=lambda a, b, alpha: torch.add(a, b, alpha=alpha))
    case('add_float64', 'add', [randn(3, 4, dtype=f64), randn(4, dtype=f64)], ref=torch.add)
    case('add_int32', 'add', [randint(-50, 50, 3, 4), randint(-50, 50, 4)], ref=torch.add)
    case('add_int32_float32', 'add', [randint(-5, 5, 3, 4), randn(3, 4)], ref=torch.add,
         note='int32 + float32 promotes to float32')
    case('add_int32_float_scalar', 'add', [randint(-5, 5, 2, 3), 0.5], ref=torch.add,
         note='int32 tensor + float number gives float32 (PyTorch default dtype)')
    case('mul_float32_float64', 'mul', [randn(2, 3), randn(2, 3, dtype=f64)], ref=torch.mul,
         note='float32 * float64 promotes to float64')
    case('sub', 'sub', [randn(2, 3, 4), randn(3, 1)], ref=torch.sub)
    case('sub_alpha', 'sub', [randn(2, 3), randn(2, 3)], {'alpha': 0.5},
         ref=lambda a, b, alpha: torch.sub(a, b, alpha=alpha))
    case('sub_scalar', 'sub', [randn(5), 1.25], ref=torch.sub)
    case('mul', 'mul', [randn(3, 4), randn(3, 4)], ref=torch.mul)
    case('mul_broadcast', 'mul', [randn(3, 1, 5), randn(1, 4, 1)], ref=torch.mul)
    case('mul_scalar', 'mul', [randn(2, 5), -3.0], ref=torch.mul)
    case('mul_int32', 'mul', [randint(-9, 9, 2, 5), randint(-9, 9, 2, 5)], ref=torch.mul)
    case('mul_float64', 'mul', [randn(4, 3, dtype=f64), randn(4, 1, dtype=f64)], ref=torch.mul)
    case('div', 'div', [randn(3, 4), away(3, 4, lo=0.5)], ref=torch.div)
    case('div_broadcast', 'div', [randn(2, 3, 4), away(4, lo=0.5)], ref=torch.div)
    case('div_scalar', 'div', [randn(6), 4.0], ref=torch.div)
    case('div_int32', 'div', [randint(-20, 20, 2, 4), it([[3, -7, 2, 5], [1, 4, -3, 6]])], ref=torch.div,
         note='true division: int32 / int32 gives float32')
    case('div_by_zero', 'div', [ft([1.0, -1.0, 0.0, 2.5]), ft([0.0, 0.0, 0.0, -0.0])], ref=torch.div, grad=False,
         note='IEEE: 1/0 = inf, -1/0 = -inf, 0/0 = nan, 2.5/-0 = -inf')
    case('pow', 'pow', [uniform(0.5, 2.0, 3, 4), randn(3, 4)], ref=torch.pow)
    case('pow_scalar_2', 'pow', [randn(3, 4), 2.0], ref=torch.pow)
    case('pow_scalar_half', 'pow', [uniform(0.5, 3.0, 2, 5), 0.5], ref=torch.pow)
    case('pow_negative_base_int_exponent', 'pow', [randn(2, 5), 3.0], ref=torch.pow)
    case('pow_broadcast_float64', 'pow', [uniform(0.5, 2.0, 2, 3, dtype=f64), randn(3, dtype=f64)], ref=torch.pow)
    case('minimum', 'minimum', [randn(3, 4), randn(3, 4)], ref=torch.minimum)
    case('maximum_broadcast', 'maximum', [randn(3, 1, 4), randn(2, 4)], ref=torch.maximum)
    case('maximum_int32', 'maximum', [randint(-9, 9, 3, 4), randint(-9, 9, 4)], ref=torch.maximum)
    case('maximum_nan', 'maximum', [ft([1.0, float('nan'), 3.0, float('nan')]), ft([float('nan'), 2.0, -1.0, 0.0])],
         ref=torch.maximum, grad=False, note='maximum/minimum propagate NaN')
    case('minimum_nan', 'minimum', [ft([1.0, float('nan'), 3.0]), ft([float('nan'), 2.0, -1.0])],
         ref=torch.minimum, grad=False)
    case('add_nan_inf', 'add', [ft([float('nan'), float('inf'), float('inf'), 1.0]),
                                ft([1.0, float('-inf'), 1.0, float('-inf')])], ref=torch.add, grad=False)

    # unary
    case('neg', 'neg', [randn(3, 4)], ref=torch.neg)
    case('neg_int32', 'neg', [randint(-9, 9, 2, 3)], ref=torch.neg)
    case('abs', 'abs', [away(3, 4)], ref=torch.abs)
    case('abs_int32', 'abs', [randint(-9, 9, 2, 3)], ref=torch.abs)
    case('abs_at_zero', 'abs', [ft([0.0, -1.0, 2.0])], ref=torch.abs, note='PyTorch: d|x|/dx at 0 is 0 (sign(0))')
    case('sign', 'sign', [ft([-2.0, -0.5, 0.0, 0.5, 3.0, -0.0])], ref=torch.sign, note='gradient is zero everywhere')
    case('exp', 'exp', [randn(3, 4)], ref=torch.exp)
    case('exp_float64', 'exp', [randn(3, 4, dtype=f64)], ref=torch.exp)
    case('exp_extreme', 'exp', [ft([-200.0, -100.0, 80.0, 88.0, 89.0, 100.0])], ref=torch.exp, grad=False,
         note='float32 overflow: exp(89) = inf, exp(-200) = 0')
    case('log', 'log', [uniform(0.1, 5.0, 3, 4)], ref=torch.log)
    case('log_special', 'log', [ft([0.0, -1.0, float('inf'), 1.0])], ref=torch.log, grad=False,
         note='log(0) = -inf, log(-1) = nan')
    case('log1p', 'log1p', [uniform(-0.5, 2.0, 3, 4)], ref=torch.log1p)
    case('log1p_tiny', 'log1p', [ft([1e-10, -1e-9, 1e-7, 3e-8])], ref=torch.log1p, note='accurate near 0')
    case('expm1', 'expm1', [randn(3, 4)], ref=torch.expm1)
    case('expm1_tiny', 'expm1', [ft([1e-10, -1e-9, 1e-7, 3e-8])], ref=torch.expm1, note='accurate near 0')
    case('sqrt', 'sqrt', [uniform(0.1, 4.0, 3, 4)], ref=torch.sqrt)
    case('sqrt_special', 'sqrt', [ft([0.0, -1.0, float('inf'), 4.0])], ref=torch.sqrt, grad=False)
    case('rsqrt', 'rsqrt', [uniform(0.1, 4.0, 3, 4)], ref=torch.rsqrt)
    case('sin', 'sin', [randn(3, 4, scale=3)], ref=torch.sin)
    case('cos', 'cos', [randn(3, 4, scale=3)], ref=torch.cos)
    case('cos_float64', 'cos', [randn(2, 5, dtype=f64, scale=3)], ref=torch.cos)
    case('tanh', 'tanh', [randn(3, 4, scale=2)], ref=torch.tanh)
    case('tanh_extreme', 'tanh', [ft([-100.0, -20.0, 20.0, 100.0, 1e-8])], ref=torch.tanh)
    case('sigmoid', 'sigmoid', [randn(3, 4, scale=2)], ref=torch.sigmoid)
    case('sigmoid_extreme', 'sigmoid', [ft([-1000.0, -100.0, -30.0, 30.0, 100.0, 1000.0])], ref=torch.sigmoid,
         note='no NaN for large |x|')
    case('relu', 'relu', [away(3, 4)], ref=torch.relu)
    case('relu_at_zero', 'relu', [ft([-1.0, 0.0, 2.0])], ref=torch.relu, note='PyTorch: relu gradient at 0 is 0')
    case('relu_nan', 'relu', [ft([float('nan'), -1.0, 1.0])], ref=torch.relu, grad=False, note='relu(nan) = nan')
    case('leaky_relu', 'leakyRelu', [away(3, 4), 0.1], ref=F.leaky_relu)
    case('leaky_relu_default', 'leakyRelu', [away(2, 5)], ref=F.leaky_relu, note='default negativeSlope 0.01')
    case('gelu', 'gelu', [randn(3, 4, scale=2)], ref=F.gelu)
    case('gelu_tanh', 'gelu', [randn(3, 4, scale=2)], {'approximate': 'tanh'},
         ref=lambda x, approximate: F.gelu(x, approximate=approximate))
    case('gelu_extreme', 'gelu', [ft([-100.0, -10.0, 10.0, 100.0])], ref=F.gelu)
    case('gelu_float64', 'gelu', [randn(2, 5, dtype=f64, scale=2)], ref=F.gelu)
    case('elu', 'elu', [away(3, 4)], ref=F.elu)
    case('elu_alpha', 'elu', [away(3, 4), 0.5], ref=F.elu)
    case('silu', 'silu', [randn(3, 4, scale=2)], ref=F.silu)
    case('silu_extreme', 'silu', [ft([-1000.0, -100.0, 100.0, 1000.0])], ref=F.silu)
    case('softplus', 'softplus', [randn(3, 4, scale=3)], ref=F.softplus)
    case('softplus_beta_threshold', 'softplus', [randn(3, 4, scale=3), 2.0, 3.0], ref=F.softplus,
         note='linear where beta*x > threshold')
    case('softplus_extreme', 'softplus', [ft([-1000.0, -100.0, -20.0, 19.0, 21.0, 100.0, 1000.0])], ref=F.softplus)
    case('erf', 'erf', [randn(3, 4, scale=1.5)], ref=torch.erf)
    case('erf_float64', 'erf', [randn(3, 4, dtype=f64, scale=1.5)], ref=torch.erf)
    case('clamp', 'clamp', [randn(3, 4), -0.5, 0.5], ref=torch.clamp)
    case('clamp_min_only', 'clamp', [randn(3, 4), -0.25], ref=torch.clamp)
    case('clamp_max_only', 'clamp', [randn(3, 4), None, 0.3], ref=torch.clamp)
    case('clamp_int32', 'clamp', [randint(-10, 10, 3, 4), -3, 4], ref=torch.clamp)
    case('clamp_nan', 'clamp', [ft([float('nan'), -2.0, 2.0]), -1.0, 1.0], ref=torch.clamp, grad=False,
         note='clamp(nan) = nan')

    # comparisons and logic
    a, b = randint(-3, 3, 3, 4).float(), randint(-3, 3, 4).float()  # ties on purpose
    for op in ['eq', 'ne', 'lt', 'le', 'gt', 'ge']:
        case(f'{op}_broadcast', op, [a, b], ref=getattr(torch, op))
    case('eq_int32', 'eq', [randint(0, 3, 2, 5), randint(0, 3, 2, 5)], ref=torch.eq)
    case('lt_int32_scalar', 'lt', [randint(-5, 5, 2, 5), 1], ref=torch.lt)
    case('gt_float_scalar', 'gt', [randn(2, 5), 0.25], ref=torch.gt)
    case('ge_float64', 'ge', [randn(2, 3, dtype=f64), randn(3, dtype=f64)], ref=torch.ge)
    case('eq_nan', 'eq', [ft([float('nan'), 1.0, float('inf')]), ft([float('nan'), 1.0, float('inf')])], ref=torch.eq,
         note='nan != nan')
    case('logical_and', 'logicalAnd', [randbool(3, 4), randbool(4)], ref=torch.logical_and)
    case('logical_or', 'logicalOr', [randbool(3, 4), randbool(3, 1)], ref=torch.logical_or)
    case('logical_not', 'logicalNot', [randbool(3, 4)], ref=torch.logical_not)
    case('logical_not_float', 'logicalNot', [ft([0.0, 1.5, -2.0, 0.0])], ref=torch.logical_not)
    special = ft([float('nan'), float('inf'), float('-inf'), 0.0, -1.5, 3.0])
    case('isnan', 'isnan', [special], ref=torch.isnan)
    case('isfinite', 'isfinite', [special], ref=torch.isfinite)
    case('where', 'where', [randbool(3, 4), randn(3, 4), randn(3, 4)], ref=torch.where)
    case('where_broadcast', 'where', [randbool(3, 1), randn(1, 4), randn(2, 3, 4)], ref=torch.where)
    case('where_int32', 'where', [randbool(2, 3), randint(0, 9, 2, 3), randint(-9, 0, 2, 3)], ref=torch.where)
    case('where_scalar', 'where', [randbool(2, 3), randn(2, 3), 0.0], ref=torch.where,
         note='a number for either branch')

    # integer inputs to float functions, and integer-preserving ones
    case('sqrt_int32', 'sqrt', [it([[0, 1, 4], [9, 2, 7]])], ref=torch.sqrt, note='int32 input gives float32')
    case('exp_int32', 'exp', [it([-2, 0, 1, 3])], ref=torch.exp)
    case('sigmoid_int32', 'sigmoid', [it([-3, 0, 2])], ref=torch.sigmoid)
    case('pow_int32', 'pow', [randint(-4, 5, 2, 4), randint(0, 4, 2, 4)], ref=torch.pow, note='int32 ** int32 stays int32')
    case('pow_int32_scalar_float', 'pow', [it([1, 4, 9]), 0.5], ref=torch.pow, note='int32 ** float number gives float32')
    case('sign_int32', 'sign', [it([-3, 0, 2])], ref=torch.sign)
    case('minimum_int32', 'minimum', [randint(-9, 9, 2, 3), randint(-9, 9, 2, 3)], ref=torch.minimum)

    # more extremes
    f64x = torch.float64
    case('sigmoid_extreme_float64', 'sigmoid', [ft([-1000.0, -745.0, -40.0, 40.0, 1000.0], f64x)], ref=torch.sigmoid)
    case('softplus_extreme_float64', 'softplus', [ft([-1000.0, -40.0, 19.5, 20.5, 1000.0], f64x)], ref=F.softplus)
    case('elu_extreme', 'elu', [ft([-1000.0, -50.0, 50.0, 1000.0])], ref=F.elu)
    case('gelu_tanh_extreme', 'gelu', [ft([-100.0, -10.0, 10.0, 100.0])], {'approximate': 'tanh'},
         ref=lambda x, approximate: F.gelu(x, approximate=approximate))
    case('leaky_relu_extreme', 'leakyRelu', [ft([-1e30, -1.0, 1e30]), 0.2], ref=F.leaky_relu)
